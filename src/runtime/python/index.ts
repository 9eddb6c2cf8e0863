import { EXIT, PhicodeError } from '../../errors'
import type { RunOptions, RunOutcome } from '../types'

export async function runPython(options: RunOptions): Promise<RunOutcome> {
  throw new PhicodeError(`running ${options.entry.path} on Python is not built yet`, EXIT.UNAVAILABLE)
}
