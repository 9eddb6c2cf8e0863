/**
 * Reduces a run to what must match between `bun <original>` (the oracle) and `phicode <twin>.φ`.
 */
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { RunResult } from '../../helpers/binary'
import type { CompatCase } from './cases'
import { FIXTURES, phiTwin } from './run'

export interface Observed {
  code: number
  stdout: string
  stderr: string | string[]
}

const FRAME_LINE = /^(\s*)(\d+) \| (.*)$/
const CARET_LINE = /^\s*\^$/
// Bun's `error: …`, the error's `Name: message` line (whatever the name), and the stack.
const ERROR_LINE = /^(\s+at |[\w$]+: )/

/** The token at a 1-based column, counted in UTF-16 units as stack traces and code frames count. */
function tokenAt(text: string, column: number): string {
  return text.slice(column - 1).match(/^(?:[\p{L}\p{N}_$]+|\S)/u)?.[0] ?? '<end of line>'
}

/**
 * An uncaught error as Bun prints it (code frame, caret, error line, `at` lines), reduced against
 * the source the run executed: a frame line quoting its line N becomes `N | <source line N>`, the
 * caret and a stack location in it become the token they point at. So a φ run must quote φ lines
 * and point at the same code as Bun does in the original, whatever the columns (symbols are
 * shorter than the keywords they stand for); a location left in the wrong file stays unreduced.
 */
function uncaught(stderr: string, source: string): string[] {
  const own = readFileSync(source, 'utf8').split('\n')
  const reduced: string[] = []
  let frame: { prefix: number; text: string } | undefined
  for (const line of stderr.split('\n')) {
    const quoted = FRAME_LINE.exec(line)
    if (quoted) {
      const [, pad = '', n = '', text = ''] = quoted
      frame = { prefix: pad.length + n.length + 3, text }
      reduced.push(own[Number(n) - 1] === text ? `${n} | <source line ${n}>` : `${n} | ${text}`)
    } else if (CARET_LINE.test(line) && frame) {
      reduced.push(`^ at ${JSON.stringify(tokenAt(frame.text, line.indexOf('^') - frame.prefix + 1))}`)
    } else if (ERROR_LINE.test(line)) {
      reduced.push(
        line.replace(/([^\s()]+):(\d+):(\d+)/g, (whole, file: string, n: string, column: string) =>
          file === source ? `${file}:${n} at ${JSON.stringify(tokenAt(own[Number(n) - 1] ?? '', Number(column)))}` : whole,
        ),
      )
    }
  }
  return reduced
}

/**
 * `ran` is the file the run executed, relative to the fixtures. A φ run names its `.φ` file where
 * Bun names the original, so the twin's name is mapped back; everything else is compared as printed.
 */
export function observe(result: RunResult, c: CompatCase, ran: string): Observed {
  const named = (text: string) => text.split(basename(phiTwin(c.original))).join(basename(c.original))
  const stderr = c.stderr === 'errors' ? uncaught(result.stderr, join(FIXTURES, ran)).map(named) : named(result.stderr)
  return { code: result.code, stdout: named(result.stdout), stderr }
}
