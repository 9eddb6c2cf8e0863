import { EXIT, PhicodeError } from '../../errors'
import type { RunOptions, RunOutcome } from '../types'

export async function runBun(options: RunOptions): Promise<RunOutcome | 'in-process'> {
  throw new PhicodeError(`running ${options.entry.path} on Bun is not built yet`, EXIT.UNAVAILABLE)
}
