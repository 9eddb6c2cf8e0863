/**
 * Preloaded by `bun test`: rebuilds dist/phicode when any source is newer than it, so tests of
 * the CLI always run the binary of the code under test.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { PHICODE, ROOT } from './helpers/binary'

function newestSource(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs)
  }
  return newest
}

const stale =
  !existsSync(PHICODE) ||
  Math.max(newestSource(join(ROOT, 'src')), newestSource(join(ROOT, 'plugins')), statSync(join(ROOT, 'package.json')).mtimeMs) > statSync(PHICODE).mtimeMs
if (stale) {
  const result = Bun.spawnSync([process.execPath, join(ROOT, 'build/build.ts')], { cwd: ROOT, stdout: 'inherit', stderr: 'inherit' })
  if (!result.success) throw new Error('building dist/phicode failed')
}
