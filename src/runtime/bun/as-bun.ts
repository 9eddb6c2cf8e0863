import { COMPILED } from '../../util/self'
import { relaySignals } from '../../util/signals'
import { EXIT, PhicodeError } from '../../errors'
import { childOutcome } from '../outcome'
import type { RunOutcome } from '../types'
import { phiPreloadFile } from './preload'


/** Subcommands whose own flags include `--preload`; anything else is `bun [flags] file`. */
const PRELOAD_AFTER = new Set(['test', 'run'])

export interface AsBunOptions {
  cwd?: string
  /** Added to phicode's own environment. */
  env?: Record<string, string | undefined>
}

/**
 * The command line that runs Bun with the φ plugin preloaded: this same executable as the Bun
 * CLI (`BUN_BE_BUN=1`, see `asBunEnv`) when compiled, the running Bun from source. `args` are
 * Bun's own: `['test', …]`, `['run', 'x.ts']` or `['x.ts', …]`.
 */
async function phiBunCommand(args: readonly string[]): Promise<string[]> {
  const preload = ['--preload', await phiPreloadFile()]
  const [first, ...rest] = args
  if (first !== undefined && PRELOAD_AFTER.has(first)) return [process.execPath, first, ...preload, ...rest]
  return [process.execPath, ...preload, ...args]
}

/**
 * The environment for `phiBunCommand`. `BUN_BE_BUN` stays set for the program too, so that
 * `process.execPath` in it (this binary) keeps behaving as Bun, as it would under `bun`.
 */
function asBunEnv(env: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return COMPILED ? { ...process.env, ...env, BUN_BE_BUN: '1' } : { ...process.env, ...env }
}

/**
 * Starts Bun with the φ plugin preloaded on phicode's terminal (stdio inherited). The caller
 * waits for it; `runAsBun` also relays signals.
 */
export async function spawnAsBun(args: readonly string[], options: AsBunOptions = {}): Promise<Bun.Subprocess> {
  const cmd = await phiBunCommand(args)
  try {
    return Bun.spawn(cmd, { cwd: options.cwd, env: asBunEnv(options.env), stdio: ['inherit', 'inherit', 'inherit'] })
  } catch (error) {
    throw new PhicodeError(`cannot start ${cmd[0]}: ${(error as Error).message}`, EXIT.UNAVAILABLE, { cause: error })
  }
}

/**
 * Runs Bun with the φ plugin preloaded (`bun test`, `bun run`, `bun x.ts` with φ imports) as a
 * child on phicode's terminal: stdio inherited, signals sent to phicode relayed to it. Resolves
 * to how it ended, for the caller to end the same way.
 */
export async function runAsBun(args: readonly string[], options: AsBunOptions = {}): Promise<RunOutcome> {
  let pid: number | undefined
  const unrelay = relaySignals(() => pid)
  try {
    const child = await spawnAsBun(args, options)
    pid = child.pid
    await child.exited
    return childOutcome(child.signalCode, child.exitCode)
  } finally {
    unrelay()
  }
}
