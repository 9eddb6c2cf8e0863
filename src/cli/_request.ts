import type { InterpreterFlags, StartRequest } from '../runtime'

export interface RunArgs extends InterpreterFlags {
  module?: string
  debug?: boolean
  bypass?: boolean
  'python-module'?: boolean
  dialect?: string
}

/** What running `args.module` asks of the runtime. */
export function startRequest(args: RunArgs, moduleArgs: string[]): StartRequest {
  const { python, cpython, pypy, node, bun, interpreter } = args
  return {
    spec: args.module,
    args: moduleArgs,
    flags: { python, cpython, pypy, node, bun, interpreter },
    cwd: process.cwd(),
    debug: args.debug === true,
    bypass: args.bypass === true,
    pythonModule: args['python-module'] === true,
  }
}
