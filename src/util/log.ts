import { createConsola, LogLevels, type ConsolaReporter } from 'consola/core'
import { colorEnabled, paint } from './color'

const LABELS: Record<string, string> = { error: 'error', fatal: 'error', warn: 'warning', debug: 'debug', trace: 'debug' }
const COLORS: Record<string, number> = { error: 31, warning: 33, debug: 90 }

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

/**
 * phicode's logger. Built on consola's core: the full package's fancy reporters cost 25-35 ms
 * of start-up, which every run would pay.
 */
export const log = createConsola({ reporters: [lineReporter], level: LogLevels.info, throttle: 0 })

export function setLogLevel(debug: boolean): void {
  log.level = debug ? LogLevels.debug : LogLevels.info
}
