import { startModule, type InterpreterFlags } from '../../runtime'
import type { RunOutcome } from '../../runtime/types'

export interface RunArgs extends InterpreterFlags {
  module?: string
  debug?: boolean
  bypass?: boolean
}

export function runModuleCommand(args: RunArgs, moduleArgs: string[]): Promise<RunOutcome | 'in-process'> {
  const { python, cpython, pypy, node, bun, interpreter } = args
  return startModule({
    spec: args.module,
    args: moduleArgs,
    flags: { python, cpython, pypy, node, bun, interpreter },
    cwd: process.cwd(),
    debug: args.debug === true,
    bypass: args.bypass === true,
  })
}
