import { consola, LogLevels, type ConsolaReporter } from 'consola'
import { formatWithOptions } from 'node:util'
import { EXIT, PhicodeError } from '../errors'
import { TranspileError } from '../transpile/error'

export const logger = consola

const LABELS: Record<string, string> = { error: 'error', fatal: 'error', warn: 'warning', debug: 'debug', trace: 'debug' }
const COLORS: Record<string, number> = { error: 31, warning: 33, debug: 90 }

/**
 * One line per message on stderr, `phicode: warning: …`, so scripts and logs can read it;
 * coloured only on a terminal. stdout stays for what the command produces.
 */
const lineReporter: ConsolaReporter = {
  log(entry) {
    const label = LABELS[entry.type]
    const text = formatWithOptions({ colors: false }, ...entry.args)
    const prefix = label ? `phicode: ${label}: ` : 'phicode: '
    const color = label && process.stderr.isTTY ? COLORS[label] : undefined
    process.stderr.write((color ? `\u001b[${color}m${prefix}\u001b[0m` : prefix) + text + '\n')
  },
}

export function configureLogging(debug: boolean): void {
  consola.setReporters([lineReporter])
  consola.level = debug ? LogLevels.debug : LogLevels.info
}

/** Text for a terminal keeps its colours; text for a pipe or file does not. */
export function forStream(text: string, stream: { isTTY?: boolean }): string {
  return stream.isTTY ? text : Bun.stripANSI(text)
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n')
}

/** One line on stderr and an exit code; the stack only under --debug, and only for engine bugs. */
export function reportError(error: unknown, debug: boolean): number {
  if (error instanceof TranspileError) {
    logger.error(error.message)
    return EXIT.TRANSPILE
  }
  if (error instanceof PhicodeError) {
    logger.error(forStream(error.message, process.stderr))
    return error.exitCode
  }
  const message = error instanceof Error ? error.message : String(error)
  logger.error(`internal error: ${forStream(message, process.stderr)}${debug ? '' : ' (run with --debug for details)'}`)
  if (debug && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n')
  return EXIT.INTERNAL
}
