import { join } from 'node:path'
import { loadConfig } from '../config/load'
import { EXIT, PhicodeError } from '../errors'
import { decideDialect } from '../kinds'
import { dialectOfFlags, explicitFromFlags, selectInterpreter, textProgram, type InterpreterFlags } from '../runtime/select'
import type { ResolvedEntry } from '../runtime/types'
import type { Dialect } from '../transpile/types'
import { phicodeHome } from '../util/home'
import { log } from '../util/log'
import { runLoop } from './_lines'

export interface ReplRequest {
  dialect?: Dialect
  flags: InterpreterFlags
  cwd: string
  env: Record<string, string | undefined>
  debug: boolean
}

/**
 * `phicode --repl`: an interactive φ session in the working directory's project (its symbols,
 * its φ modules importable). The dialect: --dialect or an interpreter flag, the project's
 * `language`, its nearest marker, else typescript. Resolves to the exit code.
 */
export async function startRepl(req: ReplRequest): Promise<number> {
  const config = loadConfig(req.cwd, req.env)
  for (const warning of config.warnings) log.warn(warning)
  if (req.flags.node) throw new PhicodeError('the typescript REPL runs on the built-in Bun; --node needs a file', EXIT.USAGE)
  const explicit = explicitFromFlags(req.flags, req.cwd)
  const decision = decideDialect({ source: '', dir: req.cwd, flag: req.dialect ?? dialectOfFlags(req.flags, explicit), configured: config.config.language })
  const dialect = decision.by === 'content' ? 'typescript' : decision.dialect
  const history = join(phicodeHome(req.env), `repl_history_${dialect}`)
  if (dialect === 'typescript') {
    const { typescriptSession } = await import('./typescript')
    if (process.stdin.isTTY) process.stdout.write(`phicode ${dialect} REPL on Bun ${Bun.version}: φ symbols (phicode --symbols), Ctrl-D to leave\n`)
    return runLoop(typescriptSession(config, req.cwd, req.env), history)
  }
  const entry: ResolvedEntry = { path: join(req.cwd, '-c'), kind: 'phi', dialect, root: config.root }
  const { interpreter } = selectInterpreter(entry, req.flags, explicit, textProgram(entry, config, ''), req.cwd)
  const { pythonSession } = await import('./python')
  const session = await pythonSession({ config, interpreter, cwd: req.cwd, debug: req.debug })
  if (process.stdin.isTTY) process.stdout.write(`phicode python REPL on ${interpreter.kind} ${interpreter.version}: φ symbols (phicode --symbols), Ctrl-D to leave\n`)
  return runLoop(session, history)
}
