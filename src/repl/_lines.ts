import { appendFileSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Session } from './types'

const HISTORY_SIZE = 1000

function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-HISTORY_SIZE).reverse()
  } catch {
    return []
  }
}

function remember(file: string, line: string): void {
  if (line.trim() === '') return
  try {
    mkdirSync(dirname(file), { recursive: true })
    appendFileSync(file, `${line.replace(/\n/g, ' ')}\n`)
  } catch {
    // History that cannot be written is lost, the session goes on.
  }
}

/**
 * The read-eval-print loop on the terminal: one line at a time with line editing and history
 * (`historyFile`, newest last), the lines of an unfinished block gathered until the session says
 * the entry is complete. Ctrl-C drops the entry being typed; Ctrl-D (or the session) ends it.
 * While an entry runs the terminal is the program's (cooked mode: its own Ctrl-C, input()).
 */
export async function runLoop(session: Session, historyFile: string): Promise<number> {
  const { createInterface } = require('node:readline') as typeof import('node:readline')
  const tty = process.stdin.isTTY === true
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: tty, history: loadHistory(historyFile), historySize: HISTORY_SIZE })
  const lines: string[] = []
  let closed = false
  const pending: Array<(line: string | undefined) => void> = []
  const queued: string[] = []
  rl.on('line', (line) => {
    const next = pending.shift()
    if (next) next(line)
    else queued.push(line)
  })
  rl.on('close', () => {
    closed = true
    for (const next of pending.splice(0)) next(undefined)
  })
  rl.on('SIGINT', () => {
    lines.length = 0
    // What was typed on the line goes too: to its end, then everything before the cursor.
    rl.write(null, { ctrl: true, name: 'e' })
    rl.write(null, { ctrl: true, name: 'u' })
    process.stdout.write('\nKeyboardInterrupt\n')
    rl.setPrompt(session.prompts.first)
    rl.prompt()
  })
  const read = (): Promise<string | undefined> => {
    if (queued.length > 0) return Promise.resolve(queued.shift())
    if (closed) return Promise.resolve(undefined)
    return new Promise((resolve) => pending.push(resolve))
  }
  let code: number
  try {
    for (;;) {
      if (!closed) {
        rl.setPrompt(lines.length === 0 ? session.prompts.first : session.prompts.more)
        rl.prompt()
      }
      const line = await read()
      if (line === undefined) break
      remember(historyFile, line)
      lines.push(line)
      if (!closed) rl.pause()
      if (tty) process.stdin.setRawMode(false)
      const outcome = await session.evaluate(lines.join('\n'))
      if (tty && !closed) process.stdin.setRawMode(true)
      if (!closed) rl.resume()
      if (outcome !== 'more') lines.length = 0
      if (outcome === 'exit') break
    }
  } finally {
    if (!closed) rl.close()
    process.stdout.write('\n')
    code = await session.close()
  }
  return code
}
