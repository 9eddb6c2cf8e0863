import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { Dialect } from '../transpile/types'
import { noteProbe } from '../util/probes'

/** Files that say which language a project is written in. */
const DIALECT_MARKERS: Readonly<Record<string, Dialect>> = {
  'package.json': 'typescript', 'tsconfig.json': 'typescript', 'bunfig.toml': 'typescript',
  'pyproject.toml': 'python', 'setup.py': 'python', 'setup.cfg': 'python', 'requirements.txt': 'python',
}

interface Marker {
  dialect: Dialect
  /** The marker file (the first in `DIALECT_MARKERS` order when the directory holds several). */
  path: string
}

/** Every path tested is noted: a remembered run plan holds while none of them changed. */
const exists = (path: string): boolean => {
  noteProbe(path)
  return existsSync(path)
}

/**
 * The marker of the nearest directory at or above `start` that holds one. A directory with
 * markers of both languages decides nothing, and the search stops at a repository's top (`.git`):
 * what lies above a repository is not its project.
 */
export function nearestMarker(start: string): Marker | undefined {
  let dir = resolve(start)
  for (;;) {
    const found = Object.keys(DIALECT_MARKERS).filter((name) => exists(join(dir, name)))
    if (found.length > 0) {
      const dialects = new Set(found.map((name) => DIALECT_MARKERS[name]!))
      return dialects.size === 1 ? { dialect: DIALECT_MARKERS[found[0]!]!, path: join(dir, found[0]!) } : undefined
    }
    const parent = dirname(dir)
    if (parent === dir || exists(join(dir, '.git'))) return undefined
    dir = parent
  }
}
