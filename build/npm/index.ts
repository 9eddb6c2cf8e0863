/**
 * The npm packages as tarballs: `phicode` (launcher, library, types) and one package per
 * platform carrying its executable. `npm run build:all` packs them all into dist/npm; the tests
 * and the launcher benchmark pack `phicode` and this machine's package from dist/phicode.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { version } from '../../package.json' with { type: 'json' }
import { npmPackageName, TARGETS, type Target } from '../targets'
import { writeMainPackage } from './main'
import { npmPack } from './pack'
import { writePlatformPackage } from './platform'

const ROOT = resolve(import.meta.dir, '../..')
export const NPM_DIR = join(ROOT, 'dist', 'npm')

/** The file `npm pack` writes for a package: the scope's `@` dropped, its `/` a dash. */
const _tarballName = (name: string): string => `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`

/** Every tarball `npm run build:all` writes into dist/npm. */
export const npmTarballs = (targets: readonly Target[] = TARGETS): string[] =>
  [_tarballName('phicode'), ...targets.map((t) => _tarballName(npmPackageName(t)))]

/** The package is written outside `outDir`, which then holds tarballs only. */
async function _packStaged(write: (stage: string) => Promise<void>, outDir: string): Promise<string> {
  const stage = mkdtempSync(join(tmpdir(), 'phicode-npm-'))
  try {
    await write(stage)
    return await npmPack(stage, outDir)
  } finally {
    rmSync(stage, { recursive: true, force: true })
  }
}

/** Packs `phicode` into `outDir`, naming `targets` as its platform packages. Returns the tarball. */
export async function packMain(outDir: string, targets: readonly Target[] = TARGETS): Promise<string> {
  return _packStaged((stage) => writeMainPackage(stage, targets), outDir)
}

/** Packs `target`'s package with `binary` into `outDir`. Returns the tarball. */
export async function packPlatform(target: Target, binary: string, outDir: string): Promise<string> {
  return _packStaged((stage) => writePlatformPackage(target, binary, stage), outDir)
}

/** A glibc process's report names the glibc it runs on; a musl process's names none. */
interface GlibcReport {
  header: { glibcVersionRuntime?: string }
}

/** This machine's target, the one whose package can be installed and run here. */
export function hostTarget(): Target {
  const musl = process.platform === 'linux' && !(process.report.getReport() as GlibcReport).header.glibcVersionRuntime
  const os = process.platform === 'win32' ? 'windows' : process.platform
  const target = TARGETS.find((t) => t.os === os && t.arch === process.arch && t.musl === musl)
  if (!target) throw new Error(`phicode has no target for ${process.platform}-${process.arch}`)
  return target
}
