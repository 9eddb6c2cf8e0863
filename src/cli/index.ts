#!/usr/bin/env bun
import { ARGS } from './args'
import { parseArgv } from './argv'
import { main } from './main'
import { configureLogging, reportError } from './output'

const argv = process.argv.slice(2)
configureLogging(ownDebugFlag(argv))
try {
  const outcome = await main(argv)
  if (typeof outcome === 'number') process.exitCode = outcome
  else if (outcome !== 'in-process') {
    if (outcome.signal) {
      // Die the way the module died, so a parent shell sees the same status.
      process.removeAllListeners(outcome.signal)
      process.kill(process.pid, outcome.signal)
    } else process.exitCode = outcome.exitCode
  }
} catch (error) {
  process.exitCode = reportError(error, ownDebugFlag(argv))
}

/** phicode's own --debug; one after `--` belongs to the module (the API passes user arguments that way). */
function ownDebugFlag(argv: string[]): boolean {
  try {
    return parseArgv(argv, ARGS).args.debug === true
  } catch {
    return argv.includes('--debug')
  }
}
