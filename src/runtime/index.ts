import { log } from '../util/log'
import { dirname } from 'node:path'
import { openCache, transpilePython, transpileTypescript, type RunCache } from '../cache'
import { loadConfig } from '../config/load'
import type { LoadedConfig } from '../config/types'
import { decodeSource } from '../transpile/source'
import { readFileSync } from 'node:fs'
import { guardEntry } from '../security/guard'
import { PHI_KIND } from '../kinds'
import { hintAfterRun } from './_guess'
import { createTimeline } from './_timeline'
import { installedFallback, resolveEntry } from './resolve'
import { EXIT, PhicodeError } from '../errors'
import { runEntry } from './run'
import { dialectOfFlags, explicitFromFlags, selectInterpreter, type InterpreterFlags } from './select'
import type { Interpreter, ResolvedEntry, RunOutcome } from './types'
import { envNumber } from '../config/env'

export type { InterpreterFlags } from './select'
export { listInterpreters } from './interpreters/discover'

/** Start-up beyond this (ms, `PHICODE_SLOW_START_MS`) is reported: something is costing the user time. */
const slowStartMs = (): number => envNumber('PHICODE_SLOW_START_MS', 1000, { min: 0, integer: false })

export interface StartRequest {
  /** Module name or path; `main` when undefined. */
  spec: string | undefined
  args: string[]
  flags: InterpreterFlags
  cwd: string
  debug: boolean
  /** --bypass: skip the security check of the entry. */
  bypass?: boolean
  /** `-m`: `spec` is a Python module name, run as `python -m` runs it. */
  pythonModule?: boolean
}

function warnOnce(config: LoadedConfig): void {
  for (const warning of config.warnings) log.warn(warning)
}

/** Resolves the entry, picks its interpreter and runs it. */
export async function startModule(req: StartRequest): Promise<RunOutcome | 'in-process'> {
  const timeline = createTimeline()
  timeline.mark('runtime start')
  const cwdConfig = loadConfig(req.cwd)
  const explicit = explicitFromFlags(req.flags, req.cwd)
  timeline.mark('config')
  const entry = resolveOrInstalled(req, cwdConfig, explicit)
  const config = entry.root === cwdConfig.root ? cwdConfig : loadConfig(dirname(entry.path))
  warnOnce(config)
  timeline.mark('resolve')
  const cache = openCache(config.root)
  // An installed module is the environment's code, not the project's: nothing to scan.
  if (!req.bypass && !entry.installed) {
    const checked = await guardEntry({ path: entry.path, dialect: entry.dialect, phi: entry.kind === 'phi' }, config, (message) => log.warn(message), cache)
    log.debug(`security: ${checked}`)
    timeline.mark('security')
  }
  const selection = selectInterpreter(entry, req.flags, explicit, () => codeOf(entry, config, cache), req.cwd)
  timeline.mark('interpreter')
  const by = entry.decision?.marker ?? entry.decision?.by
  log.debug(`entry ${entry.path} (${entry.dialect}${by ? ` by ${by}` : ''}${entry.module ? `, module ${entry.module}` : ''})`)
  log.debug(`interpreter ${selection.interpreter.kind} ${selection.interpreter.version} at ${selection.interpreter.path}: ${selection.reason}`)
  if (req.debug) {
    const advice = selection.advice()
    log.debug(`analysis recommends ${advice.kind}: ${advice.reason}`)
    log.debug(`start-up: ${timeline.report()}`)
  }
  if (timeline.total() > slowStartMs()) {
    log.warn(`slow start-up: ${timeline.total().toFixed(0)} ms before the module ran${req.debug ? ` (${timeline.report()})` : ' (--debug shows where it went)'}`)
  }
  const outcome = await runEntry({ entry, args: req.args, interpreter: selection.interpreter, config, cwd: req.cwd, debug: req.debug, cache })
  const hint = hintAfterRun(entry, outcome, req.cwd)
  if (hint) log.info(hint)
  return outcome
}

/**
 * The entry; for `phicode name` where no file has that name, a module the Python interpreter
 * can import (`phicode pytest`), run as `-m` runs it. Anything else is the resolver's error.
 */
function resolveOrInstalled(req: StartRequest, config: LoadedConfig, explicit: Interpreter | undefined): ResolvedEntry {
  const flagDialect = dialectOfFlags(req.flags, explicit)
  try {
    return resolveEntry({ spec: req.spec, cwd: req.cwd, config, flagDialect, pythonModule: req.pythonModule })
  } catch (error) {
    const fallback = error instanceof PhicodeError && error.exitCode === EXIT.NOT_FOUND && flagDialect !== 'typescript' ? installedFallback(req.spec, req.cwd) : undefined
    if (fallback && importable(fallback, req, explicit)) return fallback
    throw error
  }
}

/** Whether the interpreter a run would use finds the module (one short interpreter start, only on this fallback path). */
function importable(entry: ResolvedEntry, req: StartRequest, explicit: Interpreter | undefined): boolean {
  try {
    const { interpreter } = selectInterpreter(entry, req.flags, explicit, () => codeOf(entry, loadConfig(req.cwd), openCache(entry.root)), req.cwd)
    const probe = 'import importlib.util,sys;sys.exit(0 if importlib.util.find_spec(sys.argv[1]) else 3)'
    return Bun.spawnSync([interpreter.path, '-c', probe, entry.module!], { cwd: req.cwd, stdout: 'ignore', stderr: 'ignore' }).exitCode === 0
  } catch {
    return false
  }
}

/** The entry as plain code, for the interpreter analysis; converted as its runner will, so the runner finds it cached. */
function codeOf(entry: ResolvedEntry, config: LoadedConfig, cache: RunCache): string {
  if (entry.installed) return `import ${entry.module}\n`
  const bytes = readFileSync(entry.path)
  if (entry.kind !== 'phi') return decodeSource(bytes).text
  try {
    if (entry.dialect === 'python') return new TextDecoder().decode(transpilePython(cache, bytes, config.tables.python, entry.path).text)
    return transpileTypescript(cache, decodeSource(bytes).text, config.tables.typescript, PHI_KIND.jsx, entry.path).code
  } catch {
    return decodeSource(bytes).text
  }
}
