import { log } from '../util/log'
import type { guessedDialectHint as GuessedDialectHint, hintAfterRun as HintAfterRun } from './_guess'
import type { ResolvedEntry, RunOutcome } from './types'

/**
 * The dialect guess converts the entry the other way and finds interpreters, so it is `require`d
 * only when a run has failed: a run that succeeds never evaluates it (issue 16).
 */
// Stryker disable next-line StringLiteral: a specifier bun build must resolve
const guess = (): { guessedDialectHint: typeof GuessedDialectHint; hintAfterRun: typeof HintAfterRun } => require('./_guess')

/** What a wrong dialect guess would explain of a failed φ entry (see `_guess.ts`). */
export const guessedDialectHint = (entry: ResolvedEntry, cwd: string): string | undefined => guess().guessedDialectHint(entry, cwd)

/** Says, after a program that did not start, what a wrong dialect guess would explain. */
export function sayHintAfterRun(entry: ResolvedEntry, outcome: RunOutcome | 'in-process', cwd: string): void {
  // Only exit code 1 can get a hint (`hintAfterRun`): any other ending, a success above all,
  // must not evaluate the guess's chunk, about 1 ms after the program has ended.
  if (outcome === 'in-process' || outcome.exitCode !== 1) return
  const hint = guess().hintAfterRun(entry, outcome, cwd)
  if (hint) log.info(hint)
}
