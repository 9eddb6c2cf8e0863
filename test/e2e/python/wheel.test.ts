/**
 * The Python wheel (built by build/wheel for this machine from dist/phicode, as `npm run
 * build:all` builds one per target) installed offline into a fresh venv, then used without
 * phicode in front: `import phicode` from plain python3, `python3 -m pytest` on φ tests,
 * PHICODE_AUTO=1; and `phicode --python-install-hook` for a venv without the wheel. The venvs
 * see Debian's pytest (--system-site-packages). Expected outputs written by hand.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildWheel } from '../../../build/wheel'
import type { Target } from '../../../build/targets'
import { PHICODE, runCommand } from '../../helpers/binary'
import { bytecodeKind, debianPython } from '../../helpers/prerequisites'
import { tempDir } from '../../helpers/tmp'

setDefaultTimeout(180_000)

const HOST: Target = {
  bun: '', os: 'linux', arch: process.arch === 'arm64' ? 'arm64' : 'x64', musl: existsSync('/etc/alpine-release'),
}

/** An environment without any phicode: not on PATH, no PHICODE_BIN, nothing activated. */
function plainEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8' }
  return env
}

// Made here, not in a hook: tempDir registers its own removal when the file finishes.
const ROOT_DIR = tempDir()
const BARE_DIR = tempDir()
const project = tempDir()
const venv = join(ROOT_DIR, 'venv')

async function run(cmd: string[], extra: Record<string, string> = {}) {
  return runCommand(cmd, { cwd: project, env: { ...plainEnv(), ...extra }, timeout: 120_000 })
}

beforeAll(async () => {
  const python = debianPython('pytest', 'venv', 'ensurepip')
  const { name } = await buildWheel(HOST, PHICODE, ROOT_DIR)
  const made = await runCommand([python, '-m', 'venv', '--system-site-packages', venv])
  expect(made.stderr).toBe('')
  const installed = await runCommand([join(venv, 'bin/python'), '-m', 'pip', 'install', '--no-index', '--no-deps', '-q', join(ROOT_DIR, name)])
  expect(installed.stderr).toBe('')
  expect(installed.code).toBe(0)
  const files: Record<string, string> = {
    'mathx.φ': 'ƒ double(x):\n    ⟲ x * 2\n',
    'words.φ': 'ƒ shout(s):\n    ⟲ s.upper()\n',
    'conftest.φ': '⇒ pytest\n\n@pytest.fixture\nƒ base():\n    ⟲ 40\n',
    'test_calc.φ': 'ƒ test_ok(base):\n    ‼ base + 2 == 42\n\nƒ test_bad(base):\n    total = base + 1\n    ‼ total == 42\n',
    'script.φ': '⇒ sys\nπ("script", __name__, sys.argv[1:])\n',
  }
  for (const [file, text] of Object.entries(files)) writeFileSync(join(project, file), text)
})

describe('python: the wheel in a fresh venv', () => {
  test('pip puts the phicode executable on the venv\'s PATH', async () => {
    const result = await run([join(venv, 'bin/phicode'), '--version'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^phicode \d+\.\d+\.\d+/)
  })

  test('python3 -m phicode is the executable (as python -m ruff is ruff)', async () => {
    const result = await run([join(venv, 'bin/python'), '-m', 'phicode', 'script.φ', 'x'], { PHITON_PATH: join(venv, 'bin/python') })
    expect(result).toEqual({ code: 0, stdout: "script __main__ ['x']\n", stderr: '' })
  })

  test('plain python3: import phicode, install(), φ imports over one channel, transpile_symbols', async () => {
    const code = [
      'import os, phicode',
      'phicode.install()',
      'import mathx, words',
      'print(mathx.double(21), words.shout("hi"))',
      'print(phicode.transpile_symbols("ƒ test(): ⟲ 42"))',
      'me = str(os.getpid())',
      'kids = [p for p in os.listdir("/proc") if p.isdigit() and open("/proc/%s/stat" % p).read().rsplit(")", 1)[1].split()[1] == me]',
      'print(sum(b"--python-channel" in open("/proc/%s/cmdline" % p, "rb").read() for p in kids))',
    ].join('\n')
    const kinds = async () => {
      const stats = await runCommand([PHICODE, '--cache-stats', '--json'], { cwd: project })
      return JSON.parse(stats.stdout).kinds as Record<string, { entries: number }>
    }
    const bytecode = bytecodeKind(join(venv, 'bin/python'))
    const before = await kinds()
    const result = await run([join(venv, 'bin/python'), '-c', code])
    expect(result).toEqual({ code: 0, stdout: '42 HI\ndef test(): return 42\n1\n', stderr: '' })
    // Converted and compiled into the project's cache, as a phicode run caches them: mathx and words.
    const after = await kinds()
    expect((after.python?.entries ?? 0) - (before.python?.entries ?? 0)).toBeGreaterThanOrEqual(2)
    expect((after[bytecode]?.entries ?? 0) - (before[bytecode]?.entries ?? 0)).toBe(2)
  })

  test('the seed\'s install_phicode_importer(path) imports from that folder', async () => {
    const code = `import phicode\nphicode.install_phicode_importer(${JSON.stringify(project)})\nimport mathx\nprint(mathx.double(4))\n`
    const result = await runCommand([join(venv, 'bin/python'), '-c', code], { cwd: '/', env: plainEnv() })
    expect(result).toEqual({ code: 0, stdout: '8\n', stderr: '' })
  })

  test('python3 -m pytest collects φ tests through the pytest11 entry point and shows the compared values', async () => {
    const result = await run([join(venv, 'bin/python'), '-m', 'pytest', '-q', '-p', 'no:cacheprovider'])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('E       assert 41 == 42')
    expect(result.stdout).toContain('test_calc.φ:6: AssertionError')
    expect(result.stdout).toContain('1 failed, 1 passed in')
  })

  test('phicode -m pytest on the venv\'s python: the plugin comes once (entry point and PYTEST_PLUGINS agree), without warnings', async () => {
    const result = await runCommand([PHICODE, '-m', 'pytest', '-q', '-p', 'no:cacheprovider'], { cwd: project, env: { PHITON_PATH: join(venv, 'bin/python') } })
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('E       assert 41 == 42')
    expect(result.stdout).toContain('1 failed, 1 passed in')
    expect(result.stderr).toBe('')
  })

  test('PHICODE_AUTO=1 python3 script.φ runs the φ script; without it Python refuses the file', async () => {
    const auto = await run([join(venv, 'bin/python'), 'script.φ', 'a'], { PHICODE_AUTO: '1' })
    expect(auto).toEqual({ code: 0, stdout: "script __main__ ['a']\n", stderr: '' })
    const plain = await run([join(venv, 'bin/python'), 'script.φ', 'a'])
    expect(plain.code).toBe(1)
    expect(plain.stderr).toContain('SyntaxError')
  })
})

describe('python: phicode --python-install-hook', () => {
  test('a venv without the wheel runs φ scripts and imports after the hook is installed', async () => {
    const python = debianPython('venv')
    const bare = join(BARE_DIR, 'venv')
    await runCommand([python, '-m', 'venv', bare])
    const before = await run([join(bare, 'bin/python'), 'script.φ'])
    expect(before.code).toBe(1)
    const hook = await runCommand([PHICODE, '--python-install-hook', '--json'], { env: { PHITON_PATH: join(bare, 'bin/python') } })
    expect(hook.code).toBe(0)
    expect(JSON.parse(hook.stdout).path).toBe(join(bare, 'lib', `python3.${pythonMinor(python)}`, 'site-packages', 'phicode-hook.pth'))
    const after = await run([join(bare, 'bin/python'), 'script.φ', 'b'])
    expect(after).toEqual({ code: 0, stdout: "script __main__ ['b']\n", stderr: '' })
    const imported = await run([join(bare, 'bin/python'), '-c', 'import mathx; print(mathx.double(5))'])
    expect(imported).toEqual({ code: 0, stdout: '10\n', stderr: '' })
  })
})

test('--user writes the hook into the user site (PYTHONUSERBASE), which then serves that user\'s python3', async () => {
  const python = debianPython()
  const base = tempDir()
  const hook = await runCommand([PHICODE, '--python-install-hook', '--user', '--json'], { env: { PHITON_PATH: python, PYTHONUSERBASE: base } })
  expect(hook.code).toBe(0)
  expect(JSON.parse(hook.stdout).path).toBe(join(base, 'lib', `python3.${pythonMinor(python)}`, 'site-packages', 'phicode-hook.pth'))
  const after = await run([python, 'script.φ', 'c'], { PYTHONUSERBASE: base })
  expect(after).toEqual({ code: 0, stdout: "script __main__ ['c']\n", stderr: '' })
  const elsewhere = await run([python, 'script.φ', 'c'], { PYTHONUSERBASE: tempDir() })
  expect(elsewhere.code).toBe(1)
})

function pythonMinor(python: string): string {
  return Bun.spawnSync([python, '-c', 'import sys; print(sys.version_info[1])']).stdout.toString().trim()
}
