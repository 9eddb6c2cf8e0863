import { delimiter } from 'node:path'
import { dirname, join } from './paths'
import { noteProbe } from './probes'

const WINDOWS = process.platform === 'win32'

const pathFolders = (env: Record<string, string | undefined>): string[] => (env.PATH ?? '').split(delimiter).filter((dir) => dir !== '')

/**
 * `Bun.which` of each of `names` in turn, the first found, noting what that answer depends on
 * (see `noteLookup`). Windows lookups also try each PATHEXT ending, so there every folder's listing is noted.
 */
export function whichNoted(names: readonly string[], env: Record<string, string | undefined> = process.env): string | undefined {
  const folders = pathFolders(env)
  if (WINDOWS) notePathFolders(env)
  for (const name of names) {
    const found = Bun.which(name, { PATH: env.PATH ?? '' }) ?? undefined
    noteLookup(name, found, WINDOWS ? [] : folders)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * A name with a slash is a path: only that file counts. Otherwise each folder's file of the name,
 * up to the folder it was found in: one appearing in an earlier folder, or being replaced or made
 * executable there, may change the answer; nothing else in the folders can.
 */
function noteLookup(name: string, found: string | undefined, folders: readonly string[]): void {
  if (name.includes('/')) return noteProbe(name, 'program')
  for (const dir of folders) {
    noteProbe(join(dir, name), 'program')
    if (found !== undefined && dirname(found) === dir) return
  }
}

/** A Windows lookup also tries each PATHEXT ending: any new file in a PATH folder may change its answer. */
export function notePathFolders(env: Record<string, string | undefined> = process.env): void {
  for (const dir of pathFolders(env)) noteProbe(dir, 'listing')
}
