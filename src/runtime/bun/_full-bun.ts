import type { RunOutcome } from '../types'
import { PARENT_ENV } from './parent-env'
import { runAsBun } from './as-bun'


export interface FullBunRun {
  entry: string
  args: string[]
  cwd: string
  /** The real environment, before the program's .env files. */
  ownEnv: Record<string, string | undefined>
  /** What the program's .env files add. */
  dotenv: Record<string, string>
}

/**
 * Runs the entry as `bun entry args` in a child: this binary as Bun, with the φ preload. Its
 * .env files are the ones phicode read (`--no-env-file`, so both paths load them alike), and no
 * bunfig.toml is read (`--config=/dev/null`), as in-process: a checkout's bunfig cannot run code.
 */
export function runFullBun(run: FullBunRun): Promise<RunOutcome> {
  const own = Object.fromEntries(Object.entries(run.ownEnv).filter(([key]) => key.startsWith('PHICODE_')))
  return runAsBun(['--no-env-file', '--config=/dev/null', run.entry, ...run.args], {
    cwd: run.cwd,
    env: { ...run.dotenv, [PARENT_ENV]: JSON.stringify(own) },
  })
}
