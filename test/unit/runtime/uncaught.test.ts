/**
 * Uncaught errors of a φ entry run in-process on Bun (`runBun` from source, in a child Bun), drawn
 * as the real Bun draws them: a φ file holding plain TypeScript must print exactly what `bun` prints
 * for the same text in a .ts file; φ symbols move columns, written out by hand.
 */
import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { BUN, ROOT } from '../../helpers/root'
import { tempProject } from '../../helpers/tmp'

const RUNNER = `
const entry = process.argv.at(-1)
const { runBun } = await import(${JSON.stringify(join(ROOT, 'src/runtime/bun/index.ts'))})
const outcome = await runBun({ entry: { path: entry, kind: 'phi', dialect: 'typescript', root: process.cwd() }, args: [], cwd: process.cwd(), fileExtension: '.φ' })
if (outcome !== 'in-process') process.exitCode = outcome.exitCode
`

interface Ran {
  stdout: string
  stderr: string
  exitCode: number | null
}

/** A mutation run switches its mutant on in every process by this variable: the children need it too. */
const stryker: Record<string, string> = process.env.__STRYKER_ACTIVE_MUTANT__ ? { __STRYKER_ACTIVE_MUTANT__: process.env.__STRYKER_ACTIVE_MUTANT__ } : {}
const ENV = { PATH: process.env.PATH ?? '', NO_COLOR: '1', PHICODE_SLOW_START_MS: '600000', ...stryker }

const ran = (r: ReturnType<typeof Bun.spawnSync>): Ran => ({ stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), exitCode: r.exitCode })

/** `main.φ` of `dir` run as phicode runs a φ entry in-process. */
const phi = (dir: string, entry = 'main.φ'): Ran => ran(Bun.spawnSync([BUN, '-e', RUNNER, join(dir, entry)], { cwd: dir, env: ENV }))

/** The real Bun on `main.ts` of `dir`, its file named as the φ twin so both outputs compare. */
function bun(dir: string): Ran {
  const r = ran(Bun.spawnSync([BUN, 'main.ts'], { cwd: dir, env: ENV }))
  return { ...r, stderr: r.stderr.replaceAll(join(dir, 'main.ts'), join(dir, 'main.φ')) }
}

/** A project whose main.ts and main.φ hold the same text. */
const twins = (text: string, more: Record<string, string> = {}): string => tempProject({ 'package.json': '{}', 'main.ts': text, 'main.φ': text, ...more })

describe('a φ entry that throws', () => {
  test('from a constructor called with new, two frames deep: the same report as Bun, the `new` columns included', () => {
    const dir = twins('class Foo {\n  constructor(n: number) {\n    throw new TypeError("bad " + n)\n  }\n}\nfunction outer() {\n  return new Foo(2)\n}\nouter()\n')
    const expected = bun(dir)
    expect(expected.stderr).toContain('at outer (')
    expect(phi(dir)).toEqual(expected)
  })

  test('a constructor reached through a namespace, spaced, past line 9: the same report as Bun', () => {
    const lines = Array.from({ length: 9 }, (_, k) => `const pad${k} = ${k}`)
    const dir = twins([
      ...lines,
      'const ns = { inner: { Foo: class { constructor() { throw new Error("deep") } } } }',
      'function make() {',
      '  const made = [new  ns . inner.Foo()]',
      '  return made',
      '}',
      'make()',
      '',
    ].join('\n'))
    const expected = bun(dir)
    expect(expected.stderr).toContain(`at make (${join(dir, 'main.φ')}:12:17)`)
    expect(phi(dir)).toEqual(expected)
  })

  test('an unhandled rejection after an await: the same report as Bun', () => {
    const dir = twins('async function later() {\n  await 0\n  throw new Error("later")\n}\nlater()\n')
    const expected = bun(dir)
    expect(expected.exitCode).toBe(1)
    expect(phi(dir)).toEqual(expected)
  })

  test('a value that is no Error is printed by the inspector, as Bun prints it', () => {
    for (const thrown of ['{ code: 7, name: "x" }', '42']) {
      const dir = twins(`console.log("before")\nthrow ${thrown}\n`)
      expect(phi(dir)).toEqual(bun(dir))
    }
  })

  test('an error from a plain module keeps its own columns; an Error subclass its name', () => {
    const dir = twins('import { fail } from "./lib.ts"\nfail()\n', { 'lib.ts': 'export function fail() {\n  throw new RangeError("out of range")\n}\n' })
    const expected = bun(dir)
    expect(expected.stderr).toContain('RangeError: out of range')
    expect(phi(dir)).toEqual(expected)
  })

  test('a program that handles uncaught errors itself keeps them: nothing is printed for it', () => {
    const dir = twins('process.on("uncaughtException", (e) => { console.log("own", e.message); process.exit(3) })\nprocess.on("unhandledRejection", (e) => { console.log("own rejection", e) })\nPromise.reject("r")\nsetTimeout(() => { throw new Error("x") }, 1)\n')
    const expected = bun(dir)
    expect(expected).toEqual({ stdout: 'own rejection r\nown x\n', stderr: '', exitCode: 3 })
    expect(phi(dir)).toEqual(expected)
  })

  test('a syntax error Bun finds in the converted code: the same report as Bun', () => {
    const dir = twins('const a = 1\nconst x = (\n')
    const expected = bun(dir)
    expect(expected.stderr).toContain('error: Unexpected end of file')
    expect(phi(dir)).toEqual(expected)
  })

  test('with φ symbols: the φ lines in the frame and φ columns in every line of a φ file, `new` included', () => {
    const dir = tempProject({
      'package.json': '{}',
      'main.φ': 'ℂ Foo {\n  constructor() { ↑ new Error("boom") }\n}\nƒ make() {\n  const f = [✓, new Foo()]\n  ⟲ f\n}\nmake()\n',
      'main.ts': 'class Foo {\n  constructor() { throw new Error("boom") }\n}\nfunction make() {\n  const f = [true, new Foo()]\n  return f\n}\nmake()\n',
    })
    const file = join(dir, 'main.φ')
    const twin = bun(dir)
    // The converted code's columns, as Bun reports them for the hand-converted twin.
    expect(twin.stderr).toContain(`at new Foo (${file}:2:29)\n      at make (${file}:5:20)\n`)
    const footer = twin.stderr.slice(twin.stderr.lastIndexOf('\nBun v'))
    expect(phi(dir)).toEqual({
      stdout: '',
      stderr: `1 | ℂ Foo {\n2 |   constructor() { ↑ new Error("boom") }\n${' '.repeat(28)}^\nerror: boom\n      at new Foo (${file}:2:25)\n      at make (${file}:5:17)\n      at ${file}:8:1\n${footer}`,
      exitCode: 1,
    })
  })

  test('with φ symbols, a syntax error is drawn on the φ line and column', () => {
    const dir = tempProject({ 'package.json': '{}', 'main.φ': 'π(1)\n¿ (✓ {\n' })
    const file = join(dir, 'main.φ')
    const result = phi(dir)
    expect(result.exitCode).toBe(1)
    const footer = result.stderr.slice(result.stderr.lastIndexOf('\nBun v'))
    const line = '2 | ¿ (✓ {\n'
    expect(result.stderr).toBe(`${line}${' '.repeat(9)}^\nerror: Expected ")" but found "{"\n    at ${file}:2:6\n\n${line}${' '.repeat(10)}^\nerror: Unexpected end of file\n    at ${file}:2:7\n${footer}`)
  })
})
