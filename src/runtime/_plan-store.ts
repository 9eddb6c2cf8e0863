import { dirname, join } from '../util/paths'
import { writeFileAtomicSync } from '../util/atomic-write'
import { nodeFs } from '../util/files'
import { witnessesOf, type ProbeUse } from '../util/probes'
import type { StoredGraph } from './bun/types'
import { planFile, type PlanQuestion, type RunPlan } from './plan'

// Writing plans, apart from reading them (plan.ts): only a run that decided afresh writes one,
// and what writing takes (node:fs) is no part of a planned start (issue 16).

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
    const entry = { ...decided.entry, real: nodeFs().realpathSync(decided.entry.path) }
    writeFileAtomicSync(file, JSON.stringify({ ...decided, entry, witnesses } satisfies RunPlan))
    _prune(dirname(file))
  } catch {
    // A read-only home only means the next run decides again (a plan left there no longer holds).
  }
}

/** Keeps a planned Bun run's walk with its plan (`RunPlan.graph`); a plan that can no longer be written just goes without. */
export function rememberGraphWithPlan(q: PlanQuestion, plan: RunPlan, root: string, stored: StoredGraph, env: Record<string, string | undefined> = process.env): void {
  try {
    writeFileAtomicSync(planFile(q, env), JSON.stringify({ ...plan, graph: { root, stored } } satisfies RunPlan))
  } catch {
    // As for the plan itself: the next run finds its walk in the cache.
  }
}

/** Plans kept at most: one per command line and folder, so runs in throw-away folders would pile up. */
const KEPT = 256

/** The least recently written plans beyond `KEPT` go (a plan in use is rewritten only when it changed; it is cheap to decide again). */
function _prune(dir: string): void {
  const { readdirSync, rmSync, statSync } = nodeFs()
  const names = readdirSync(dir)
  if (names.length <= KEPT) return
  const aged = names.map((name) => ({ path: join(dir, name), mtime: statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
  aged.sort((a, b) => a.mtime - b.mtime)
  for (const { path } of aged.slice(0, names.length - KEPT)) rmSync(path, { force: true })
}
