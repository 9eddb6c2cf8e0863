import { chmodSync, copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { binaryName, type Target } from '../targets'
import { platformManifest } from './manifest'

/** Writes `target`'s package (its package.json and the executable at bin/) into `dir`. */
export async function writePlatformPackage(target: Target, binary: string, dir: string): Promise<void> {
  mkdirSync(join(dir, 'bin'), { recursive: true })
  const inside = join(dir, 'bin', binaryName(target))
  copyFileSync(binary, inside)
  // npm keeps the mode it packs; the launcher execs this file directly.
  chmodSync(inside, 0o755)
  await Bun.write(join(dir, 'package.json'), `${JSON.stringify(platformManifest(target), null, 2)}\n`)
}
