import { afterAll, beforeAll, expect, test } from 'bun:test'
import { join } from 'node:path'
import { ensureRelease, RELEASE_DIR } from '../../../build/release'
import { archiveName, binaryName, TARGETS, targetName } from '../../../build/targets'
import { minimumOS, verifyMachOSignature } from '../../helpers/macho'
import { removeTempDirs, run, tempDir } from './_helpers'

const DARWIN = TARGETS.filter((t) => t.os === 'darwin')

beforeAll(async () => {
  if (!Bun.which('tar')) throw new Error('these tests need tar')
  await ensureRelease()
}, 300_000)

afterAll(removeTempDirs)

for (const target of DARWIN) {
  test(`${archiveName(target)}: every page hash of the code signature matches, and the signature covers the whole file`, async () => {
    const dir = tempDir(`sig-${targetName(target)}`)
    const unpacked = await run(['tar', '-xzf', join(RELEASE_DIR, archiveName(target)), '-C', dir])
    expect(unpacked.code).toBe(0)
    const binary = await Bun.file(join(dir, binaryName(target))).bytes()
    const report = verifyMachOSignature(binary)
    expect(report.problems).toEqual([])
    expect(report.pages).toBeGreaterThan(20_000)
    expect(report.badPages).toBe(0)
    expect(report.cdhash).toMatch(/^[0-9a-f]{40}$/)
    // The README's install notes say macOS 13 (Ventura) or later.
    expect(minimumOS(binary)).toBe('13.0.0')
  }, 60_000)
}
