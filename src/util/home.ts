import { join } from 'node:path'

/** phicode's own state (interpreter probes, daemons, tools): `PHICODE_HOME`, default `~/.phicode`. */
export function phicodeHome(env: Record<string, string | undefined> = process.env): string {
  // node:os is required only without HOME: a static import would load it on every start.
  return env.PHICODE_HOME || join(env.HOME || (require('node:os') as typeof import('node:os')).homedir(), '.phicode')
}
