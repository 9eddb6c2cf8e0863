import { openCache } from '../../cache/run-cache'
import { LAYERS } from '../../cache/types'
import { sayHintAfterRun } from '../hint'
import type { StartRequest } from '../index'
import { childOutcome } from '../outcome'
import type { RunPlan } from '../plan'
import type { RunOutcome } from '../types'
import { channelDone, serveModules, type Requests } from './_channel'
import { dropOpening, openingFile, recallOpening, type RecalledOpening } from './opening'
import type { lateModuleServer as LateModuleServer } from './index'
import { bytecodeKind, type StartedPython } from './start'

/** The module server's chunk, required only when a replaying interpreter asks for something. */
// Stryker disable next-line StringLiteral: a specifier bun build must resolve
const serverChunk = (): { lateModuleServer: typeof LateModuleServer } => require('./index')

/**
 * Serves a planned run's interpreter from the opening kept beside its plan (`opening.ts`), when
 * one is there and still holds; undefined when none does (the run is then served in full, and
 * keeps a fresh opening). The opening's messages go out as they were recorded. The module server
 * is made only if the interpreter asks for something, which also means the opening is out of
 * date: it is dropped, so that the next run sends a fresh one.
 */
export async function replayKeptOpening(req: StartRequest, plan: RunPlan, planFile: string, python: StartedPython): Promise<RunOutcome | undefined> {
  const opening = recallOpening(openingFile(planFile), bytecodeKind(plan.interpreter))
  if (!opening || !(await opening.holds)) return undefined
  const outcome = await replay(plan, python, opening)
  sayHintAfterRun(plan.entry, outcome, req.cwd)
  return outcome
}

async function replay(plan: RunPlan, { child, unrelay, loaderCode }: StartedPython, opening: RecalledOpening): Promise<RunOutcome> {
  try {
    let late: ReturnType<typeof LateModuleServer> | undefined
    const lateRequests = (): Requests => (late ??= serverChunk().lateModuleServer(plan.entry, plan.interpreter, loaderCode)).requests
    const channel = await serveModules(child.stdio[3] as number, {
      hello: (level) => lateRequests().hello(level),
      get: (flags, path) => lateRequests().get(flags, path),
      transpile: (dir, source) => lateRequests().transpile(dir, source),
      put: (payload) => lateRequests().put(payload),
      boot: (payload) => lateRequests().boot(payload),
      loader: (payload) => lateRequests().loader(payload),
    })
    channel.sendFramed(opening.frames)
    await channelDone(channel, child.exited, true)
    if (late) {
      late.cache.finish()
      dropOpening(opening.file)
    } else countReplay(plan.entry.root, opening)
    await child.exited
    return childOutcome(child.signalCode, child.exitCode)
  } finally {
    unrelay()
  }
}

/** A replayed run adds to the cache statistics what the run that recorded its opening counted. */
function countReplay(root: string, { counts }: RecalledOpening): void {
  if (!counts) return
  const cache = openCache(root)
  for (const layer of LAYERS) {
    cache.counts[layer].hits += counts[layer]?.hits ?? 0
    cache.counts[layer].misses += counts[layer]?.misses ?? 0
  }
  cache.finish()
}
