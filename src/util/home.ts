import { homeDir, tempRoot } from './os'
import { join } from './paths'

/** phicode's own state (interpreter probes, daemons, tools): `PHICODE_HOME`, default `~/.phicode`. */
export function phicodeHome(env: Record<string, string | undefined> = process.env): string {
  return env.PHICODE_HOME || join(env.HOME || homeDir(), '.phicode')
}

/**
 * Where phicode may write files it carries embedded (the Python package, the Bun preload), in
 * order: `PHICODE_HOME`, else a folder of this user's under the temp folder.
 */
export function writablePlaces(env: Record<string, string | undefined> = process.env): string[] {
  return [phicodeHome(env), join(tempRoot(), `phicode-${process.getuid?.() ?? 'user'}`)]
}
