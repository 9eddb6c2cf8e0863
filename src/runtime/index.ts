import { log } from '../util/log'
import { dirname } from 'node:path'
import { openCache, type RunCache } from '../cache'
import { loadConfig } from '../config/load'
import type { LoadedConfig } from '../config/types'
import { hintAfterRun } from './_guess'
import { runEntry } from './run'
import type { InterpreterFlags } from './select'
import type { Interpreter, ResolvedEntry, RunOutcome } from './types'
import { recallPlan, rememberPlan, type RunPlan } from './plan'
import type { StartedPython } from './python'
import { cacheSettings } from '../cache/settings'
import { checkPythonPlatform } from './python-platform'
import { startNoting, stopNoting } from '../util/probes'

export type { InterpreterFlags } from './select'
export { listInterpreters } from './interpreters/discover'

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

/**
 * Resolves the entry, picks its interpreter and runs it. A plan remembered from an earlier run of
 * the same command line (`plan.ts`) stands in for everything before the run while the paths it
 * was decided from are unchanged; `--debug` always decides afresh, to report each step.
 */
export async function startModule(req: StartRequest): Promise<RunOutcome | 'in-process'> {
  const question = { spec: req.spec, flags: req.flags, cwd: req.cwd, bypass: req.bypass === true, pythonModule: req.pythonModule === true }
  const plan = req.debug ? undefined : recallPlan(question)
  if (plan) return runPlanned(req, plan)
  // Only a run without a plan loads what deciding takes (resolution, the scanner, the analysis).
  const { decide } = await import('./_decide')
  startNoting()
  let decided: Awaited<ReturnType<typeof decide>>
  try {
    decided = await decide(req)
  } catch (error) {
    stopNoting()
    throw error
  }
  const read = stopNoting()
  const { entry, selection, config, cache, quiet } = decided
  // An installed module is found by the interpreter on its own path, which no stamp covers.
  if (quiet && !req.debug && !entry.installed) rememberPlan(question, { entry, interpreter: selection.interpreter, fileExtension: config.config.file_extension }, read)
  return run(req, entry, selection.interpreter, config, cache)
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
