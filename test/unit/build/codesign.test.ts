import { beforeAll, expect, test } from 'bun:test'
import { join } from 'node:path'
import { adhocSign } from '../../../build/codesign'
import { verifyMachOSignature } from '../../helpers/macho'
import { tempDir } from '../../helpers/tmp'

const dir = tempDir('phicode-codesign-')
const compiled: Record<string, Uint8Array> = {}

/** Bun's own output for each darwin target: a two-line program, compiled by the real `bun build --compile`. */
beforeAll(async () => {
  await Bun.write(join(dir, 'hello.ts'), 'console.log("hello")\n')
  for (const target of ['bun-darwin-arm64', 'bun-darwin-x64']) {
    const outfile = join(dir, target)
    const proc = Bun.spawnSync([process.execPath, 'build', '--compile', `--target=${target}`, join(dir, 'hello.ts'), `--outfile=${outfile}`], { stderr: 'pipe' })
    if (!proc.success) throw new Error(`bun build --compile --target=${target} failed: ${proc.stderr}`)
    compiled[target] = await Bun.file(outfile).bytes()
  }
}, 120_000)

test('the verifier catches Bun\'s darwin-x64 output: the template\'s signature no longer matches its pages (why the build re-signs)', () => {
  const report = verifyMachOSignature(compiled['bun-darwin-x64']!)
  expect(report.badPages).toBeGreaterThan(0)
  expect(report.problems).toContain(`${report.badPages} of ${report.pages} page hashes do not match`)
})

test('re-signing Bun\'s valid darwin-arm64 output under its identifier reproduces Bun\'s signature byte for byte', () => {
  const bun = compiled['bun-darwin-arm64']!
  expect(verifyMachOSignature(bun).problems).toEqual([])
  const ours = adhocSign(bun, verifyMachOSignature(bun).identifier)
  expect(ours.length).toBe(bun.length)
  expect(Buffer.compare(Buffer.from(ours), Buffer.from(bun))).toBe(0)
})

test('a re-signed darwin-x64 binary verifies: every page, the whole file, ad hoc under the given identifier', () => {
  const signed = adhocSign(compiled['bun-darwin-x64']!, 'phicode')
  const report = verifyMachOSignature(signed)
  expect(report.problems).toEqual([])
  expect(report.badPages).toBe(0)
  expect(report.identifier).toBe('phicode')
  expect(report.flags & 0x2).toBe(0x2)
})

test('signing is idempotent and a changed byte of code is caught by the verifier', () => {
  const once = adhocSign(compiled['bun-darwin-x64']!, 'phicode')
  const twice = adhocSign(once, 'phicode')
  expect(Buffer.compare(Buffer.from(once), Buffer.from(twice))).toBe(0)
  twice[5000] = twice[5000]! ^ 0xff
  expect(verifyMachOSignature(twice).badPages).toBe(1)
})

test('a file that is not a 64-bit Mach-O is refused with the reason', () => {
  expect(() => adhocSign(new Uint8Array(64), 'x')).toThrow('not a thin 64-bit little-endian Mach-O executable')
})
