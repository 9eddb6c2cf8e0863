import { EXIT, PhicodeError } from '../../errors'
import { startModule } from '../../runtime'
import type { RunOutcome } from '../../runtime/types'
import { startRequest, type RunArgs } from '../_request'

export async function runModuleCommand(args: RunArgs, moduleArgs: string[]): Promise<RunOutcome | 'in-process'> {
  if (args.dialect) throw new PhicodeError('--dialect goes with -c or - (a program without a file); a file is pinned by its pragma, --python or --bun', EXIT.USAGE)
  try {
    return await startModule(startRequest(args, moduleArgs))
  } catch (error) {
    // A bare `phicode` where no main module exists: the user may not know what phicode does.
    if (args.module === undefined && error instanceof PhicodeError && error.message.startsWith("module 'main' not found")) {
      throw new PhicodeError(`${error.message}; nothing to run here (see phicode --help)`, EXIT.NOT_FOUND)
    }
    throw error
  }
}
