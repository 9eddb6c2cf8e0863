import { startCode } from '../../runtime/code'
import type { InterpreterFlags } from '../../runtime'
import type { RunOutcome } from '../../runtime/types'
import type { Dialect } from '../../transpile/types'

export interface CodeArgs extends InterpreterFlags {
  dialect?: string
  debug?: boolean
  bypass?: boolean
}

/** `phicode -c CODE args…` and `phicode - args…` (the program read from stdin to its end). */
export async function codeCommand(args: CodeArgs, source: string | undefined, programArgs: string[]): Promise<RunOutcome | 'in-process'> {
  const { python, cpython, pypy, node, bun, interpreter } = args
  return startCode({
    source: source ?? (await Bun.stdin.text()),
    name: source === undefined ? '-' : '-c',
    args: programArgs,
    flags: { python, cpython, pypy, node, bun, interpreter },
    dialect: args.dialect as Dialect | undefined,
    cwd: process.cwd(),
    debug: args.debug === true,
    bypass: args.bypass === true,
  })
}
