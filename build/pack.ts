import { join } from 'node:path'
import { tarOneFile } from './_tar'
import { sha256, type Checksummed } from './checksums'
import { zipFiles } from './zip'
import { archiveName, binaryName, type Target } from './targets'

/**
 * Gzips a tar we wrote ourselves (Bun.Archive compresses an existing tarball as it is, off the
 * main thread with libdeflate, so several targets compress at once on separate cores).
 */
const gzip = (tar: Uint8Array): Promise<Uint8Array> => new Bun.Archive(tar, { compress: 'gzip', level: 6 }).bytes()

/** Packs one compiled binary as its release archive in `outDir`. */
export async function pack(target: Target, binary: string, outDir: string): Promise<Checksummed & { size: number }> {
  const data = await Bun.file(binary).bytes()
  const name = binaryName(target)
  const now = new Date()
  const archive = target.os === 'windows'
    ? await zipFiles([{ name, data, mode: 0o755, mtime: now }])
    : await gzip(tarOneFile(name, data, 0o755, now))
  await Bun.write(join(outDir, archiveName(target)), archive)
  return { name: archiveName(target), sha256: sha256(archive), size: archive.length }
}
