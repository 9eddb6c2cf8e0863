import { EXIT, PhicodeError } from '../../errors'
import type { RunOptions, RunOutcome } from '../types'

export async function runNode(options: RunOptions): Promise<RunOutcome> {
  throw new PhicodeError(`running ${options.entry.path} on Node is not built yet`, EXIT.UNAVAILABLE)
}
