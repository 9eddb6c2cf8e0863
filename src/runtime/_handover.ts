import { dirname } from 'node:path'
import { openCache, type RunCache } from '../cache'
import { loadConfig } from '../config/load'
import type { LoadedConfig } from '../config/types'
import { sayHintAfterRun } from './hint'
import { openingFile } from './python/opening'
import type { StartRequest } from './index'
import type { RunPlan } from './plan'
import type { StartedPython } from './python/start'
import { runEntry } from './run'
import type { Interpreter, ResolvedEntry, RunOutcome } from './types'

interface Decided {
  entry: ResolvedEntry
  interpreter: Interpreter
  config: LoadedConfig
  cache: RunCache | undefined
  openingFile?: string
}

/**
 * Runs a decided entry on its runner, then says what a wrong dialect guess would explain.
 * `python`: the interpreter, when it was started before this module was loaded.
 */
export async function handOver(req: StartRequest, decided: Decided, python?: StartedPython): Promise<RunOutcome | 'in-process'> {
  const { entry, interpreter, config, cache, openingFile } = decided
  const outcome = await runEntry({ entry, args: req.args, interpreter, config, cwd: req.cwd, debug: req.debug, cache, openingFile }, python)
  sayHintAfterRun(entry, outcome, req.cwd)
  return outcome
}

/**
 * A remembered plan's run: only the entry project's config and cache are opened. A Python run
 * keeps what it sent its interpreter first beside the plan (`planFile`), for the next to replay.
 */
export function handOverPlanned(req: StartRequest, plan: RunPlan, python: StartedPython | undefined, planFile: string): Promise<RunOutcome | 'in-process'> {
  const config = loadConfig(dirname(plan.entry.path))
  const decided = { entry: plan.entry, interpreter: plan.interpreter, config, cache: openCache(config.root), openingFile: python && openingFile(planFile) }
  return handOver(req, decided, python)
}
