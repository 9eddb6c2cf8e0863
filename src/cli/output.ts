import { colorEnabled } from '../util/color'
import { log, setLogLevel } from '../util/log'
import { EXIT, PhicodeError } from '../errors'
import { TranspileError } from '../transpile/error'

export const logger = log

export function configureLogging(debug: boolean): void {
  setLogLevel(debug)
}

/** Text keeps its colours where colour is on for the stream (a terminal, NO_COLOR/FORCE_COLOR aside). */
function forStream(text: string, stream: { isTTY?: boolean }): string {
  return colorEnabled(stream) ? text : Bun.stripANSI(text)
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
