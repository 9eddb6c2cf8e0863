import { startRepl } from '../../repl'
import type { InterpreterFlags } from '../../runtime'
import type { Dialect } from '../../transpile/types'

export interface ReplArgs extends InterpreterFlags {
  dialect?: string
  debug?: boolean
}

export async function replCommand(args: ReplArgs): Promise<number> {
  const { python, cpython, pypy, node, bun, interpreter } = args
  return startRepl({
    dialect: args.dialect as Dialect | undefined,
    flags: { python, cpython, pypy, node, bun, interpreter },
    cwd: process.cwd(),
    env: process.env,
    debug: args.debug === true,
  })
}
