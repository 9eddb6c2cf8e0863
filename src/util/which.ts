import { delimiter } from 'node:path'
import { dirname, join } from './paths'
import { noteProbe } from './probes'

const pathFolders = (env: Record<string, string | undefined>): string[] => (env.PATH ?? '').split(delimiter).filter((dir) => dir !== '')

/**
 * `Bun.which` of each of `names` in turn, the first found, noting what that answer depends on:
 * each PATH folder's file of the name, up to the folder it was found in. One appearing in an
 * earlier folder, or being replaced or made executable there, may change the answer; nothing else
 * in the folders can. A name with a slash is a path: only that file is noted.
 */
export function whichNoted(names: readonly string[], env: Record<string, string | undefined> = process.env): string | undefined {
  const PATH = env.PATH ?? ''
  if (process.platform === 'win32') notePathFolders(env)
  for (const name of names) {
    const found = Bun.which(name, { PATH }) ?? undefined
    if (name.includes('/')) noteProbe(name, 'content')
    else if (process.platform !== 'win32') {
      for (const dir of pathFolders(env)) {
        noteProbe(join(dir, name), 'content')
        if (found !== undefined && dirname(found) === dir) break
      }
    }
    if (found !== undefined) return found
  }
  return undefined
}

/** A Windows lookup also tries each PATHEXT ending: any new file in a PATH folder may change its answer. */
export function notePathFolders(env: Record<string, string | undefined> = process.env): void {
  for (const dir of pathFolders(env)) noteProbe(dir, 'listing')
}
