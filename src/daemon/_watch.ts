import { watch, type FSWatcher } from 'node:fs'
import { join, resolve, sep } from 'node:path'
import { phicodeHome } from '../util/home'

/** Changes arriving within this window restart the app once. */
const WATCH_DEBOUNCE_MS = 300

const IGNORED_DIRS = new Set(['node_modules', '__pycache__'])
const IGNORED_FILE = /(?:\.pyc|\.swp|\.swx|\.tmp|~)$/

/**
 * Dot folders and files (`.git`, `.(φ)cache`), dependencies, bytecode, editor swap files, and
 * phicode's own home (its logs would otherwise restart the app they log) never trigger a restart.
 */
function ignored(root: string, file: string): boolean {
  const path = resolve(root, file)
  const home = resolve(phicodeHome())
  if (path === home || path.startsWith(home + sep)) return true
  return file.split(/[\\/]/).some((part) => part.startsWith('.') || IGNORED_DIRS.has(part)) || IGNORED_FILE.test(file)
}

/** Calls `changed(file)` once per burst of changes under `root`, with the last file changed. */
export function watchTree(root: string, changed: (file: string) => void): FSWatcher {
  let timer: Timer | undefined
  let latest = ''
  return watch(root, { recursive: true }, (_event, file) => {
    if (!file || ignored(root, String(file))) return
    latest = join(root, String(file))
    clearTimeout(timer)
    timer = setTimeout(() => {
      timer = undefined
      changed(latest)
    }, WATCH_DEBOUNCE_MS)
  })
}
