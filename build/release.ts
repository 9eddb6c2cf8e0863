/**
 * Builds every release target: dist/release/phicode-<os>-<arch>[-musl].tar.gz (.zip for
 * Windows), its Python wheel (phicode-<version>-py3-none-<platform>.whl) and SHA256SUMS, and the npm tarballs in dist/npm (`phicode` and a package per target).
 *   bun build/release.ts          (npm run build:all)
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { consola } from 'consola'
import { packageVsix } from '../editors/vscode/package'
import { compile } from './build'
import { formatSha256sums, type Checksummed } from './checksums'
import { sourceFingerprint } from './fingerprint'
import { NPM_DIR, npmTarballs, packMain, packPlatform } from './npm'
import { pack } from './pack'
import { archiveName, binaryName, TARGETS, targetName, type Target } from './targets'
import { buildWheel, wheelName } from './wheel'

const DIST = resolve(import.meta.dir, '..', 'dist')
export const RELEASE_DIR = join(DIST, 'release')
/** Beside the release, not in it: the workflow publishes everything in dist/release. */
const FINGERPRINT_FILE = join(DIST, 'release.fingerprint')

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

/**
 * Compiles the targets one after another (each a child process) and packs each as soon as it
 * is compiled; compression runs off the main thread, so packing overlaps the next compile.
 * The release is assembled in a scratch directory and renamed into place, so a failed build
 * never leaves a release that looks complete.
 */
export async function buildRelease(targets: readonly Target[] = TARGETS): Promise<void> {
  const started = performance.now()
  const partial = join(DIST, 'release.partial')
  const npmPartial = `${NPM_DIR}.partial`
  const stage = join(partial, '.stage')
  rmSync(partial, { recursive: true, force: true })
  rmSync(npmPartial, { recursive: true, force: true })
  mkdirSync(stage, { recursive: true })
  mkdirSync(npmPartial)
  consola.start(`Building ${targets.length} targets into ${RELEASE_DIR} and ${NPM_DIR}`)

  const npmMain = packMain(npmPartial, targets).then(reportTarball)
  const packing: Promise<Checksummed[]>[] = []
  for (const target of targets) {
    const binary = join(stage, targetName(target), binaryName(target))
    await compile(target, binary)
    consola.info(`compiled ${targetName(target)}`)
    packing.push(packAndReport(target, binary, partial, npmPartial))
  }
  const [archives] = await Promise.all([Promise.all(packing), npmMain])
  rmSync(stage, { recursive: true })
  await Bun.write(join(partial, 'SHA256SUMS'), formatSha256sums(archives.flat()))
  // The VS Code extension rides along (editors/vscode); SHA256SUMS stays the binaries' list.
  consola.success(basename(await packageVsix(partial)))

  rmSync(RELEASE_DIR, { recursive: true, force: true })
  renameSync(partial, RELEASE_DIR)
  rmSync(NPM_DIR, { recursive: true, force: true })
  renameSync(npmPartial, NPM_DIR)
  await Bun.write(FINGERPRINT_FILE, await sourceFingerprint())
  consola.success(`Release built in ${((performance.now() - started) / 1000).toFixed(1)} s: ${RELEASE_DIR}`)
}

/** The release archive, the wheel and the npm package of one target, packed at once. */
async function packAndReport(target: Target, binary: string, outDir: string, npmDir: string): Promise<Checksummed[]> {
  const [archive, wheel] = await Promise.all([pack(target, binary, outDir), buildWheel(target, binary, outDir), packPlatform(target, binary, npmDir).then(reportTarball)])
  rmSync(binary)
  for (const file of [archive, wheel]) consola.success(`${file.name} (${megabytes(file.size)})`)
  return [archive, wheel]
}

const reportTarball = (tarball: string): void => consola.success(`${basename(tarball)} (${megabytes(statSync(tarball).size)})`)

/** Builds the release unless dist/release and dist/npm are complete and were built from the current sources. */
export async function ensureRelease(): Promise<void> {
  const complete = existsSync(join(RELEASE_DIR, 'SHA256SUMS')) &&
    TARGETS.every((t) => existsSync(join(RELEASE_DIR, archiveName(t))) && existsSync(join(RELEASE_DIR, wheelName(t)))) &&
    npmTarballs().every((name) => existsSync(join(NPM_DIR, name)))
  const built = await Bun.file(FINGERPRINT_FILE).text().catch(() => '')
  if (complete && built === (await sourceFingerprint())) return
  await buildRelease()
}

if (import.meta.main) await buildRelease()
