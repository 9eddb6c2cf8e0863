import type { StartRequest } from './index'
import { questionOf, recallPlan, type RecalledPlan } from './plan'
import type { StartedPython } from './python/start'
import type { RunOutcome } from './types'

/**
 * Runs the request from its remembered plan when one still holds; `undefined` when none does and
 * the run must be decided. A command line that only names a module comes here before the command
 * line is parsed in full (issue 16: the parser, the command table and the run command's chunk
 * cost a planned hello world about a millisecond).
 */
export async function startRemembered(req: StartRequest): Promise<RunOutcome | 'in-process' | undefined> {
  const recalled = req.debug ? undefined : recallPlan(questionOf(req))
  return recalled && runPlanned(req, recalled)
}

/**
 * The runner's code loads while the plan's files are checked (`RecalledPlan.verified`). A Python
 * interpreter then starts first, before the rest of the run's code is even loaded: its own start-up
 * (tens of milliseconds in `site`) overlaps with loading phicode, the config and the cache.
 */
async function runPlanned(req: StartRequest, recalled: RecalledPlan): Promise<RunOutcome | 'in-process' | undefined> {
  const { plan, verified, file } = recalled
  const { entry, interpreter } = plan
  if (interpreter.kind === 'bun') {
    // Stryker disable next-line StringLiteral: a specifier bun build must resolve
    return (await import('./bun/planned')).runPlannedBun(req, recalled)
  }
  let python: StartedPython | undefined
  if (interpreter.kind === 'cpython' || interpreter.kind === 'pypy') {
    // Whether the interpreter is to lead its own group is in /proc/self/stat: read off the main
    // thread meanwhile, not through node:fs, whose first load delayed the spawn by 1.2 ms.
    const selfStat = process.platform === 'linux' ? Bun.file('/proc/self/stat').text().catch(() => undefined) : undefined
    // Stryker disable next-line StringLiteral: a specifier bun build must resolve
    const [{ startPlannedPython }, holds, stat] = await Promise.all([import('./python/start'), verified, selfStat])
    if (!holds) return undefined
    python = startPlannedPython({ entry, interpreter, args: req.args, cwd: req.cwd, fileExtension: plan.fileExtension, selfStat: stat })
  } else if (!(await verified)) return undefined
  try {
    // The messages the interpreter was sent first last time, when they still hold: no module server is made.
    // Stryker disable next-line StringLiteral: a specifier bun build must resolve
    const replayed = python && (await (await import('./python/replay')).replayKeptOpening(req, plan, file, python))
    // Stryker disable next-line StringLiteral: a specifier bun build must resolve
    return replayed || (await (await import('./_handover')).handOverPlanned(req, plan, python, file))
  } catch (error) {
    // Not handed over: the interpreter would wait for its loader forever.
    if (python && python.child.exitCode === null) {
      python.child.kill('SIGKILL')
      python.unrelay()
    }
    throw error
  }
}
