import { dirname } from './paths'
import { errnoOf } from '../errors'
import { nodeFs } from './files'

/**
 * On Windows a rename over a file fails while another process holds it open without
 * delete sharing: another phicode reading a cache pack, an antivirus or indexer scanning the new
 * file. Such holds last milliseconds, so the rename is tried again a few times (about 1 s in
 * all) before the error stands.
 */
const TRANSIENT_ON_WINDOWS = new Set(['EPERM', 'EACCES', 'EBUSY'])
const RENAME_ATTEMPTS = 8

export interface RenameOptions {
  platform?: string
  rename?: (from: string, to: string) => void
}

export function renameRetrying(from: string, to: string, { platform = process.platform, rename = (a, b) => nodeFs().renameSync(a, b) }: RenameOptions = {}): void {
  for (let attempt = 1; ; attempt++) {
    try {
      rename(from, to)
      return
    } catch (error) {
      if (platform !== 'win32' || attempt === RENAME_ATTEMPTS || !TRANSIENT_ON_WINDOWS.has(errnoOf(error) ?? '')) throw error
      Bun.sleepSync(Math.min(10 * 2 ** attempt, 250))
    }
  }
}

/**
 * Writes through a temporary file in the same directory and renames it into place, so readers
 * see the old content or the new, never half of it. The temporary file is removed on failure.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: { mode?: number } = {}): void {
  const fs = nodeFs()
  fs.mkdirSync(dirname(path), { recursive: true })
  const temp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`
  try {
    fs.writeFileSync(temp, data, { mode: options.mode })
    renameRetrying(temp, path)
  } catch (error) {
    fs.rmSync(temp, { force: true })
    throw error
  }
}
