import { readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { openCache, transpilePython, transpileTypescript, type RunCache } from '../cache'
import { envNumber } from '../config/env'
import { loadConfig } from '../config/load'
import type { LoadedConfig } from '../config/types'
import { isPhiPath, PHI_KIND, phiExtensions } from '../kinds'
import { guardEntry, SEEN_BEFORE } from '../security/guard'
import { decodeSource } from '../transpile/source'
import { log } from '../util/log'
import { noteProbe } from '../util/probes'
import { createTimeline } from './_timeline'
import type { StartRequest } from './index'
import { EXIT, PhicodeError } from '../errors'
import { installedFallback, resolveEntry } from './resolve'
import { dialectOfFlags, explicitFromFlags, selectInterpreter, type Selection } from './select'
import type { Interpreter, ResolvedEntry } from './types'
import { utf8Locale } from './python/locale'

/** Start-up beyond this (ms, `PHICODE_SLOW_START_MS`) is reported: something is costing the user time. */
const slowStartMs = (): number => envNumber('PHICODE_SLOW_START_MS', 1000, { min: 0, integer: false })

interface Decided {
  entry: ResolvedEntry
  selection: Selection
  config: LoadedConfig
  cache: RunCache | undefined
  /** Nothing was printed: the decision can be replayed without anything going missing. */
  quiet: boolean
}

/** Everything before the run: config, entry, security check, interpreter; each step timed for --debug. */
export async function decide(req: StartRequest): Promise<Decided> {
  const timeline = createTimeline()
  timeline.mark('runtime start')
  let warnings = 0
  const warn = (message: string) => {
    warnings++
    log.warn(message)
  }
  const cwdConfig = loadConfig(req.cwd)
  const explicit = explicitFromFlags(req.flags, req.cwd)
  timeline.mark('config')
  const entry = resolveOrInstalled(req, cwdConfig, explicit)
  const config = entry.root === cwdConfig.root ? cwdConfig : loadConfig(dirname(entry.path))
  for (const warning of config.warnings) warn(warning)
  timeline.mark('resolve')
  const cache = openCache(config.root)
  let checked: string | undefined
  // An installed module is the environment's code, not the project's: nothing to scan.
  if (!req.bypass && !entry.installed) {
    checked = await guardEntry({ path: entry.path, dialect: entry.dialect, phi: entry.kind === 'phi' }, config, warn, cache)
    log.debug(`security: ${checked}`)
    timeline.mark('security')
  }
  const program = { phiSuffixes: phiExtensions(config.config.file_extension), code: (path: string) => codeOf(path, entry, config, cache) }
  const selection = selectInterpreter(entry, req.flags, explicit, program, req.cwd)
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
    // Not counted against remembering the plan: the next run, replaying it, is not slow.
    log.warn(`slow start-up: ${timeline.total().toFixed(0)} ms before the module ran${req.debug ? ` (${timeline.report()})` : ' (--debug shows where it went)'}`)
  }
  return { entry, selection, config, cache, quiet: warnings === 0 && checked !== SEEN_BEFORE }
}

/**
 * A module of the program as plain code, for the interpreter analysis: converted as its runner
 * will convert it, so the runner finds it cached. The entry is φ when resolution said so; another
 * module when it has a φ suffix.
 */
function codeOf(path: string, entry: ResolvedEntry, config: LoadedConfig, cache: RunCache): string {
  if (entry.installed) return `import ${entry.module}\n`
  noteProbe(path, 'content')
  const bytes = readFileSync(path)
  const phi = path === entry.path ? entry.kind === 'phi' : isPhiPath(path, phiExtensions(config.config.file_extension))
  if (!phi) return decodeSource(bytes).text
  try {
    if (entry.dialect === 'python') return new TextDecoder().decode(transpilePython(cache, bytes, config.tables.python, path).text)
    return transpileTypescript(cache, decodeSource(bytes).text, config.tables.typescript, PHI_KIND.jsx, path).code
  } catch {
    return decodeSource(bytes).text
  }
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
    if (fallback && importable(fallback, req, config, explicit)) return fallback
    throw error
  }
}

/** Whether the interpreter a run would use finds the module (one short interpreter start, only on this fallback path). */
function importable(entry: ResolvedEntry, req: StartRequest, config: LoadedConfig, explicit: Interpreter | undefined): boolean {
  try {
    const program = { phiSuffixes: phiExtensions(config.config.file_extension), code: () => `import ${entry.module}\n` }
    const { interpreter } = selectInterpreter(entry, req.flags, explicit, program, req.cwd)
    const probe = 'import importlib.util,sys;sys.exit(0 if importlib.util.find_spec(sys.argv[1]) else 3)'
    return Bun.spawnSync([interpreter.path, '-c', probe, entry.module!], { cwd: req.cwd, env: utf8Locale(), stdout: 'ignore', stderr: 'ignore' }).exitCode === 0
  } catch {
    return false
  }
}
