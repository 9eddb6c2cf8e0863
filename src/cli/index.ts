#!/usr/bin/env bun
import { main } from './main'
import { configureLogging, reportError } from './output'

const argv = process.argv.slice(2)
configureLogging(argv.includes('--debug'))
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
  process.exitCode = reportError(error, argv.includes('--debug'))
}
