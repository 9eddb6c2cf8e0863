import { openCache } from '../../cache/run-cache'
import { sayHintAfterRun } from '../hint'
import type { StartRequest } from '../index'
import type { RunPlan } from '../plan'
import type { RunOutcome } from '../types'
import { runBun, type InProcess } from './index'

/**
 * A remembered plan's run on the built-in Bun. Only the entry project's cache is opened before
 * the program starts: the plan holds the entry's root and φ extension, so no config is loaded, and
 * the plugin takes the modules from the remembered graph, so nothing is converted (issue 16: the
 * config, the converter and the runner dispatch cost a warm hello world about 5 ms).
 */
export async function runPlannedBun(req: StartRequest, plan: RunPlan): Promise<RunOutcome | InProcess> {
  const { entry, fileExtension } = plan
  const outcome = await runBun({ entry, args: req.args, cwd: req.cwd, fileExtension, cache: openCache(entry.root) })
  sayHintAfterRun(entry, outcome, req.cwd)
  return outcome
}
