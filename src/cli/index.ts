#!/usr/bin/env bun
import type { RunOutcome } from '../runtime/types'
import { startRemembered } from '../runtime/remembered'
import { plainRunLine } from './_plain'
import { startRequest } from './_request'

// What every start evaluates is this file and what it imports: only what a line that merely names
// a module needs to run from its remembered plan (issue 16). Everything else, the full parser, the
// commands and the logger included, is loaded by `main` when the line is more, or no plan holds.

const argv = process.argv.slice(2)
try {
  settle((await startFromPlan(argv)) ?? (await (await import('./main')).main(argv)))
} catch (error) {
  process.exitCode = (await import('./main')).reportFailure(error, argv)
}

/** A line that only names a module and its words runs from its last run's plan; `undefined` when there is none. */
async function startFromPlan(argv: readonly string[]): Promise<number | RunOutcome | 'in-process' | undefined> {
  // The option table is read only when a word after the module may be one of phicode's runner flags.
  const table = argv.some((word, at) => at > 0 && word.startsWith('--')) ? (await import('./args')).ARGS : {}
  const line = plainRunLine(argv, table)
  return line && startRemembered(startRequest({ module: line.module }, line.moduleArgs))
}

function settle(outcome: number | RunOutcome | 'in-process'): void {
  if (typeof outcome === 'number') process.exitCode = outcome
  else if (outcome !== 'in-process') {
    if (outcome.signal) {
      // Die the way the module died, so a parent shell sees the same status.
      process.removeAllListeners(outcome.signal)
      process.kill(process.pid, outcome.signal)
    } else process.exitCode = outcome.exitCode
  }
}
