import { cacheSettings } from '../cache/settings'
import { startNoting, stopNoting } from '../util/probes'
import { recallPlan, rememberPlan, type RunPlan } from './plan'
import { checkPythonPlatform } from './python-platform'
import type { StartedPython } from './python/start'
import type { InterpreterFlags } from './select'
import type { RunOutcome } from './types'

export type { InterpreterFlags } from './select'

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
  // Stryker disable next-line StringLiteral: a specifier bun build must resolve
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
  // Stryker disable next-line StringLiteral: a specifier bun build must resolve
  return (await import('./_handover')).handOver(req, { entry, interpreter: selection.interpreter, config, cache })
}

/**
 * A Python interpreter starts first, before the rest of the run's code is even loaded: its own
 * start-up (tens of milliseconds in `site`) overlaps with loading phicode, the config and the cache.
 */
async function runPlanned(req: StartRequest, plan: RunPlan): Promise<RunOutcome | 'in-process'> {
  const { entry, interpreter } = plan
  // Stryker disable next-line StringLiteral: a specifier bun build must resolve
  if (interpreter.kind === 'bun') return (await import('./bun/planned')).runPlannedBun(req, plan)
  let python: StartedPython | undefined
  if (interpreter.kind === 'cpython' || interpreter.kind === 'pypy') {
    checkPythonPlatform()
    // Stryker disable next-line StringLiteral: a specifier bun build must resolve
    const { phiSuffixes, startPython } = await import('./python/start')
    const store = cacheSettings().bytecode
    python = startPython({ entry, interpreter, args: req.args, cwd: req.cwd, suffixes: phiSuffixes(plan.fileExtension), store })
  }
  try {
    // Stryker disable next-line StringLiteral: a specifier bun build must resolve
    return await (await import('./_handover')).handOverPlanned(req, plan, python)
  } catch (error) {
    // Not handed over: the interpreter would wait for its loader forever.
    if (python && python.child.exitCode === null) {
      python.child.kill('SIGKILL')
      python.unrelay()
    }
    throw error
  }
}
