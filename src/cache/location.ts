import { basename, join, resolve } from '../util/paths'
import { kindAt, nodeFs } from '../util/files'
import { phicodeHome } from '../util/home'
import { digestHex } from './digest'
import type { CacheLocation, CacheSettings } from './types'

/** The cache directory's name inside a project root. */
const PROJECT_CACHE_DIR = '.(φ)cache'

export interface ChosenLocation {
  location: CacheLocation
  /** Undefined when nothing is cached on disk. */
  dir: string | undefined
}

function writable(path: string): boolean {
  try {
    const fs = nodeFs()
    fs.accessSync(path, fs.constants.W_OK)
    return true
  } catch {
    return false
  }
}

/** The per-user directory for a project whose own directory cannot be written. */
export function userCacheDir(root: string, env: Record<string, string | undefined> = process.env): string {
  return join(phicodeHome(env), 'cache', `${basename(root) || 'root'}-${digestHex(root).slice(0, 12)}`)
}

/**
 * `PHICODE_CACHE_DIR` when set; else `<root>/.(φ)cache` when it (or, before it exists, the root)
 * is writable; else a per-user directory. Whether that one can be written shows at the first
 * write, which then falls back to memory only.
 */
export function chooseLocation(root: string, settings: CacheSettings, env: Record<string, string | undefined> = process.env): ChosenLocation {
  if (!settings.enabled) return { location: 'off', dir: undefined }
  if (settings.dir) return { location: 'override', dir: preferredDir(root, settings) }
  const project = preferredDir(root, settings)
  if (kindAt(project) !== '-' ? writable(project) : writable(root)) return { location: 'project', dir: project }
  return { location: 'user', dir: userCacheDir(root, env) }
}

/** The directory chosen whenever it can be written: `PHICODE_CACHE_DIR`, else the project's own. */
export function preferredDir(root: string, settings: CacheSettings): string {
  return settings.dir ? resolve(settings.dir) : join(root, PROJECT_CACHE_DIR)
}
