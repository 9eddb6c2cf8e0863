/**
 * What reaches the φ error reporter besides an Error thrown by the program: values that are no
 * Error, an error's own properties, an error made in Bun's own code, `throw null`, a lone syntax
 * error on φ columns. `runBun` from source runs the φ twin in a child Bun; the real `bun main.ts`
 * is the oracle, or the text is written by hand where no Bun output can be compared.
 */
import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { BUN, ROOT } from '../../../helpers/root'
import { tempProject } from '../../../helpers/tmp'

const RUNNER = `
const entry = process.argv.at(-1)
const { runBun } = await import(${JSON.stringify(join(ROOT, 'src/runtime/bun/index.ts'))})
const outcome = await runBun({ entry: { path: entry, kind: 'phi', dialect: 'typescript', root: process.cwd() }, args: [], cwd: process.cwd(), fileExtension: '.φ' })
if (outcome !== 'in-process') process.exitCode = outcome.exitCode
`

/** A mutation run switches its mutant on in every process by this variable: the children need it too. */
const stryker: Record<string, string> = process.env.__STRYKER_ACTIVE_MUTANT__ ? { __STRYKER_ACTIVE_MUTANT__: process.env.__STRYKER_ACTIVE_MUTANT__ } : {}
const ENV = { PATH: process.env.PATH ?? '', NO_COLOR: '1', PHICODE_SLOW_START_MS: '600000', ...stryker }

const ran = (r: ReturnType<typeof Bun.spawnSync>) => ({ stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), exitCode: r.exitCode })

/** `main.φ` of `dir` run as phicode runs a φ entry in-process. */
const phi = (dir: string) => ran(Bun.spawnSync([BUN, '-e', RUNNER, join(dir, 'main.φ')], { cwd: dir, env: ENV }))

/** The real Bun on `main.ts` of `dir`, its file named as the φ twin. */
function bun(dir: string) {
  const r = ran(Bun.spawnSync([BUN, 'main.ts'], { cwd: dir, env: ENV }))
  return { ...r, stderr: r.stderr.replaceAll(join(dir, 'main.ts'), join(dir, 'main.φ')) }
}

const twins = (text: string): string => tempProject({ 'package.json': '{}', 'main.ts': text, 'main.φ': text })

const FOOTER = `\nBun v${Bun.version} (Linux ${process.arch})\n`

describe('the φ error reporter, as Bun reports', () => {
  test.each(['42', '"text"', 'null', 'undefined', '{ code: 7, name: "x" }', '{ name: "N", message: "m" }', '{ message: "m" }', '{ name: 5 }', '[1, 2]', 'Symbol("s")', 'Symbol()'])('a rejected %s, after the program loaded', (value) => {
    const dir = twins(`await 0\nsetTimeout(() => Promise.reject(${value}), 0)\n`)
    const expected = bun(dir)
    expect(expected.exitCode).toBe(1)
    expect(phi(dir)).toEqual(expected)
  })

  test('a rejected Error with properties of its own: listed under its message', () => {
    const dir = twins('setTimeout(async () => {\n  const e = new TypeError("boom")\n  Object.assign(e, { code: "E1", extra: 1 })\n  throw e\n}, 0)\n')
    const expected = bun(dir)
    expect(expected.stderr).toContain('TypeError: boom\n extra: 1,\n  code: "E1"\n\n      at ')
    expect(phi(dir)).toEqual(expected)
  })

  test('a rejected Error with an empty message: named `Error`, not `error`', () => {
    const dir = twins('setTimeout(async () => {\n  throw new Error("")\n}, 0)\n')
    const expected = bun(dir)
    expect(expected.stderr).toContain('\nError: \n      at ')
    expect(phi(dir)).toEqual(expected)
  })

  test('an import of a file that is not there: Bun\'s own report', () => {
    const dir = twins('import "./missing.ts"\n')
    const expected = bun(dir)
    expect(expected.stderr).toContain("error: Cannot find module './missing.ts' from '")
    expect(phi(dir)).toEqual(expected)
  })

  test('an error made in Bun\'s own code, no frame of the program\'s', () => {
    const dir = twins('setTimeout(JSON.parse, 0, "{")\n')
    const expected = bun(dir)
    expect(expected.stderr).toBe(`SyntaxError: JSON Parse error: Expected '}'\n${FOOTER}`)
    expect(phi(dir)).toEqual(expected)
  })

  test('throw null and throw undefined at the top of the entry', () => {
    for (const value of ['null', 'undefined']) {
      const dir = twins(`throw ${value}\n`)
      const expected = bun(dir)
      expect(expected.stderr).toBe(`error: ${value}\n${value}\n${FOOTER}`)
      expect(phi(dir)).toEqual(expected)
    }
  })

  test('a value that is no Error thrown in a callback: Bun\'s lines but the frame and `at` line of the throw, which a handler cannot know', () => {
    const dir = twins('setTimeout(() => {\n  throw "text"\n}, 0)\n')
    expect(bun(dir).stderr).toContain('\nerror: text\n      at ')
    expect(phi(dir)).toEqual({ stdout: '', stderr: `error: text\n${FOOTER}`, exitCode: 1 })
  })

  test('one syntax error in φ with symbols: drawn on the φ line and column', () => {
    // Converted, `function f(true) {}`: Bun finds `true` at column 12; it is the φ line's ✓, column 5.
    const dir = tempProject({ 'package.json': '{}', 'main.φ': 'ƒ f(✓) {}\n' })
    const file = join(dir, 'main.φ')
    expect(phi(dir)).toEqual({ stdout: '', stderr: `1 | ƒ f(✓) {}\n${' '.repeat(8)}^\nerror: Expected identifier but found "true"\n    at ${file}:1:5\n${FOOTER}`, exitCode: 1 })
  })
})
