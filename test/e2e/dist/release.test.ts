import { afterAll, beforeAll, expect, test } from 'bun:test'
import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { version } from '../../../package.json' with { type: 'json' }
import { NPM_DIR } from '../../../build/npm'
import { ensureRelease, RELEASE_DIR } from '../../../build/release'
import { archiveName, binaryName, TARGETS, targetName, type Target } from '../../../build/targets'
import { wheelName } from '../../../build/wheel'
import { removeTempDirs, run, tempDir } from './_helpers'

/** What `file -b` says of each target's executable. */
const FORMAT: Record<string, RegExp> = {
  'linux-x64': /^ELF 64-bit LSB .*x86-64.*interpreter \/lib64\/ld-linux-x86-64/,
  'linux-arm64': /^ELF 64-bit LSB .*ARM aarch64.*interpreter \/lib\/ld-linux-aarch64/,
  'linux-x64-musl': /^ELF 64-bit LSB .*x86-64.*interpreter \/lib\/ld-musl-x86_64/,
  'linux-arm64-musl': /^ELF 64-bit LSB .*ARM aarch64.*interpreter \/lib\/ld-musl-aarch64/,
  'darwin-x64': /^Mach-O 64-bit x86_64 executable/,
  'darwin-arm64': /^Mach-O 64-bit arm64 executable/,
  'windows-x64': /^PE32\+ executable \(console\) x86-64/,
}

interface Unpacked {
  entries: string[]
  binary: string
  mode: number
  format: string
  stampedTarget: string | undefined
}

const unpacked = new Map<string, Unpacked>()

/**
 * The target stamped into a binary that cannot run here, read from the bundled stamp
 * (`…bun:"<version>",target:"<name>"…` in the minified code the executable embeds).
 */
async function stampedTarget(binary: string): Promise<string | undefined> {
  const bytes = Buffer.from(await Bun.file(binary).arrayBuffer())
  const prefix = `bun:"${Bun.version}",target:"`
  const at = bytes.indexOf(prefix)
  if (at < 0) return undefined
  const start = at + prefix.length
  return bytes.toString('latin1', start, bytes.indexOf('"', start))
}

async function unpack(target: Target): Promise<Unpacked> {
  const dir = tempDir(`unpack-${targetName(target)}`)
  const archive = join(RELEASE_DIR, archiveName(target))
  const unpacking = target.os === 'windows'
    ? await run(['unzip', '-q', archive, '-d', dir])
    : await run(['tar', '-xzf', archive, '-C', dir])
  if (unpacking.code !== 0) throw new Error(`cannot unpack ${archive}: ${unpacking.stderr}`)
  const binary = join(dir, binaryName(target))
  const format = await run(['file', '-b', binary])
  return {
    entries: readdirSync(dir),
    binary,
    mode: statSync(binary).mode,
    format: format.stdout.trim(),
    stampedTarget: await stampedTarget(binary),
  }
}

beforeAll(async () => {
  for (const tool of ['tar', 'unzip', 'file', 'sha256sum']) {
    if (!Bun.which(tool)) throw new Error(`these tests need '${tool}' (apt-get install ${tool === 'sha256sum' ? 'coreutils' : tool})`)
  }
  await ensureRelease()
  const all = await Promise.all(TARGETS.map(unpack))
  TARGETS.forEach((t, i) => unpacked.set(targetName(t), all[i]!))
}, 300_000)

afterAll(removeTempDirs)

/** Every asset: an archive and a Python wheel per target. */
const ASSETS = TARGETS.flatMap((t) => [archiveName(t), wheelName(t)])

test('the wheels carry the platform tags pip matches, written out by hand', () => {
  const tags = [
    'manylinux_2_17_x86_64.manylinux2014_x86_64', 'manylinux_2_17_aarch64.manylinux2014_aarch64', 'musllinux_1_2_x86_64',
    'musllinux_1_2_aarch64', 'macosx_11_0_x86_64', 'macosx_11_0_arm64', 'win_amd64',
  ]
  expect(TARGETS.map(wheelName)).toEqual(tags.map((tag) => `phicode-${version}-py3-none-${tag}.whl`))
})

test('SHA256SUMS lists every archive and wheel once, and `sha256sum -c` accepts all of them', async () => {
  const sums = await Bun.file(join(RELEASE_DIR, 'SHA256SUMS')).text()
  const listed = sums.trimEnd().split('\n').map((line) => line.split(/\s+\*?/)[1])
  expect(listed.sort()).toEqual([...ASSETS].sort())
  // Besides them the VS Code extension (editors/vscode), which SHA256SUMS leaves out.
  const files = readdirSync(RELEASE_DIR)
  expect(files.filter((name) => !name.endsWith('.vsix')).sort()).toEqual([...ASSETS, 'SHA256SUMS'].sort())
  expect(files.filter((name) => name.endsWith('.vsix'))).toHaveLength(1)

  const check = await run(['sha256sum', '--strict', '-c', 'SHA256SUMS'], { cwd: RELEASE_DIR })
  expect(check.stderr).toBe('')
  expect(check.code).toBe(0)
  expect(check.stdout.trimEnd().split('\n').sort()).toEqual(ASSETS.map((name) => `${name}: OK`).sort())
})

for (const target of TARGETS) {
  const name = targetName(target)
  test(`${archiveName(target)} unpacks to one executable ${binaryName(target)} built for ${name}`, () => {
    const u = unpacked.get(name)!
    expect(u.entries).toEqual([binaryName(target)])
    expect(u.mode & 0o111).toBe(0o111)
    expect(u.format).toMatch(FORMAT[name]!)
    expect(u.stampedTarget).toBe(name)
  })
}

test('the linux-x64 binary runs and reports the version, commit, Bun and target it was built with', async () => {
  const r = await run([unpacked.get('linux-x64')!.binary, '--version', '--json'])
  expect(r.code).toBe(0)
  const build = JSON.parse(r.stdout)
  expect(build).toMatchObject({ version, bun: Bun.version, target: 'linux-x64' })
  expect(build.commit).toMatch(/^[0-9a-f]{12}$/)
})

/** Each platform package's npm fields, as npm must match them against the installing machine. */
const NPM_PLATFORM: Record<string, { os: string[]; cpu: string[]; libc?: string[] }> = {
  'linux-x64': { os: ['linux'], cpu: ['x64'], libc: ['glibc'] },
  'linux-arm64': { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] },
  'linux-x64-musl': { os: ['linux'], cpu: ['x64'], libc: ['musl'] },
  'linux-arm64-musl': { os: ['linux'], cpu: ['arm64'], libc: ['musl'] },
  'darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'win32-x64': { os: ['win32'], cpu: ['x64'] },
}

test('dist/npm holds phicode and one package per target, at the release\'s version', () => {
  expect(readdirSync(NPM_DIR).sort()).toEqual(
    ['phicode', ...Object.keys(NPM_PLATFORM).map((name) => `phicode-${name}`)].map((name) => `${name}-${version}.tgz`).sort(),
  )
})

for (const target of TARGETS) {
  const npmName = targetName(target).replace('windows', 'win32')
  test(`@phicode/${npmName} holds the ${targetName(target)} release executable, runnable, for that platform only`, async () => {
    const dir = tempDir(`npm-${npmName}`)
    try {
      const unpacking = await run(['tar', '-xzf', join(NPM_DIR, `phicode-${npmName}-${version}.tgz`), '-C', dir])
      expect(unpacking.code).toBe(0)
      expect(readdirSync(join(dir, 'package')).sort()).toEqual(['bin', 'package.json'])
      expect(readdirSync(join(dir, 'package/bin'))).toEqual([binaryName(target)])
      const binary = join(dir, 'package/bin', binaryName(target))
      expect(statSync(binary).mode & 0o777).toBe(0o755)
      const release = unpacked.get(targetName(target))!.binary
      expect(Bun.hash(await Bun.file(binary).bytes())).toBe(Bun.hash(await Bun.file(release).bytes()))

      const manifest = await Bun.file(join(dir, 'package/package.json')).json()
      expect(manifest).toMatchObject({ name: `@phicode/${npmName}`, version, ...NPM_PLATFORM[npmName] })
      if (target.os !== 'linux') expect(manifest.libc).toBeUndefined()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 30_000)
}
