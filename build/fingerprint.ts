import { resolve } from 'node:path'

const ROOT = resolve(import.meta.dir, '..')

/** Everything that goes into a release binary or an npm package. */
const INPUTS = ['src/**', 'build/**', 'plugins/**', 'npm/**', 'python/**', 'package.json', 'package-lock.json']

/** A digest of the release inputs and the Bun that compiles them: equal digests, equal binaries. */
export async function sourceFingerprint(): Promise<string> {
  const files = new Set<string>()
  for (const pattern of INPUTS) {
    for await (const file of new Bun.Glob(pattern).scan({ cwd: ROOT, dot: true })) files.add(file)
  }
  const hasher = new Bun.CryptoHasher('sha256')
  hasher.update(Bun.version)
  for (const file of [...files].sort()) {
    hasher.update(`\0${file}\0`)
    hasher.update(await Bun.file(resolve(ROOT, file)).bytes())
  }
  return hasher.digest('hex')
}
