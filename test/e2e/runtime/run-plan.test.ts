/**
 * A run remembers what it decided before the program started (entry, dialect, interpreter, a
 * quiet security check) and the next run of the same command line replays it while nothing it
 * was decided from changed (src/runtime/plan.ts). These tests change one such thing between two
 * runs and expect the second run to see it; expected outputs are written by hand.
 */
import { describe, expect, test } from 'bun:test'
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { required } from '../../helpers/prerequisites'
import { tempProject } from '../../helpers/tmp'

function project(files: Record<string, string>): { dir: string; home: string } {
  const dir = tempProject(files, 'phicode-plan-')
  return { dir, home: join(dir, '.home') }
}

async function run(p: { dir: string; home: string }, args: string[], cwd = p.dir) {
  // Quiet however loaded the machine is: a start-up over 1 s would add its warning to stderr.
  const result = await runPhicode(args, { cwd, env: { PHICODE_HOME: p.home, PHICODE_SLOW_START_MS: '600000' } })
  return { code: result.code, stdout: result.stdout, stderr: result.stderr }
}

const plans = (p: { home: string }): string[] => readdirSync(join(p.home, 'plans'))

describe('a remembered run plan', () => {
  test('is written by a quiet run and replayed by the next, with the same result', async () => {
    const p = project({ 'pyproject.toml': '', 'app.φ': '⇒ sys\nπ(sys.argv[1:])\nsys.exit(3)\n' })
    const first = await run(p, ['app.φ', 'a', '--b'])
    expect(first).toEqual({ code: 3, stdout: "['a', '--b']\n", stderr: '' })
    expect(plans(p)).toHaveLength(1)
    // The interpreter is started from the plan, before the config and cache are opened.
    expect(await run(p, ['app.φ', 'a', '--b'])).toEqual(first)
    expect(plans(p)).toHaveLength(1)
  })

  test('is not trusted once the entry changes (its pragma decides the dialect)', async () => {
    const p = project({ 'package.json': '{}', 'x.φ': '// phicode: typescript\nπ([1, 2])\n' })
    expect((await run(p, ['x.φ'])).stdout).toBe('[ 1, 2 ]\n')
    writeFileSync(join(p.dir, 'x.φ'), '# phicode: python\nπ([1, 2])\n')
    expect((await run(p, ['x.φ'])).stdout).toBe('[1, 2]\n')
  })

  test('is not trusted once the entry changes in place at the same size', async () => {
    const before = '// phicode: typescript\nπ([1, 2])\n'
    const after = '# phicode: python\nπ([1, 2])     \n'
    expect(after.length).toBe(before.length)
    const p = project({ 'package.json': '{}', 'x.φ': before })
    const entry = join(p.dir, 'x.φ')
    expect((await run(p, ['x.φ'])).stdout).toBe('[ 1, 2 ]\n')
    const { mtime } = statSync(entry)
    writeFileSync(entry, after)
    // A later modification time without waiting for the clock to move.
    utimesSync(entry, mtime, new Date(mtime.getTime() + 5000))
    expect((await run(p, ['x.φ'])).stdout).toBe('[1, 2]\n')
  })

  test('is not trusted once the entry changes in place at the same size and modification time', async () => {
    const before = '// phicode: typescript\nπ([1, 2])\n'
    const after = '# phicode: python\nπ([1, 2])     \n'
    const p = project({ 'package.json': '{}', 'x.φ': before })
    const entry = join(p.dir, 'x.φ')
    for (let k = 0; k < 2; k++) expect((await run(p, ['x.φ'])).stdout).toBe('[ 1, 2 ]\n')
    const stat = statSync(entry)
    writeFileSync(entry, after)
    utimesSync(entry, stat.atime, stat.mtime)
    expect(statSync(entry).size).toBe(stat.size)
    expect((await run(p, ['x.φ'])).stdout).toBe('[1, 2]\n')
  })

  test('is not trusted once a nearer project marker appears', async () => {
    const p = project({ '.git/HEAD': '', 'package.json': '{}', 'app/x.φ': 'π([1, 2])\n' })
    const cwd = join(p.dir, 'app')
    expect((await run(p, ['x.φ'], cwd)).stdout).toBe('[ 1, 2 ]\n')
    writeFileSync(join(cwd, 'pyproject.toml'), '')
    expect((await run(p, ['x.φ'], cwd)).stdout).toBe('[1, 2]\n')
  })

  test('is not trusted once a config says otherwise', async () => {
    const p = project({ 'package.json': '{}', 'x.φ': 'π([1, 2])\n' })
    expect((await run(p, ['x.φ'])).stdout).toBe('[ 1, 2 ]\n')
    mkdirSync(join(p.dir, '.(φ)'))
    writeFileSync(join(p.dir, '.(φ)', 'config.json'), '{"language": "python"}\n')
    expect((await run(p, ['x.φ'])).stdout).toBe('[1, 2]\n')
  })

  test('is not trusted once a module name would find another file', async () => {
    const p = project({ 'package.json': '{}', 'app.ts': 'console.log("app.ts")\n' })
    expect((await run(p, ['app'])).stdout).toBe('app.ts\n')
    // φ files come before plain ones for a module name.
    writeFileSync(join(p.dir, 'app.φ'), 'π("app.φ")\n')
    expect((await run(p, ['app'])).stdout).toBe('app.φ\n')
  })

  test('is not kept when the run printed a warning, so the warning is printed every time', async () => {
    const p = project({ 'package.json': '{}', '.(φ)/config.json': '{"unknown_field": 1}\n', 'x.φ': 'π("ok")\n' })
    for (let k = 0; k < 2; k++) {
      const result = await run(p, ['x.φ'])
      expect(result.stdout).toBe('ok\n')
      expect(result.stderr).toContain("unknown field 'unknown_field' ignored")
    }
    expect(() => plans(p)).toThrow()
  })

  test('is what the next run does: an interpreter written into it by hand is the one that runs', async () => {
    const p = project({ 'pyproject.toml': '', 'app.φ': '⇒ sys\nπ(sys.implementation.name)\n' })
    expect((await run(p, ['app.φ'])).stdout).toBe('cpython\n')
    const [name] = plans(p)
    const file = join(p.home, 'plans', name!)
    const plan = JSON.parse(readFileSync(file, 'utf8')) as { interpreter: { kind: string; path: string; version: string } }
    const pypy = Bun.spawnSync([required('pypy3'), '-c', 'import sys; print(sys.executable); print("%d.%d.%d" % sys.pypy_version_info[:3])'], { stdout: 'pipe' })
    expect(pypy.exitCode).toBe(0)
    const [path, version] = pypy.stdout.toString().trim().split('\n')
    // Every path the plan was decided from is unchanged, so it is replayed as written.
    writeFileSync(file, JSON.stringify({ ...plan, interpreter: { ...plan.interpreter, kind: 'pypy', path, version } }))
    expect((await run(p, ['app.φ'])).stdout).toBe('pypy\n')
  })

  test('of a --bypass run is not the plan of the same run without it: the security check still stops that one', async () => {
    const p = project({ 'main.φ': '⇒ os\nπ("ran")\nos.system("true")\n', '.(φ)/config.json': '{"security": {"mode": "block"}}' })
    expect(await run(p, ['--bypass', 'main.φ'])).toEqual({ code: 0, stdout: 'ran\n', stderr: '' })
    expect(await run(p, ['--bypass', 'main.φ'])).toEqual({ code: 0, stdout: 'ran\n', stderr: '' })
    const checked = await run(p, ['main.φ'])
    expect({ code: checked.code, stdout: checked.stdout }).toEqual({ code: 79, stdout: '' })
    expect(checked.stderr).toContain('the security scanner found 1 threat')
  })

  test('of `-m tool` is not the plan of `tool`: one runs the package, the other the file tool.φ', async () => {
    const p = project({ 'pyproject.toml': '', 'tool.φ': 'π("file", __name__)\n', 'tool/__main__.φ': 'π("package", __name__)\n', 'tool/__init__.φ': '' })
    expect((await run(p, ['-m', 'tool'])).stdout).toBe('package __main__\n')
    expect((await run(p, ['-m', 'tool'])).stdout).toBe('package __main__\n')
    expect((await run(p, ['tool'])).stdout).toBe('file __main__\n')
  })

  test('replayed, still reports a failure of the run itself as a first run does', async () => {
    const p = project({ 'package.json': '{}', 'tsconfig.json': '{}', 'x.φ': '// phicode: typescript\nπ(1)\n' })
    expect((await run(p, ['x.φ'])).stdout).toBe('1\n')
    expect(plans(p)).toHaveLength(1)
    // The plan holds (the tsconfig is no input of the decision); the run reads it and stops.
    writeFileSync(join(p.dir, 'tsconfig.json'), '{ "compilerOptions": \n')
    const stderr = `phicode: error: ${join(p.dir, 'tsconfig.json')}:2:1: invalid JSON here\n`
    expect(await run(p, ['x.φ'])).toEqual({ code: 78, stdout: '', stderr })
    expect(plans(p)).toHaveLength(1)
  })
})

/**
 * A planned run on the built-in Bun loads no config and no converter before the program
 * (src/runtime/bun/planned.ts): what only a failure needs is loaded when it happens. Each case runs
 * the same command twice, the second time from the plan, and expects the same answer.
 */
describe('a planned run on the built-in Bun', () => {
  test('a φ program that throws is shown on its φ lines, as on the first run', async () => {
    const p = project({ 'package.json': '{}', 'app.φ': 'ƒ fail() {\n  throw new Error("boom")\n}\nfail()\n' })
    const first = await run(p, ['app.φ'])
    expect(first.code).toBe(1)
    // The φ line, not the converted `function fail() {`.
    expect(first.stderr).toContain('1 | ƒ fail() {\n2 |   throw new Error("boom")\n')
    expect(first.stderr).toContain(`error: boom\n      at fail (${join(p.dir, 'app.φ')}:2:13)\n      at ${join(p.dir, 'app.φ')}:4:1\n`)
    expect(plans(p)).toHaveLength(1)
    expect(await run(p, ['app.φ'])).toEqual(first)
  })

  const HINT = (file: string) =>
    `phicode: ${file} was read as TypeScript, a guess from the nearest project marker, package.json. If it is Python, ` +
    'pin it: a first line "# phicode: python", --python on the command line, or "language": "python" in the project\'s .(φ)/config.json\n'

  test('φ that does not convert gives the syntax error and the dialect hint, as on the first run', async () => {
    // Python's triple quotes: to the TypeScript scanner, `""` then a string the line ends in.
    const p = project({ 'package.json': '{}', 'doc.φ': 'DOC = """first\nsecond"""\nπ(DOC)\n' })
    const first = await run(p, ['doc.φ'])
    expect(first).toMatchObject({ code: 1, stdout: '' })
    expect(first.stderr.startsWith('1 | DOC = """first\n            ^\nerror: unterminated string literal: the line ends before its closing quote\n' +
      `    at ${join(p.dir, 'doc.φ')}:1:9\n`)).toBe(true)
    expect(first.stderr.endsWith(`\n${HINT('doc.φ')}`)).toBe(true)
    expect(plans(p)).toHaveLength(1)
    expect(await run(p, ['doc.φ'])).toEqual(first)
  })

  test('a guessed program that fails as it runs gets the dialect hint, as on the first run', async () => {
    const p = project({ 'package.json': '{}', 'settings.φ': 'SETTINGS = {\n    "debug": ✓,\n}\nπ(SETTINGS)\n' })
    const first = await run(p, ['settings.φ'])
    expect(first.code).toBe(1)
    expect(first.stderr).toContain('ReferenceError: SETTINGS is not defined\n')
    expect(first.stderr.endsWith(HINT('settings.φ'))).toBe(true)
    expect(plans(p)).toHaveLength(1)
    expect(await run(p, ['settings.φ'])).toEqual(first)
  })

  test('a module the remembered graph does not have is converted when it is first imported', async () => {
    const p = project({ 'package.json': '{}', 'app.φ': 'const name = process.argv[2]\nconst m = await import(`./${name}.φ`)\nπ(m.value)\n', 'one.φ': 'export const value = 1\n', 'two.φ': 'ƒ twice(n: number) { ⟲ n * 2 }\nexport const value = twice(21)\n' })
    expect(await run(p, ['app.φ', 'one'])).toEqual({ code: 0, stdout: '1\n', stderr: '' })
    // Same command line but for the argument, so the same plan and graph; `two.φ` is in neither.
    expect(await run(p, ['app.φ', 'two'])).toEqual({ code: 0, stdout: '42\n', stderr: '' })
    expect(plans(p)).toHaveLength(1)
  })

  test('a tsconfig edited to ask for legacy decorators after the walk was kept is seen by the next run', async () => {
    // A legacy decorator gets (prototype, name, descriptor), a standard one (method, context). The
    // φ module lies beside the entry's folder: only the entry's own tsconfig lookup reads app/tsconfig.json.
    const p = project({
      'package.json': '{}',
      'app/tsconfig.json': '{}\n',
      'app/main.ts': 'import { mark } from "../lib/mark.φ"\nclass A { @mark m() {} }\n',
      'lib/mark.φ': 'export ƒ mark(target: any, key: any) { π(typeof key) }\n',
    })
    const app = join(p.dir, 'app')
    // The third run starts from the walk the second kept.
    for (let k = 0; k < 3; k++) expect(await run(p, ['main.ts'], app)).toEqual({ code: 0, stdout: 'object\n', stderr: '' })
    writeFileSync(join(app, 'tsconfig.json'), '{ "compilerOptions": { "experimentalDecorators": true } }\n')
    expect(await run(p, ['main.ts'], app)).toEqual({ code: 0, stdout: 'string\n', stderr: '' })
  })
})
