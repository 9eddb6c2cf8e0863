import { homeDir } from './os'
import { join } from 'node:path'

/** phicode's own state (interpreter probes, daemons, tools): `PHICODE_HOME`, default `~/.phicode`. */
export function phicodeHome(env: Record<string, string | undefined> = process.env): string {
  return env.PHICODE_HOME || join(env.HOME || homeDir(), '.phicode')
}
