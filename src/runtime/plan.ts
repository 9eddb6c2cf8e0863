import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { digestHex } from '../cache/digest'
import { ENGINE } from '../cache/engine'
import { writeFileAtomicSync } from '../util/atomic-write'
import { phicodeHome } from '../util/home'
import { decidingVariables, stillHold, witnessesOf, type ProbeUse, type Witness } from '../util/probes'
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
const DECIDING_ENV = /^(PHI|PYTHON|PATH$|HOME$|PYENV_VERSION$|PYENV_ROOT$|VIRTUAL_ENV$)/

function planFile(q: PlanQuestion, env: Record<string, string | undefined>): string {
  const key = digestHex(JSON.stringify([ENGINE, process.execPath, q.cwd, q.spec ?? null, q.flags, q.bypass, q.pythonModule, decidingVariables(env, DECIDING_ENV)]))
  return join(phicodeHome(env), 'plans', `${key}.json`)
}

/** The plan remembered for this question, when every path it was decided from is unchanged. */
export function recallPlan(q: PlanQuestion, env: Record<string, string | undefined> = process.env): RunPlan | undefined {
  let plan: RunPlan
  try {
    plan = JSON.parse(readFileSync(planFile(q, env), 'utf8')) as RunPlan
  } catch {
    return undefined
  }
  if (!Array.isArray(plan.witnesses) || !plan.entry || !plan.interpreter) return undefined
  return stillHold(plan.witnesses) ? plan : undefined
}

/** Remembers a decision; the paths it read are stamped now, as the program is about to start. */
export function rememberPlan(
  q: PlanQuestion,
  decided: Omit<RunPlan, 'witnesses'>,
  read: ReadonlyMap<string, ProbeUse>,
  env: Record<string, string | undefined> = process.env,
): void {
  const witnesses = witnessesOf(read)
  const file = planFile(q, env)
  try {
    writeFileAtomicSync(file, JSON.stringify({ ...decided, witnesses } satisfies RunPlan))
    _prune(dirname(file))
  } catch {
    // A read-only home only means the next run decides again (a plan left there no longer holds).
  }
}

/** Plans kept at most: one per command line and folder, so runs in throw-away folders would pile up. */
const KEPT = 256

/** The least recently written plans beyond `KEPT` go (a plan in use is rewritten only when it changed; it is cheap to decide again). */
function _prune(dir: string): void {
  const names = readdirSync(dir)
  if (names.length <= KEPT) return
  const aged = names.map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
  aged.sort((a, b) => a.mtime - b.mtime)
  for (const { path } of aged.slice(0, names.length - KEPT)) rmSync(path, { force: true })
}
