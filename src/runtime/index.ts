import { log } from '../util/log'
import { dirname } from 'node:path'
import { openCache, transpilePython, transpileTypescript, type RunCache } from '../cache'
import { loadConfig } from '../config/load'
import type { LoadedConfig } from '../config/types'
import { decodeSource } from '../transpile/source'
import { readFileSync } from 'node:fs'
import { guardEntry, SEEN_BEFORE } from '../security/guard'
import { isPhiPath, PHI_KIND, phiExtensions } from '../kinds'
import { hintAfterRun } from './_guess'
import { createTimeline } from './_timeline'
import { resolveEntry } from './resolve'
import { runEntry } from './run'
import { dialectOfFlags, explicitFromFlags, selectInterpreter, type InterpreterFlags, type Selection } from './select'
import type { Interpreter, ResolvedEntry, RunOutcome } from './types'
import { recallPlan, rememberPlan, type RunPlan } from './plan'
import type { StartedPython } from './python'
import { cacheSettings } from '../cache/settings'
import { checkPythonPlatform } from './python-platform'
import { noteProbe, startNoting, stopNoting } from '../util/probes'
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
}

/**
 * Resolves the entry, picks its interpreter and runs it. A plan remembered from an earlier run of
 * the same command line (`plan.ts`) stands in for everything before the run while the paths it
 * was decided from are unchanged; `--debug` always decides afresh, to report each step.
 */
export async function startModule(req: StartRequest): Promise<RunOutcome | 'in-process'> {
  const question = { spec: req.spec, flags: req.flags, cwd: req.cwd, bypass: req.bypass === true }
  const plan = req.debug ? undefined : recallPlan(question)
  if (plan) return runPlanned(req, plan)
  startNoting()
  let decided: Decided
  try {
    decided = await decide(req)
  } catch (error) {
    stopNoting()
    throw error
  }
  const read = stopNoting()
  const { entry, selection, config, cache, quiet } = decided
  if (quiet && !req.debug) rememberPlan(question, { entry, interpreter: selection.interpreter, fileExtension: config.config.file_extension }, read)
  return run(req, entry, selection.interpreter, config, cache)
}

interface Decided {
  entry: ResolvedEntry
  selection: Selection
  config: LoadedConfig
  cache: RunCache | undefined
  /** Nothing was printed: the decision can be replayed without anything going missing. */
  quiet: boolean
}

async function decide(req: StartRequest): Promise<Decided> {
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
  const entry = resolveEntry({ spec: req.spec, cwd: req.cwd, config: cwdConfig, flagDialect: dialectOfFlags(req.flags, explicit) })
  const config = entry.root === cwdConfig.root ? cwdConfig : loadConfig(dirname(entry.path))
  for (const warning of config.warnings) warn(warning)
  timeline.mark('resolve')
  const cache = openCache(config.root)
  let checked: string | undefined
  if (!req.bypass) {
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

/** A Python interpreter starts first: its own start-up overlaps with opening the config and the cache. */
async function runPlanned(req: StartRequest, plan: RunPlan): Promise<RunOutcome | 'in-process'> {
  const { entry, interpreter } = plan
  let python: StartedPython | undefined
  if (interpreter.kind === 'cpython' || interpreter.kind === 'pypy') {
    checkPythonPlatform()
    const { phiSuffixes, startPython } = await import('./python')
    const store = cacheSettings().bytecode
    python = startPython({ entry, interpreter, args: req.args, cwd: req.cwd, suffixes: phiSuffixes(plan.fileExtension), store })
  }
  try {
    const config = loadConfig(dirname(entry.path))
    return await run(req, entry, interpreter, config, openCache(config.root), python)
  } catch (error) {
    // Not handed over: the interpreter would wait for its loader forever.
    if (python && python.child.exitCode === null) {
      python.child.kill('SIGKILL')
      python.unrelay()
    }
    throw error
  }
}

async function run(req: StartRequest, entry: ResolvedEntry, interpreter: Interpreter, config: LoadedConfig, cache: RunCache | undefined, python?: StartedPython) {
  const outcome = await runEntry({ entry, args: req.args, interpreter, config, cwd: req.cwd, debug: req.debug, cache }, python)
  const hint = hintAfterRun(entry, outcome, req.cwd)
  if (hint) log.info(hint)
  return outcome
}

/**
 * A module of the program as plain code, for the interpreter analysis: converted as its runner
 * will convert it, so the runner finds it cached. The entry is φ when resolution said so; another
 * module when it has a φ suffix.
 */
function codeOf(path: string, entry: ResolvedEntry, config: LoadedConfig, cache: RunCache): string {
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
