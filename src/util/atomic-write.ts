import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Writes through a temporary file in the same directory and renames it into place, so readers
 * see the old content or the new, never half of it. The temporary file is removed on failure.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: { mode?: number } = {}): void {
  mkdirSync(dirname(path), { recursive: true })
  const temp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`
  try {
    writeFileSync(temp, data, { mode: options.mode })
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}
