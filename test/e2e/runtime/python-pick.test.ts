/**
 * Issue 12 item 9: `--python` runs on PyPy only when that PyPy can import every top-level
 * package the program imports and compile its code; otherwise on CPython, saying why under
 * --debug. Real interpreters decide: /usr/bin/pypy3 (or PHIPY_PATH's) and python3; a package only
 * CPython sees is put in CPython's user site, whose path CPython itself reports.
 */
import { describe, expect, test } from 'bun:test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { required } from '../../helpers/prerequisites'
import { tempDir } from '../../helpers/tmp'

const realPython = (python: string): string => Bun.spawnSync([python, '-c', 'import sys; print(sys.executable)']).stdout.toString().trim()

function setup() {
  const cpython = realPython(required('python3'))
  const pypy = realPython(required('pypy3'))
  const dir = tempDir('phicode-pick-')
  const userBase = join(dir, 'userbase')
  // Where this CPython (not PyPy, whose user site is lib/pypy3.N) looks for user packages.
  const env = { PHITON_PATH: cpython, PHIPY_PATH: pypy, PYTHONUSERBASE: userBase, PHICODE_HOME: join(dir, 'home') }
  const site = Bun.spawnSync([cpython, '-c', 'import site; print(site.getusersitepackages())'], { env: { ...process.env, ...env } }).stdout.toString().trim()
  mkdirSync(join(site, 'only_cpython'), { recursive: true })
  writeFileSync(join(site, 'only_cpython', '__init__.py'), 'NAME = "only_cpython"\n')
  const app = join(dir, 'app')
  mkdirSync(app)
  writeFileSync(join(app, 'pyproject.toml'), '')
  const implementation = '⇒ platform\nπ(platform.python_implementation())\n'
  writeFileSync(join(app, 'pure.φ'), implementation)
  writeFileSync(join(app, 'cpython_package.φ'), `⇒ only_cpython\n${implementation}`)
  // Through a module of the program's own: its imports count too.
  writeFileSync(join(app, 'helper.φ'), '⇒ only_cpython\nv = 1\n')
  writeFileSync(join(app, 'local_import.φ'), `⇒ helper\n${implementation}`)
  // `match` is Python 3.10; PyPy 7.3 speaks 3.9 or 3.10, so the pick depends on the PyPy asked.
  writeFileSync(join(app, 'match.φ'), `x = 3\nmatch x:\n    case 3:\n        π("three")\n`)
  return { app, env, pypy }
}

describe('--python picks PyPy only for code that PyPy can run', () => {
  const { app, env, pypy } = setup()
  const run = (file: string) => runPhicode(['--debug', '--python', file], { cwd: app, env })
  const pick = (stderr: string) => /debug: interpreter (\w+) [^:]*: --python: (.*)/.exec(stderr)?.slice(1)

  test('pure Python: PyPy', async () => {
    const r = await run('pure.φ')
    expect(r.stdout).toBe('PyPy\n')
    expect(pick(r.stderr)?.[0]).toBe('pypy')
  })

  test('a package PyPy cannot import: CPython, and the package named', async () => {
    const r = await run('cpython_package.φ')
    expect(r.stdout).toBe('CPython\n')
    expect(pick(r.stderr)).toEqual(['cpython', expect.stringContaining('cannot import only_cpython')])
  })

  test("a package imported by one of the program's modules: CPython", async () => {
    const r = await run('local_import.φ')
    expect(r.stdout).toBe('CPython\n')
    expect(pick(r.stderr)).toEqual(['cpython', expect.stringContaining('cannot import only_cpython')])
  })

  test("syntax newer than PyPy's Python: CPython, naming the line", async () => {
    const pypyLanguage = Bun.spawnSync([pypy, '-c', 'import sys; print(sys.version_info[1])']).stdout.toString().trim()
    const r = await run('match.φ')
    expect(r.stdout).toBe('three\n')
    if (Number(pypyLanguage) >= 10) expect(pick(r.stderr)?.[0]).toBe('pypy')
    else expect(pick(r.stderr)).toEqual(['cpython', expect.stringContaining(`match.φ:2 (`)])
  })

  test('a remembered plan is dropped once the package appears where PyPy looks', async () => {
    const shared = join(app, '..', 'shared')
    mkdirSync(shared, { recursive: true })
    const plain = () => runPhicode(['--python', 'cpython_package.φ'], { cwd: app, env: { ...env, PYTHONPATH: shared } })
    expect((await plain()).stdout).toBe('CPython\n')
    expect((await plain()).stdout).toBe('CPython\n')
    mkdirSync(join(shared, 'only_cpython'))
    writeFileSync(join(shared, 'only_cpython', '__init__.py'), '')
    expect((await plain()).stdout).toBe('PyPy\n')
  })
})
