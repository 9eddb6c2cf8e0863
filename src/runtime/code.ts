import { join } from 'node:path'
import { openCache } from '../cache'
import { loadConfig } from '../config/load'
import { EXIT, PhicodeError } from '../errors'
import { decideDialect } from '../kinds'
import { guardEntry } from '../security/guard'
import { convert } from '../transpile/convert'
import type { Dialect } from '../transpile/types'
import { log } from '../util/log'
import { dialectOfFlags, explicitFromFlags, selectInterpreter, textProgram, type InterpreterFlags } from './select'
import type { ResolvedEntry, RunOutcome } from './types'

export interface CodeRequest {
  /** The φ program. */
  source: string
  /** `-c` (given as an argument) or `-` (read from stdin). */
  name: '-c' | '-'
  args: string[]
  flags: InterpreterFlags
  /** `--dialect`. */
  dialect?: Dialect
  cwd: string
  debug: boolean
  /** --bypass: skip the security check of the program. */
  bypass?: boolean
}

/**
 * Runs a φ program given as text, as `python -c` / `python -` run theirs: no file, so its
 * dialect comes from --dialect or an interpreter flag, the pragma, the project's `language`,
 * then the content rule (no project marker: the text has no place of its own); the working
 * directory is where its imports are found. Python: `sys.argv[0]` is `-c` or `-`, `sys.path[0]`
 * is `''`. TypeScript: in-process on Bun, `process.argv[1]` is `-c` or `-`.
 */
export async function startCode(req: CodeRequest): Promise<RunOutcome | 'in-process'> {
  const config = loadConfig(req.cwd)
  for (const warning of config.warnings) log.warn(warning)
  const explicit = explicitFromFlags(req.flags, req.cwd)
  const flagged = dialectOfFlags(req.flags, explicit)
  if (req.dialect && flagged && req.dialect !== flagged) throw new PhicodeError(`--dialect ${req.dialect} does not go with an interpreter for ${flagged}`, EXIT.USAGE)
  if (req.flags.node) throw new PhicodeError(`${req.name === '-c' ? '-c' : '-'} runs TypeScript on the built-in Bun; --node needs a file`, EXIT.USAGE)
  const decision = decideDialect({ source: req.source, flag: req.dialect ?? flagged, configured: config.config.language })
  const cache = openCache(config.root)
  const entry: ResolvedEntry = { path: join(req.cwd, req.name), kind: 'phi', dialect: decision.dialect, decision, root: config.root }
  log.debug(`${req.name}: ${decision.dialect} by ${decision.by}`)
  if (!req.bypass) {
    const guarded = { path: req.name === '-c' ? '<string>' : '<stdin>', dialect: entry.dialect, phi: true, source: req.source }
    log.debug(`security: ${await guardEntry(guarded, config, (message) => log.warn(message), cache)}`)
  }
  if (decision.dialect === 'typescript') {
    // Stryker disable next-line StringLiteral: a specifier bun build must resolve
    return (await import('./bun/inline')).runBunInline({ source: req.source, name: req.name, args: req.args, config, cache, cwd: req.cwd })
  }
  const code = convert(req.source, 'forward', { dialect: 'python', table: config.tables.python, filename: req.name === '-c' ? '<string>' : '<stdin>' }).code
  const selection = selectInterpreter(entry, req.flags, explicit, textProgram(entry, config, code), req.cwd)
  log.debug(`interpreter ${selection.interpreter.kind} at ${selection.interpreter.path}: ${selection.reason}`)
  // Stryker disable next-line StringLiteral: a specifier bun build must resolve
  const { runPython } = await import('./python')
  return runPython({ entry, args: req.args, interpreter: selection.interpreter, config, cwd: req.cwd, debug: req.debug, cache, inline: { name: req.name, code } })
}
