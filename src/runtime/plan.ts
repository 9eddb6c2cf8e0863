import { join } from '../util/paths'
import { digestHex } from '../cache/digest'
import { ENGINE } from '../cache/engine'
import { readText } from '../util/files'
import { phicodeHome } from '../util/home'
import { decidingVariables, holdNowAndLater, statsNeeded, type DecidingNames, type Witness } from '../util/probes'
import type { StoredGraph } from './bun/types'
import type { InterpreterFlags } from './select'
import type { Interpreter, ResolvedEntry } from './types'

/**
 * What a run decided before its program started: the entry (path, kind, dialect, project), the
 * interpreter, and that the security check had nothing to say. The same command line in the same
 * folder decides the same while every path the decision read is as it was then, so a later run
 * that finds them unchanged skips config discovery, resolution, the dialect guess, the
 * interpreter lookup and the scan (issue 16: each costs start-up time on every run).
 */
export interface RunPlan {
  entry: ResolvedEntry
  interpreter: Interpreter
  /** The entry project's φ extension (its config's `file_extension`): the Python child is started from the plan. */
  fileExtension: string
  /** Every path the decision read. */
  witnesses: Witness[]
  /** A Bun run's walk from its entry (`root`), kept with the plan so that a planned run opens no cache to find it. */
  graph?: PlannedGraph
}

export interface PlannedGraph {
  root: string
  stored: StoredGraph
}

export interface PlanQuestion {
  spec: string | undefined
  flags: InterpreterFlags
  cwd: string
  bypass: boolean
  pythonModule: boolean
}

/** The question a start request asks: what its plan is remembered under. */
export function questionOf(req: { spec: string | undefined; flags: InterpreterFlags; cwd: string; bypass?: boolean; pythonModule?: boolean }): PlanQuestion {
  return { spec: req.spec, flags: req.flags, cwd: req.cwd, bypass: req.bypass === true, pythonModule: req.pythonModule === true }
}

/**
 * Variables that take part in the decision: phicode's own (`PHICODE_*`, `PHITON_PATH` …), what
 * finds interpreters, and Python's own (`PYTHONPATH`, `PYTHONUSERBASE`: what PyPy can import).
 */
const DECIDING: DecidingNames = { prefixes: ['PHI', 'PYTHON'], names: ['PATH', 'HOME', 'PYENV_VERSION', 'PYENV_ROOT', 'VIRTUAL_ENV'] }

/** Where the plan for `q` is kept (`_plan-store.ts` writes it). */
export function planFile(q: PlanQuestion, env: Record<string, string | undefined>): string {
  const key = digestHex(JSON.stringify([ENGINE, process.execPath, q.cwd, q.spec ?? null, q.flags, q.bypass, q.pythonModule, decidingVariables(env, DECIDING)]))
  return join(phicodeHome(env), 'plans', `${key}.json`)
}

/**
 * A remembered plan whose folders and lookups are as they were; `verified` settles once the files
 * it read are checked too (their full stat runs off the main thread while the run's code loads):
 * false means the plan no longer holds. A kept walk that no longer holds is dropped, to be walked again.
 */
export interface RecalledPlan {
  plan: RunPlan
  verified: Promise<boolean>
  /** Where the plan is kept: what is kept with it (a Python run's opening) sits beside it. */
  file: string
}

/** The plan remembered for this question, unless a path it was decided from is seen to have changed. */
export function recallPlan(q: PlanQuestion, env: Record<string, string | undefined> = process.env): RecalledPlan | undefined {
  const file = planFile(q, env)
  const text = readText(file)
  if (text === undefined) return undefined
  let plan: RunPlan
  try {
    plan = JSON.parse(text) as RunPlan
  } catch {
    return undefined
  }
  if (!Array.isArray(plan.witnesses) || !plan.entry || !plan.interpreter) return undefined
  const walk = plan.graph && Array.isArray(plan.graph.stored?.witnesses) ? plan.graph.stored.witnesses : undefined
  // Files stamped by their text too are read only when no other check starts the thread pool.
  const byStat = statsNeeded(plan.witnesses) || (walk !== undefined && statsNeeded(walk))
  const checks = new Map<string, Promise<string>>()
  const decided = holdNowAndLater(plan.witnesses, checks, byStat)
  if (!decided.now) return undefined
  const walked = walk && holdNowAndLater(walk, checks, byStat)
  if (!walked?.now) plan.graph = undefined
  const verified = Promise.all([decided.later, walked?.now ? walked.later : true]).then(([holds, walkHolds]) => {
    if (!walkHolds) plan.graph = undefined
    return holds
  })
  return { plan, verified, file }
}
