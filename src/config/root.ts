import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { noteProbe } from '../util/probes'

/**
 * Files or folders whose presence makes a directory a project root. `.phicode` counts only with a
 * config in it, because `~/.phicode` is also phicode's home (binaries, daemon state).
 */
const ROOT_MARKERS = [
  '.(φ)', '.phicode/config.json', '.git', 'package.json', 'pyproject.toml', 'setup.py', 'setup.cfg',
  'bunfig.toml',
] as const

export const CONFIG_DIRS = ['.(φ)', '.phicode'] as const

/** Every path tested is noted: a remembered run plan holds while none of them changed. */
const exists = (path: string): boolean => {
  noteProbe(path)
  return existsSync(path)
}

/** The nearest directory at or above `start` holding a root marker; `start` itself when none does. */
export function findProjectRoot(start: string): string {
  const origin = resolve(start)
  let dir = origin
  for (;;) {
    if (ROOT_MARKERS.some((m) => exists(join(dir, m)))) return dir
    const parent = dirname(dir)
    if (parent === dir) return origin
    dir = parent
  }
}
