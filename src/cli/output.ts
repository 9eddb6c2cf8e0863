import { colorEnabled } from '../util/color'
import { log, setLogLevel } from '../util/log'
import { causeChain, EXIT, PhicodeError } from '../errors'
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
    if (debug) printCauses(error)
    return error.exitCode
  }
  const message = error instanceof Error ? error.message : String(error)
  logger.error(`internal error: ${forStream(message, process.stderr)}${debug ? '' : ' (run with --debug for details)'}`)
  if (debug && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n')
  if (debug) printCauses(error)
  return EXIT.INTERNAL
}

function printCauses(error: unknown): void {
  for (const line of causeChain(error)) logger.debug(`caused by ${forStream(line, process.stderr)}`)
}
