import type { ConsolaInstance, ConsolaReporter } from 'consola/core'
import type { createConsola as CreateConsola } from './_consola'
import { colorEnabled, paint } from './color'

const LABELS: Record<string, string> = { error: 'error', fatal: 'error', warn: 'warning', debug: 'debug', trace: 'debug' }
const COLORS: Record<string, number> = { error: 31, warning: 33, debug: 90 }

/** consola's levels (`LogLevels`), spelt here so that quiet runs never load consola. */
const INFO = 3
const DEBUG = 4

/**
 * One line per message on stderr, `phicode: warning: …`, so scripts and logs can read it;
 * coloured only on a terminal (or as NO_COLOR/FORCE_COLOR say). stdout stays for what a command produces.
 */
const lineReporter: ConsolaReporter = {
  log(entry) {
    const label = LABELS[entry.type]
    const text = entry.args.map((a) => (typeof a === 'string' ? a : Bun.inspect(a))).join(' ')
    const prefix = label ? `phicode: ${label}: ` : 'phicode: '
    const color = label ? COLORS[label] : undefined
    process.stderr.write((color ? paint(prefix, color, colorEnabled(process.stderr)) : prefix) + text + '\n')
  },
}

let level = INFO
let consola: ConsolaInstance | undefined

/**
 * Built on consola's core (the full package's fancy reporters cost 25-35 ms of start-up), and
 * only when a message is printed: a run that says nothing, most of them, never builds it.
 */
function instance(): ConsolaInstance {
  if (!consola) {
    // Stryker disable next-line StringLiteral: a specifier bun build must resolve
    const { createConsola } = require('./_consola') as { createConsola: typeof CreateConsola }
    consola = createConsola({ reporters: [lineReporter], level, throttle: 0 })
  }
  return consola
}

type Method = 'error' | 'warn' | 'info' | 'start' | 'success' | 'debug'
const method = (name: Method, at: number) => (...args: unknown[]): void => {
  if (level >= at) instance()[name](...(args as [unknown]))
}

/** phicode's logger. */
export const log = {
  error: method('error', 0),
  warn: method('warn', 1),
  info: method('info', INFO),
  start: method('start', INFO),
  success: method('success', INFO),
  debug: method('debug', DEBUG),
}

/** Whether debug messages are printed (`--debug`): work done only to report them can be skipped otherwise. */
export const debugging = (): boolean => level >= DEBUG

export function setLogLevel(debug: boolean): void {
  level = debug ? DEBUG : INFO
  if (consola) consola.level = level
}
