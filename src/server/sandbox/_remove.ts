import { chmodSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

/** rm -rf that also gets through directories the code made unreadable (chmod 000). */
export function removeTree(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 2 })
  } catch {
    openUp(dir)
    rmSync(dir, { recursive: true, force: true })
  }
}

function openUp(dir: string): void {
  try {
    chmodSync(dir, 0o700)
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) openUp(join(dir, entry.name))
  } catch {
    // Best effort: what stays closed makes the removal that follows fail, and that is reported.
  }
}
