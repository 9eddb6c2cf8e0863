import { EXIT, PhicodeError } from '../../errors'
import { startModule, type InterpreterFlags } from '../../runtime'
import type { RunOutcome } from '../../runtime/types'

export interface RunArgs extends InterpreterFlags {
  module?: string
  debug?: boolean
  bypass?: boolean
  'python-module'?: boolean
  dialect?: string
}

export async function runModuleCommand(args: RunArgs, moduleArgs: string[]): Promise<RunOutcome | 'in-process'> {
  const { python, cpython, pypy, node, bun, interpreter } = args
  if (args.dialect) throw new PhicodeError('--dialect goes with -c or - (a program without a file); a file is pinned by its pragma, --python or --bun', EXIT.USAGE)
  try {
    return await startModule({
      spec: args.module,
      args: moduleArgs,
      flags: { python, cpython, pypy, node, bun, interpreter },
      cwd: process.cwd(),
      debug: args.debug === true,
      bypass: args.bypass === true,
      pythonModule: args['python-module'] === true,
    })
  } catch (error) {
    // A bare `phicode` where no main module exists: the user may not know what phicode does.
    if (args.module === undefined && error instanceof PhicodeError && error.message.startsWith("module 'main' not found")) {
      throw new PhicodeError(`${error.message}; nothing to run here (see phicode --help)`, EXIT.NOT_FOUND)
    }
    throw error
  }
}
