import { BUILD } from '../version'

/**
 * The engine an entry was written by. Every entry records it and only the same engine trusts
 * an entry: a build may change what the transpiler emits or how entries are laid out. A
 * compiled binary is identified by its version, commit and build time (a rebuild of a changed
 * worktree keeps the commit); a run from source by the newest change to the code that produces
 * entries.
 */
export const ENGINE: string =
  BUILD.commit === 'source' ? `${BUILD.version}+source.${newestSourceChange()}` : `${BUILD.version}+${BUILD.commit}.${BUILD.date}`

/** Only from source: a compiled binary never reads its own files. */
function newestSourceChange(): string {
  const { readdirSync, statSync } = require('node:fs') as typeof import('node:fs')
  let newest = 0
  for (const dir of ['transpile', 'cache', 'runtime/node', 'runtime/python']) {
    const path = `${import.meta.dir}/../${dir}`
    try {
      for (const name of readdirSync(path)) newest = Math.max(newest, statSync(`${path}/${name}`).mtimeMs)
    } catch {
      // A folder missing from this checkout changes nothing the engine produces.
    }
  }
  return Math.floor(newest).toString(36)
}
