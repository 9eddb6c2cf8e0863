/** Start-to-exit timing of whole commands, interleaved so machine noise hits every variant alike. */

export interface Command {
  cmd: string[]
  cwd?: string
  /** Added to the environment; an undefined value removes the variable. */
  env?: Record<string, string | undefined>
}

export interface Variant extends Command {
  /** Runs before each timed run, untimed (e.g. empties a cache for a cold run). */
  before?: () => void
}

/** A command that did not succeed: the benchmark reports it instead of a figure. */
export class CommandFailed extends Error {
  override readonly name = 'CommandFailed'
}

const RUN_TIMEOUT_MS = 120_000

/** The environment of a measured command: ours, less what would turn phicode into plain Bun. */
export function commandEnv(env: Record<string, string | undefined> = {}): Record<string, string> {
  const merged: Record<string, string | undefined> = { ...process.env, BUN_BE_BUN: undefined, ...env }
  return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined))
}

function failure(command: Command, code: number | null, stderr: string): CommandFailed {
  const last = stderr.trim().split('\n').slice(-3).join(' / ').slice(0, 400)
  return new CommandFailed(`${command.cmd.map((a) => a.split('/').pop()).join(' ')} exited ${code ?? 'on a signal'}${last ? `: ${last}` : ''}`)
}

/** Milliseconds from spawn to exit; throws CommandFailed unless it exits 0. */
function timeOnce(command: Command): number {
  const start = Bun.nanoseconds()
  const r = Bun.spawnSync(command.cmd, {
    cwd: command.cwd,
    env: commandEnv(command.env),
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
    timeout: RUN_TIMEOUT_MS,
  })
  const ms = (Bun.nanoseconds() - start) / 1e6
  if (!r.success) throw failure(command, r.exitCode, r.stderr.toString())
  return ms
}

/** How many rounds: `min` always, then more while `budgetMs` (counted from the start) lasts, up to `max`. */
export interface RoundPlan {
  min: number
  max: number
  budgetMs: number
}

/** A plan of exactly `n` rounds. */
export const exactly = (n: number): RoundPlan => ({ min: n, max: n, budgetMs: 0 })

/** Whether another round fits: `done` rounds took `elapsedMs` so far. */
export function anotherRound(plan: RoundPlan, done: number, elapsedMs: number): boolean {
  if (done < plan.min) return true
  if (done >= plan.max) return false
  return elapsedMs + elapsedMs / Math.max(done, 1) <= plan.budgetMs
}

/**
 * Each variant once per round, after one untimed warm-up round, for as many rounds as `plan`
 * allows; each round starts one variant further on, so that no variant is always first or always
 * follows the same one. Sample k of every variant comes from round k. `onRound` is told each finished round.
 */
export function interleaved(variants: Variant[], plan: RoundPlan, onRound?: (done: number, max: number) => void): number[][] {
  const start = performance.now()
  for (const v of variants) {
    v.before?.()
    timeOnce(v)
  }
  const samples: number[][] = variants.map(() => [])
  for (let k = 0; anotherRound(plan, k, performance.now() - start); k++) {
    for (let j = 0; j < variants.length; j++) {
      const i = (j + k) % variants.length
      variants[i]!.before?.()
      samples[i]!.push(timeOnce(variants[i]!))
    }
    onRound?.(k + 1, plan.max)
  }
  return samples
}

/** Milliseconds until every command, all started at once, has exited. */
export async function timeTogether(commands: Command[]): Promise<number> {
  const start = Bun.nanoseconds()
  const procs = commands.map((c) =>
    Bun.spawn(c.cmd, { cwd: c.cwd, env: commandEnv(c.env), stdin: 'ignore', stdout: 'ignore', stderr: 'pipe', timeout: RUN_TIMEOUT_MS }),
  )
  const codes = await Promise.all(procs.map((p) => p.exited))
  const ms = (Bun.nanoseconds() - start) / 1e6
  const bad = codes.findIndex((c) => c !== 0)
  if (bad >= 0) throw failure(commands[bad]!, codes[bad]!, await new Response(procs[bad]!.stderr).text())
  return ms
}
