import { startNoting, stopNoting } from '../util/probes'
import { rememberPlan } from './_plan-store'
import { questionOf } from './plan'
import { startRemembered } from './remembered'
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
  const remembered = await startRemembered(req)
  if (remembered !== undefined) return remembered
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
  if (quiet && !req.debug && !entry.installed) rememberPlan(questionOf(req), { entry, interpreter: selection.interpreter, fileExtension: config.config.file_extension }, read)
  // Stryker disable next-line StringLiteral: a specifier bun build must resolve
  return (await import('./_handover')).handOver(req, { entry, interpreter: selection.interpreter, config, cache })
}
