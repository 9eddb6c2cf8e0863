import { openCache } from '../../cache/run-cache'
import type { rememberGraphWithPlan as RememberGraphWithPlan } from '../_plan-store'
import { sayHintAfterRun } from '../hint'
import type { StartRequest } from '../index'
import { questionOf, type RecalledPlan, type RunPlan } from '../plan'
import type { RunOutcome } from '../types'
import { runBun, type InProcess } from './index'
import type { StoredGraph } from './types'

/**
 * A remembered plan's run on the built-in Bun. The plan holds the entry's root and φ extension,
 * so no config is loaded, and the entry's walk, so the plugin takes every module from it: nothing
 * is converted and the cache's disk is not even opened (issue 16: the config, the converter, the
 * runner dispatch and the store cost a warm hello world milliseconds). A plan without a walk gets
 * the one this run finds or makes.
 */
export async function runPlannedBun(req: StartRequest, { plan, verified }: RecalledPlan): Promise<RunOutcome | InProcess | undefined> {
  const { entry, fileExtension } = plan
  const walk = () => (plan.graph ? { planned: plan.graph } : { onWalked: (root: string, stored: StoredGraph) => rememberWalk(req, plan, root, stored) })
  const outcome = await runBun({ entry, args: req.args, cwd: req.cwd, fileExtension, cache: openCache(entry.root), walk }, verified)
  if (outcome === 'stale') return undefined
  sayHintAfterRun(entry, outcome, req.cwd)
  return outcome
}

/** Writing the plan again (node:fs) happens only on a run whose plan had no walk yet. */
function rememberWalk(req: StartRequest, plan: RunPlan, root: string, stored: StoredGraph): void {
  // Stryker disable next-line StringLiteral: a specifier bun build must resolve
  const { rememberGraphWithPlan } = require('../_plan-store') as { rememberGraphWithPlan: typeof RememberGraphWithPlan }
  rememberGraphWithPlan(questionOf(req), plan, root, stored)
}
