import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Server } from 'bun'
import { version } from '../../../package.json' with { type: 'json' }
import { compile } from '../../../build/build'
import { formatSha256sums, sha256 } from '../../../build/checksums'
import { pack } from '../../../build/pack'
import { ensureRelease, RELEASE_DIR } from '../../../build/release'
import { TARGETS, targetName } from '../../../build/targets'
import { ROOT, removeTempDirs, run, tempDir, type Ran } from './_helpers'

const INSTALL_SH = join(ROOT, 'install.sh')
const LINUX_X64 = TARGETS.find((t) => targetName(t) === 'linux-x64')!
const OLD_VERSION = '0.0.1-old'
const ARCHIVE = 'phicode-linux-x64.tar.gz'

/** Served files by URL path: `/install.sh`, and `/<release set>/<file>`. */
const files = new Map<string, Blob>()
/** Every path requested, to see which archive the installer chose. */
const requested: string[] = []
let server: Server<undefined>
let base = ''

const serve = (set: string, name: string, body: Blob | Uint8Array | string) =>
  files.set(`/${set}/${name}`, body instanceof Blob ? body : new Blob([body]))

/** The release, a release stamped as an older version, and three forgeries of the release. */
async function stageReleases(): Promise<void> {
  files.set('/install.sh', Bun.file(INSTALL_SH))
  for (const name of readdirSync(RELEASE_DIR)) serve('latest', name, Bun.file(join(RELEASE_DIR, name)))

  const old = tempDir('old-release')
  await compile(LINUX_X64, join(old, 'bin', 'phicode'), { version: OLD_VERSION })
  const oldArchive = await pack(LINUX_X64, join(old, 'bin', 'phicode'), old)
  serve('old', ARCHIVE, Bun.file(join(old, ARCHIVE)))
  serve('old', 'SHA256SUMS', formatSha256sums([oldArchive]))

  const archive = await Bun.file(join(RELEASE_DIR, ARCHIVE)).bytes()
  const sums = await Bun.file(join(RELEASE_DIR, 'SHA256SUMS')).text()
  const tampered = archive.slice()
  tampered[tampered.length >> 1]! ^= 0xff
  serve('tampered-archive', ARCHIVE, tampered)
  serve('tampered-archive', 'SHA256SUMS', sums)

  serve('tampered-sums', ARCHIVE, archive)
  serve('tampered-sums', 'SHA256SUMS', sums.replace(sha256(archive), sha256(tampered)))

  serve('no-entry', ARCHIVE, archive)
  serve('no-entry', 'SHA256SUMS', sums.split('\n').filter((l) => !l.endsWith(`  ${ARCHIVE}`)).join('\n'))
}

interface Install extends Ran {
  home: string
  bin: string
  /** The installer's scratch space: empty again after every run. */
  tmp: string
}

interface InstallOptions {
  set: string
  home?: string
  env?: Record<string, string>
  args?: string[]
  /** Directories put before the system PATH (fake `uname`, `ldd` …). */
  pathFirst?: string[]
  /** PATH for the shell running the script, when it must lack something (curl). */
  scriptPath?: string
}

/** `curl -fsSL <server>/install.sh | sh`, as a user runs it, in a HOME of its own. */
async function install(options: InstallOptions): Promise<Install> {
  const home = options.home ?? tempDir('home')
  const tmp = tempDir('tmp')
  const path = [...(options.pathFirst ?? []), process.env.PATH ?? '/usr/bin:/bin'].join(':')
  const shell = options.scriptPath ? `PATH="${options.scriptPath}" sh` : 'sh'
  const r = await run(['sh', '-c', `curl -fsSL "$INSTALLER_URL" | ${shell} -s -- "$@"`, 'sh', ...(options.args ?? [])], {
    cwd: home,
    env: {
      PATH: path,
      HOME: home,
      SHELL: '/bin/bash',
      TMPDIR: tmp,
      INSTALLER_URL: `${base}/install.sh`,
      PHICODE_DOWNLOAD_URL: `${base}/${options.set}`,
      ...options.env,
    },
  })
  return { ...r, home, tmp, bin: join(home, '.phicode', 'bin', 'phicode') }
}

/** A directory holding one executable shell script, to put first on PATH. */
function fakeCommand(name: string, script: string): string {
  const dir = tempDir(`fake-${name}`)
  writeFileSync(join(dir, name), `#!/bin/sh\n${script}\n`)
  chmodSync(join(dir, name), 0o755)
  return dir
}

const fakeUname = (kernel: string, machine: string) =>
  fakeCommand('uname', `case "$1" in -s) echo '${kernel}' ;; -m) echo '${machine}' ;; *) exec ${Bun.which('uname')} "$@" ;; esac`)

/** A PATH with every system command except `missing`, as symlinks. */
function pathWithout(missing: string): string {
  const dir = tempDir(`without-${missing}`)
  for (const sys of ['/usr/local/bin', '/usr/bin', '/bin']) {
    if (!existsSync(sys)) continue
    for (const name of readdirSync(sys)) {
      if (name !== missing && !existsSync(join(dir, name))) symlinkSync(join(sys, name), join(dir, name))
    }
  }
  return dir
}

const phicode = (bin: string, args: string[], options: { cwd?: string; stdin?: string; env?: Record<string, string> } = {}) =>
  run([bin, ...args], { cwd: options.cwd, stdin: options.stdin, env: { PATH: '/usr/bin:/bin', ...options.env } })

const archivesRequested = () => requested.filter((p) => p.endsWith('.tar.gz')).map((p) => basename(p))

/** Nothing installed, nothing added to an rc file, nothing left in the scratch space. */
function expectNothingInstalled(r: Install): void {
  expect(readdirSync(r.home)).toEqual([])
  expect(readdirSync(r.tmp)).toEqual([])
}

beforeAll(async () => {
  if (!Bun.which('curl')) throw new Error("these tests need 'curl' (apt-get install curl)")
  await ensureRelease()
  await stageReleases()
  server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    development: false,
    fetch(request) {
      const path = new URL(request.url).pathname
      requested.push(path)
      const body = files.get(path)
      return body ? new Response(body) : new Response('not found', { status: 404 })
    },
    error: () => new Response('server error', { status: 500 }),
  })
  base = `http://127.0.0.1:${server.port}`
}, 300_000)

afterAll(() => {
  server?.stop(true)
  removeTempDirs()
})

describe('curl | sh', () => {
  let first: Install

  test('installs the latest release to ~/.phicode/bin, verified, and the binary runs', async () => {
    first = await install({ set: 'latest' })
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain(`checksum verified: ${ARCHIVE}`)
    expect(readdirSync(first.tmp)).toEqual([])

    const v = await phicode(first.bin, ['--version', '--json'])
    expect(JSON.parse(v.stdout)).toMatchObject({ version, target: 'linux-x64', bun: Bun.version })
    const py = await phicode(first.bin, ['--convert', '-', '--to', 'python'], { stdin: 'ƒ f(): ⟲ 1\n' })
    expect(py).toEqual({ code: 0, stdout: 'def f(): return 1\n', stderr: '' })
    const dir = tempDir('example')
    writeFileSync(join(dir, 'example.φ'), readFileSync(join(ROOT, 'examples/factorial.φ')))
    const example = await phicode(first.bin, ['example'], { cwd: dir, env: { PHICODE_HOME: join(first.home, '.phicode') } })
    expect(example).toEqual({ code: 0, stdout: '120\n', stderr: '' })
  })

  test('puts the install directory on PATH in the shell rc file, once', async () => {
    const bin = join(first.home, '.phicode', 'bin')
    expect(readFileSync(join(first.home, '.bashrc'), 'utf8')).toBe(`\nexport PATH="${bin}:$PATH" # added by the phicode installer\n`)
    const login = await run(['bash', '-c', '. ~/.bashrc && command -v phicode'], { env: { HOME: first.home, PATH: '/usr/bin:/bin' } })
    expect(login.stdout.trim()).toBe(first.bin)
  })

  test('a second run upgrades in place; PHICODE_NO_MODIFY_PATH=1 prints the PATH line instead', async () => {
    const env = { PHICODE_NO_MODIFY_PATH: '1' }
    const older = await install({ set: 'old', env, args: [OLD_VERSION] })
    expect(older.code).toBe(0)
    expect((await phicode(older.bin, ['--version'])).stdout).toStartWith(`phicode ${OLD_VERSION} `)
    expect(older.stdout).toContain(`export PATH="${join(older.home, '.phicode', 'bin')}:$PATH"`)
    expect(readdirSync(older.home)).toEqual(['.phicode'])

    const newer = await install({ set: 'latest', home: older.home, env })
    expect(newer.code).toBe(0)
    expect((await phicode(newer.bin, ['--version'])).stdout).toStartWith(`phicode ${version} `)
    expect(readdirSync(join(older.home, '.phicode', 'bin'))).toEqual(['phicode'])
    expect(readdirSync(newer.tmp)).toEqual([])
  })

  test('PHICODE_INSTALL chooses the directory; a relative one is made absolute for the PATH line', async () => {
    const r = await install({ set: 'latest', env: { PHICODE_INSTALL: 'tools/bin' } })
    expect(r.code).toBe(0)
    const bin = join(r.home, 'tools', 'bin')
    expect(readdirSync(bin)).toEqual(['phicode'])
    expect(existsSync(join(r.home, '.phicode', 'bin'))).toBe(false)
    expect(readFileSync(join(r.home, '.bashrc'), 'utf8')).toBe(`\nexport PATH="${bin}:$PATH" # added by the phicode installer\n`)
    expect((await phicode(join(bin, 'phicode'), ['--version'])).stdout).toStartWith(`phicode ${version} `)
  })

  test('PHICODE_VERSION is checked before anything is fetched; a version argument wins over it', async () => {
    const bad = await install({ set: 'old', env: { PHICODE_VERSION: '1.0 beta' } })
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toContain("invalid version '1.0 beta'")
    expectNothingInstalled(bad)
    const argument = await install({ set: 'old', env: { PHICODE_VERSION: '1.0 beta' }, args: [OLD_VERSION] })
    expect(argument.code).toBe(0)
    expect((await phicode(argument.bin, ['--version'])).stdout).toStartWith(`phicode ${OLD_VERSION} `)
  })

  test('re-running over the same version is idempotent: same binary, one PATH line', async () => {
    const again = await install({ set: 'latest', home: first.home })
    expect(again.code).toBe(0)
    expect(readdirSync(join(first.home, '.phicode', 'bin'))).toEqual(['phicode'])
    const rc = readFileSync(join(first.home, '.bashrc'), 'utf8')
    expect(rc.match(/added by the phicode installer/g)).toHaveLength(1)
  })

  test('--uninstall removes the binary and the PATH line', async () => {
    const r = await install({ set: 'latest', home: first.home, args: ['--uninstall'] })
    expect(r.code).toBe(0)
    expect(existsSync(first.bin)).toBe(false)
    expect(readFileSync(join(first.home, '.bashrc'), 'utf8')).not.toContain('phicode')
  })
})

describe('refusals: nothing is installed', () => {
  test('an archive that does not match SHA256SUMS', async () => {
    const r = await install({ set: 'tampered-archive' })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain(`checksum mismatch for ${ARCHIVE}`)
    expectNothingInstalled(r)
  })

  test('a SHA256SUMS whose entry was altered, also over an existing install', async () => {
    const existing = await install({ set: 'old', env: { PHICODE_NO_MODIFY_PATH: '1' } })
    const before = await Bun.file(existing.bin).bytes()
    const r = await install({ set: 'tampered-sums', home: existing.home })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain(`checksum mismatch for ${ARCHIVE}`)
    expect(sha256(await Bun.file(existing.bin).bytes())).toBe(sha256(before))
    expect(readdirSync(join(existing.home, '.phicode', 'bin'))).toEqual(['phicode'])
    expect(readdirSync(r.tmp)).toEqual([])
  })

  test('a SHA256SUMS without an entry for the archive', async () => {
    const r = await install({ set: 'no-entry' })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain(`SHA256SUMS lists no ${ARCHIVE}`)
    expectNothingInstalled(r)
  })

  test('a release that does not exist', async () => {
    const r = await install({ set: 'v9.9.9' })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain(`cannot download ${base}/v9.9.9/${ARCHIVE}`)
    expectNothingInstalled(r)
  })

  test.each([
    ['FreeBSD', 'x86_64', "unsupported operating system 'FreeBSD'"],
    ['Linux', 'riscv64', "unsupported CPU architecture 'riscv64'"],
    ['MINGW64_NT-10.0', 'x86_64', 'download phicode-windows-x64.zip'],
  ])('an unsupported platform (uname %s %s) gets a clear message and no download', async (kernel, machine, message) => {
    requested.length = 0
    const r = await install({ set: 'latest', pathFirst: [fakeUname(kernel, machine)] })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain(message)
    expect(archivesRequested()).toEqual([])
    expectNothingInstalled(r)
  })

  test('a musl system gets the -musl build (which, on this glibc machine, does not run: refused)', async () => {
    requested.length = 0
    const ldd = fakeCommand('ldd', 'echo "musl libc (x86_64)" >&2; exit 1')
    const r = await install({ set: 'latest', pathFirst: [ldd] })
    expect(archivesRequested()).toEqual(['phicode-linux-x64-musl.tar.gz'])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('phicode-linux-x64-musl does not run on this machine (musl builds need the C++ runtime: apk add libstdc++ libgcc); nothing was installed')
    expectNothingInstalled(r)
  })

  test('an x86_64 shell under Rosetta on a Mac gets the native arm64 build', async () => {
    requested.length = 0
    const sysctl = fakeCommand('sysctl', '[ "$2" = sysctl.proc_translated ] && echo 1')
    const r = await install({ set: 'latest', pathFirst: [fakeUname('Darwin', 'x86_64'), sysctl] })
    expect(r.stdout).toContain('Rosetta 2')
    expect(archivesRequested()).toEqual(['phicode-darwin-arm64.tar.gz'])
    expect(r.code).not.toBe(0)
    expectNothingInstalled(r)
  })
})

describe('install.sh itself', () => {
  test('downloads with wget when there is no curl', async () => {
    const r = await install({ set: 'latest', scriptPath: pathWithout('curl'), env: { PHICODE_NO_MODIFY_PATH: '1' } })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect((await phicode(r.bin, ['--version'])).stdout).toStartWith(`phicode ${version} `)
  })

  test('a download cut short runs nothing', async () => {
    requested.length = 0
    const script = readFileSync(INSTALL_SH, 'utf8')
    const lines = script.trimEnd().split('\n')
    expect(lines.at(-1)).toBe('main "$@"')
    for (const partial of [lines.slice(0, -1).join('\n') + '\n', script.slice(0, script.length >> 1)]) {
      const home = tempDir('home')
      const r = await run(['sh'], { cwd: home, stdin: partial, env: { PATH: process.env.PATH!, HOME: home, PHICODE_DOWNLOAD_URL: `${base}/latest` } })
      expect(r.stdout).toBe('')
      expect(readdirSync(home)).toEqual([])
    }
    expect(requested).toEqual([])
  })

  test('is clean under shellcheck (POSIX sh)', async () => {
    if (!Bun.which('shellcheck')) throw new Error("this test needs 'shellcheck' (apt-get install shellcheck)")
    const r = await run(['shellcheck', '--shell=sh', '--severity=style', INSTALL_SH])
    expect(r.stdout).toBe('')
    expect(r.code).toBe(0)
  })
})

describe('the installed binary in a hostile working directory', () => {
  /** A bunfig.toml preload and a .env that would change how phicode reads the config. */
  function hostileDir(): string {
    const dir = tempDir('hostile')
    writeFileSync(join(dir, 'bunfig.toml'), 'preload = ["./evil.ts"]\n')
    writeFileSync(
      join(dir, 'evil.ts'),
      'import { writeFileSync } from "node:fs"\nwriteFileSync(new URL("./evil-ran", import.meta.url), "1")\nconsole.log("EVIL")\n',
    )
    writeFileSync(join(dir, '.env'), 'PHICODE_STRICT=1\n')
    mkdirSync(join(dir, '.(φ)'))
    // Under PHICODE_STRICT=1 this clash is an error (exit 78); otherwise a warning.
    writeFileSync(join(dir, '.(φ)', 'config.json'), JSON.stringify({ symbols: { return: 'ƒ' }, typescript: { symbols: { return: 'ƒ' } } }))
    // bunfig.toml marks a TypeScript project (the dialect rule): the Python file says what it is.
    writeFileSync(join(dir, 'hello.φ'), '# phicode: python\nƒ greet(name):\n    ⟲ f"hello {name}"\n\nπ(greet("py"))\n')
    writeFileSync(join(dir, 'hello-ts.φ'), 'ƒ greet(name: string): string {\n  ⟲ `hello ${name}`\n}\n\nπ(greet("ts"))\n')
    return dir
  }

  test('loads neither bunfig.toml nor .env while running and converting φ-Python and φ-TS', async () => {
    const r = await install({ set: 'latest', env: { PHICODE_NO_MODIFY_PATH: '1' } })
    expect(r.code).toBe(0)
    const dir = hostileDir()
    const env = { PHICODE_HOME: join(r.home, '.phicode') }

    const runPy = await phicode(r.bin, ['hello.φ'], { cwd: dir, env })
    expect([runPy.code, runPy.stdout]).toEqual([0, 'hello py\n'])
    const runTs = await phicode(r.bin, ['hello-ts.φ'], { cwd: dir, env })
    expect([runTs.code, runTs.stdout]).toEqual([0, 'hello ts\n'])
    const py = await phicode(r.bin, ['--convert', 'hello.φ', '--dialect', 'python', '--to', 'python'], { cwd: dir })
    expect(py.stdout).toBe('# phicode: python\ndef greet(name):\n    return f"hello {name}"\n\nprint(greet("py"))\n')
    expect(py.code).toBe(0)
    const ts = await phicode(r.bin, ['--convert', 'hello-ts.φ', '--dialect', 'typescript', '--to', 'typescript'], { cwd: dir })
    expect(ts.stdout).toBe('function greet(name: string): string {\n  return `hello ${name}`\n}\n\nconsole.log(greet("ts"))\n')
    expect(ts.code).toBe(0)
    const v = await phicode(r.bin, ['--version'], { cwd: dir })
    expect(v.code).toBe(0)
    for (const out of [runPy, runTs, py, ts, v]) expect(out.stdout + out.stderr).not.toContain('EVIL')
    expect(existsSync(join(dir, 'evil-ran'))).toBe(false)

    // Controls: the same setting given for real is an error, and plain Bun does run the preload.
    const strict = await phicode(r.bin, ['--convert', 'hello.φ', '--dialect', 'python', '--to', 'python'], { cwd: dir, env: { PHICODE_STRICT: '1' } })
    expect(strict.code).toBe(78)
    const bun = await run([process.execPath, '-e', '0'], { cwd: dir, env: { PATH: '/usr/bin:/bin' } })
    expect(bun.stdout).toContain('EVIL')
    expect(existsSync(join(dir, 'evil-ran'))).toBe(true)
  })
})
