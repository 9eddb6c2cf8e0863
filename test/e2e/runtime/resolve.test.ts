import { describe, expect, test } from 'bun:test'
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../../../src/config'
import { PhicodeError } from '../../../src/errors'
import { resolveEntry } from '../../../src/runtime/resolve'
import { runCommand, runPhicode, PHICODE } from '../../helpers/binary'
import { thrown } from '../../helpers/thrown'
import { tempDir } from '../../helpers/tmp'

function tree(files: Record<string, string>): string {
  const root = tempDir()
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), content)
  }
  return root
}

const resolveIn = (cwd: string, spec?: string, flagDialect?: 'python' | 'typescript') =>
  resolveEntry({ spec, cwd, config: loadConfig(cwd, {}), flagDialect })

const exitCodeOf = (fn: () => unknown): number => thrown(PhicodeError, fn).exitCode

describe('entry resolution', () => {
  test('module names: .φ before .py before .ts, default main', () => {
    const root = tree({ 'package.json': '{}', 'main.φ': 'π(1)', 'app.py': '', 'app.ts': '', 'tool.ts': '' })
    expect(resolveIn(root).path).toBe(join(root, 'main.φ'))
    expect(resolveIn(root, 'app')).toMatchObject({ path: join(root, 'app.py'), kind: 'python', dialect: 'python' })
    expect(resolveIn(root, 'tool')).toMatchObject({ kind: 'typescript', dialect: 'typescript' })
  })

  test('working directory, then the project root, then the root\'s φ folders', () => {
    const root = tree({ 'pyproject.toml': '', 'top.φ': '', 'src/deep.φ': '', 'lib/here.φ': '', 'sub/dir/top.φ': '', 'sub/dir/mine.φ': '' })
    const sub = join(root, 'sub/dir')
    expect(resolveIn(sub, 'top').path).toBe(join(sub, 'top.φ'))
    expect(resolveIn(sub, 'deep').path).toBe(join(root, 'src/deep.φ'))
    expect(resolveIn(root, 'here').path).toBe(join(root, 'lib/here.φ'))
    expect(exitCodeOf(() => resolveIn(root, 'mine'))).toBe(66)
  })

  test('dotted names and packages run as modules', () => {
    const root = tree({ '.git/HEAD': '', 'pkg/__init__.φ': '', 'pkg/tool.φ': '', 'app/__main__.φ': '' })
    expect(resolveIn(root, 'pkg.tool')).toMatchObject({ path: join(root, 'pkg/tool.φ'), module: 'pkg.tool', base: root })
    expect(resolveIn(root, 'app')).toMatchObject({ path: join(root, 'app/__main__.φ'), module: 'app.__main__' })
  })

  test('paths: relative, absolute, without extension, a directory with __main__', () => {
    const root = tree({ 'a/b.φ': '', 'a/c.py': '', 'runme/__main__.py': '' })
    expect(resolveIn(root, 'a/b.φ').path).toBe(join(root, 'a/b.φ'))
    expect(resolveIn(root, './a/c').path).toBe(join(root, 'a/c.py'))
    expect(resolveIn(root, join(root, 'a/b.φ')).path).toBe(join(root, 'a/b.φ'))
    expect(resolveIn(root, 'runme').path).toBe(join(root, 'runme/__main__.py'))
  })

  test('the dialect of a φ entry: flag, pragma, config, content', () => {
    const root = tree({
      'py.φ': 'ƒ f():\n    ⟲ 1\n',
      'ts.φ': 'const f = () => {\n  ⟲ 1;\n};\n',
      'pragma.φ': '// phicode: typescript\nx = 1\n',
    })
    expect(resolveIn(root, 'py.φ').dialect).toBe('python')
    expect(resolveIn(root, 'ts.φ').dialect).toBe('typescript')
    expect(resolveIn(root, 'pragma.φ').dialect).toBe('typescript')
    expect(resolveIn(root, 'py.φ', 'typescript').dialect).toBe('typescript')
    expect(exitCodeOf(() => resolveIn(root, 'pragma.φ', 'python'))).toBe(71)
  })

  test('a project language decides when nothing else does', () => {
    const root = tree({ '.(φ)/config.json': '{"language": "typescript"}', 'x.φ': 'x = 1\n' })
    expect(resolveIn(root, 'x').dialect).toBe('typescript')
  })
})

describe("an entry in another project", () => {
  test("runs with its own project's symbols and cache, not the working directory's", async () => {
    const here = tree({ 'package.json': '{}' })
    // A Python project: its marker makes the φ file Python (`say` is its print).
    const other = tree({ 'pyproject.toml': '', '.(φ)/config.json': JSON.stringify({ symbols: { print: 'say' } }), 'app.φ': 'say("from other")\n' })
    expect(resolveIn(here, join(other, 'app.φ')).root).toBe(other)
    const r = await runPhicode([join(other, 'app.φ')], { cwd: here, env: { PHICODE_HOME: join(here, 'home') } })
    expect([r.code, r.stdout]).toEqual([0, 'from other\n'])
    expect(existsSync(join(other, '.(φ)cache'))).toBe(true)
    expect(existsSync(join(here, '.(φ)cache'))).toBe(false)
  })
})

describe('bad input: one line, a distinct exit code, no stack trace', () => {
  const root = tree({ 'package.json': '{}', 'ok.py': 'print(1)\n', 'script.ts': 'console.log(1)\n', 'lib/util.py': '', 'secret.φ': 'π(1)\n' })
  const cases: Array<[string, string[], number, RegExp]> = [
    ['missing module', ['nothere'], 66, /module 'nothere' not found/],
    ['missing file', ['./nothere.φ'], 66, /nothere\.φ: no such file/],
    ['directory as module', ['lib'], 67, /lib: is a directory with no __main__ module/],
    ['unknown interpreter', ['--interpreter', '/bin/true', 'ok.py'], 64, /neither Python nor Node: unknown interpreter/],
    ['interpreter not installed', ['--interpreter', '/opt/none/python9', 'ok.py'], 69, /interpreter \/opt\/none\/python9 is not installed/],
    ['Python code on Bun', ['ok.py', '--bun'], 71, /ok\.py is python code; it cannot run on Bun or Node/],
    ['TypeScript code on PyPy', ['script.ts', '--pypy'], 71, /script\.ts is typescript code; it cannot run on a Python interpreter/],
    ['two interpreters', ['ok.py', '--pypy', '--cpython'], 64, /cannot be combined/],
  ]
  for (const [name, args, code, message] of cases) {
    test(`${name} → ${code}`, async () => {
      const r = await runPhicode(args, { cwd: root })
      expect(r.code).toBe(code)
      expect(r.stderr).toMatch(message)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stdout).toBe('')
    })
  }

  test('interpreter not on PATH → 69', async () => {
    for (const flag of ['--pypy', '--node']) {
      const r = await runPhicode(['ok.py', flag], { cwd: root, env: { PATH: '/nonexistent', PHIPY_PATH: undefined, PHINODE_PATH: undefined } })
      expect(r.code).toBe(flag === '--pypy' ? 69 : 71)
    }
    const r = await runPhicode(['script.ts', '--node'], { cwd: root, env: { PATH: '/nonexistent', PHINODE_PATH: undefined } })
    expect([r.code, r.stderr.includes('Node is not installed')]).toEqual([69, true])
    const env = await runPhicode(['ok.py', '--pypy'], { cwd: root, env: { PHIPY_PATH: '/opt/none/pypy' } })
    expect([env.code, env.stderr.includes('PHIPY_PATH=/opt/none/pypy: no such interpreter')]).toEqual([69, true])
  })

  test('unreadable file → 77', async () => {
    const dir = tempDir()
    chmodSync(dir, 0o755)
    writeFileSync(join(dir, 'locked.φ'), 'π(1)\n')
    chmodSync(join(dir, 'locked.φ'), 0o000)
    // root reads anything: drop to nobody for this one run.
    const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] : []
    const r = await runCommand([...asUser, PHICODE, 'locked.φ'], { cwd: dir, env: { PHICODE_HOME: join(dir, 'home') } })
    expect(r.code).toBe(77)
    expect(r.stderr).toMatch(/locked\.φ: permission denied/)
  })
})

describe('interpreters', () => {
  test('--list-interpreters --json: Bun built in, shims resolved to the real executable', async () => {
    const r = await runPhicode(['--list-interpreters', '--json'])
    const listed = JSON.parse(r.stdout) as Array<{ kind: string; path: string; found: string; version: string }>
    expect(listed[0]).toMatchObject({ kind: 'bun', path: PHICODE })
    const cpython = listed.find((i) => i.kind === 'cpython')!
    expect(cpython.version).toMatch(/^3\.\d+\.\d+$/)
    expect(cpython.path).not.toContain('/shims/')
  })

  test('a probe is remembered: the second start does not run the shim again', async () => {
    const home = tempDir()
    const dir = tempDir()
    const counter = join(dir, 'count')
    const fake = join(dir, 'python3')
    const real = (await runCommand(['python3', '-c', 'import sys; print(sys.executable)'])).stdout.trim()
    writeFileSync(fake, `#!/bin/sh\necho x >> ${counter}\nexec ${real} "$@"\n`)
    chmodSync(fake, 0o755)
    const env = { PHICODE_HOME: home, PHITON_PATH: fake }
    for (let k = 0; k < 3; k++) expect((await runPhicode(['--show-versions', '--json'], { env })).code).toBe(0)
    expect((await Bun.file(counter).text()).trim().split('\n')).toHaveLength(1)
  })
})

describe('argument handling', () => {
  test("phicode's long options anywhere, the rest and everything after -- to the module", async () => {
    const { parseArgv } = await import('../../../src/cli/argv')
    const { ARGS } = await import('../../../src/cli/args')
    expect(parseArgv(['app', '-o', 'x', '--debug', '--port', '3', '--', '--debug'], ARGS)).toEqual({
      args: { module: 'app', debug: true },
      moduleArgs: ['-o', 'x', '--port', '3', '--debug'],
    })
    // After the module only runner flags (--cpython here) are phicode's.
    expect(parseArgv(['--pypy', '-o', 'out', 'app', 'a', '--interpreter=/x', 'b', '--to', 'python', '--cpython'], ARGS)).toEqual({
      args: { pypy: true, output: 'out', module: 'app', cpython: true },
      moduleArgs: ['a', '--interpreter=/x', 'b', '--to', 'python'],
    })
    expect(parseArgv(['--', '--odd-name', 'a'], ARGS)).toEqual({ args: { module: '--odd-name' }, moduleArgs: ['a'] })
  })

  test('bad options: unknown, missing value, invalid choice', async () => {
    const { parseArgv } = await import('../../../src/cli/argv')
    const { ARGS } = await import('../../../src/cli/args')
    expect(thrown(PhicodeError, () => parseArgv(['--nope'], ARGS)).message).toBe('unknown option --nope (did you mean --node? see phicode --help)')
    expect(thrown(PhicodeError, () => parseArgv(['--convert'], ARGS)).message).toBe('option --convert needs a value')
    expect(thrown(PhicodeError, () => parseArgv(['--to', 'rust'], ARGS)).message).toBe(
      'invalid value for --to: rust (expected phicode, python, typescript)',
    )
  })
})
