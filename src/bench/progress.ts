/**
 * Progress on stderr while the suite runs. A terminal gets one status line rewritten in place
 * and a line per finished scenario; a pipe or log gets plain lines, steps at most every 5 s.
 */
import { log } from '../util/log'
import type { ScenarioResult } from './types'
import { colorEnabled, paint } from '../util/color'

export interface Progress {
  scenario(index: number, total: number, title: string): void
  step(detail: string): void
  done(result: ScenarioResult): void
}

const STEP_LOG_INTERVAL_MS = 5000

function outcome(r: ScenarioResult): string {
  const secs = `${(r.duration_ms / 1000).toFixed(1)} s`
  if (r.status === 'ok') return `${r.title}: ${r.figures.length} figures (${secs})`
  return `${r.title}: ${r.status}, ${r.notes[0] ?? ''}`
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  let prefix = ''
  if (stream.isTTY) {
    const status = (text: string) => stream.write(`\r\u001b[K${text.slice(0, (stream.columns || 80) - 1)}`)
    return {
      scenario: (index, total, title) => {
        prefix = `[${index}/${total}] ${title}`
        status(prefix)
      },
      step: (detail) => status(`${prefix} · ${detail}`),
      done: (r) => {
        const on = colorEnabled(stream)
        const mark = r.status === 'ok' ? paint('✔', 32, on) : r.status === 'skipped' ? paint('↷', 33, on) : paint('✖', 31, on)
        stream.write(`\r\u001b[K${mark} ${outcome(r)}\n`)
      },
    }
  }
  let lastStep = 0
  return {
    scenario: (index, total, title) => {
      prefix = `[${index}/${total}] ${title}`
      lastStep = Date.now()
      log.info(`${prefix}…`)
    },
    step: (detail) => {
      if (Date.now() - lastStep < STEP_LOG_INTERVAL_MS) return
      lastStep = Date.now()
      log.info(`${prefix} · ${detail}`)
    },
    done: (r) => (r.status === 'failed' ? log.warn(outcome(r)) : log.info(outcome(r))),
  }
}
