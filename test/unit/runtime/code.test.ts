/**
 * `startCode` (`-c CODE` and `-`) from source, in a child Bun as the CLI calls it: what the
 * end-to-end suite (test/e2e/cli/code.test.ts) does not reach. Expected values written by hand.
 */
import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { BUN, ROOT } from '../../helpers/root'
import { tempProject } from '../../helpers/tmp'
import { cpythonOnlyPackage } from '../../helpers/user-site'

const RUNNER = `
const request = JSON.parse(process.argv.at(-1))
const { startCode } = await import(${JSON.stringify(join(ROOT, 'src/runtime/code.ts'))})
const { PhicodeError } = await import(${JSON.stringify(join(ROOT, 'src/errors.ts'))})
try {
  const outcome = await startCode({ args: [], flags: {}, debug: false, cwd: process.cwd(), ...request })
  if (outcome !== 'in-process') process.exitCode = outcome.exitCode ?? 1
} catch (error) {
  if (!(error instanceof PhicodeError)) throw error
  console.error('refused:', error.exitCode, error.message)
  process.exitCode = error.exitCode
}
`

/** A mutation run switches its mutant on in every process by this variable: the children need it too. */
const stryker: Record<string, string> = process.env.__STRYKER_ACTIVE_MUTANT__ ? { __STRYKER_ACTIVE_MUTANT__: process.env.__STRYKER_ACTIVE_MUTANT__ } : {}
// numpy, for the --python analysis, is a package of python3's alone (a stand-in when no numpy is installed).
const ENV = { PATH: process.env.PATH ?? '', NO_COLOR: '1', PHICODE_SLOW_START_MS: '600000', PHICODE_CACHE: '0', PYTHONUSERBASE: cpythonOnlyPackage('numpy'), ...stryker }

function start(cwd: string, request: Record<string, unknown>): { stdout: string; stderr: string; exitCode: number | null } {
  const r = Bun.spawnSync([BUN, '-e', RUNNER, JSON.stringify(request)], { cwd, env: ENV })
  return { stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), exitCode: r.exitCode }
}

describe('startCode', () => {
  const dir = tempProject({ 'package.json': '{}', '.env': 'FROM_DOTENV=yes\n' })

  test('--dialect against an interpreter flag, and --node with -c or -, are exit 64', () => {
    expect(start(dir, { source: 'π(1)', name: '-c', dialect: 'typescript', flags: { pypy: true } }).stderr).toBe('refused: 64 --dialect typescript does not go with an interpreter for python\n')
    expect(start(dir, { source: 'π(1)', name: '-c', flags: { node: true } }).stderr).toBe('refused: 64 -c runs TypeScript on the built-in Bun; --node needs a file\n')
    expect(start(dir, { source: 'π(1)', name: '-', flags: { node: true } }).stderr).toBe('refused: 64 - runs TypeScript on the built-in Bun; --node needs a file\n')
  })

  test('--dialect that agrees with the flag runs; the .env files of the working directory apply to TypeScript', () => {
    expect(start(dir, { source: 'π(process.env.FROM_DOTENV)', name: '-c', dialect: 'typescript', flags: { bun: true } })).toEqual({ stdout: 'yes\n', stderr: '', exitCode: 0 })
  })

  test("φ TypeScript that cannot be converted: Bun's syntax-error form on the program's own name, exit 1", () => {
    const c = start(dir, { source: 'π(1)\nπ("open', name: '-c', dialect: 'typescript' })
    expect(c.exitCode).toBe(1)
    expect(c.stdout).toBe('')
    expect(c.stderr).toMatch(new RegExp(`^error: .+\\n    at ${join(dir, '[eval].tsx').replace(/[.[\]]/g, '\\$&')}:2:3\\n\\nBun v`))
    const stdin = start(dir, { source: 'π("open', name: '-', dialect: 'typescript' })
    expect(stdin.stderr).toContain(`    at ${join(dir, '[stdin].tsx')}:1:3\n`)
  })

  test('a Python program: sys.argv[0] is its name, the project config warnings are shown', () => {
    const project = tempProject({ '.(φ)/config.json': '{"python":{"symbols":{"print":"def"}}}' })
    const r = start(project, { source: '⇒ sys\nπ(sys.argv)', name: '-', dialect: 'python', args: ['a'] })
    expect(r.stdout).toBe("['-', 'a']\n")
    expect(r.stderr).toBe(`phicode: warning: ${join(project, '.(φ)/config.json')}: symbols.print: 'def' is a reserved word of python; mapping skipped\n`)
  })

  test('--python lets the analysis pick PyPy for pure Python given as text', () => {
    expect(start(dir, { source: '⇒ sys\nπ(sys.implementation.name)', name: '-c', flags: { python: true } }).stdout).toBe('pypy\n')
    expect(start(dir, { source: '⇒ numpy\n⇒ sys\nπ(sys.implementation.name)', name: '-c', flags: { python: true } }).stdout).toBe('cpython\n')
  })

  test('the program is vetted as <string> or <stdin>, its φ converted first; --bypass skips that', () => {
    const strict = tempProject({ '.(φ)/config.json': '{"security": {"mode": "block"}}' })
    const threat = '⇒ subprocess\nπ("ran")'
    const c = start(strict, { source: threat, name: '-c', dialect: 'python' })
    expect([c.exitCode, c.stdout]).toEqual([79, ''])
    expect(c.stderr).toContain('<string>: not run, the security scanner found 1 threat')
    expect(start(strict, { source: threat, name: '-', dialect: 'python' }).stderr).toContain('<stdin>: not run')
    expect(start(strict, { source: threat, name: '-c', dialect: 'python', bypass: true })).toEqual({ stdout: 'ran\n', stderr: '', exitCode: 0 })
    const warned = start(tempProject({ 'package.json': '{}' }), { source: threat, name: '-c', dialect: 'python' })
    expect(warned.stdout).toBe('ran\n')
    expect(warned.stderr).toStartWith('phicode: warning: security: <string>:1:1: py-subprocess')
  })

  test("Python text is converted with the project's Python symbols, its errors named <string> or <stdin>", () => {
    const custom = tempProject({ '.(φ)/config.json': '{"python": {"symbols": {"import": "⇩"}}}' })
    expect(start(custom, { source: '⇩ sys\nπ(sys.argv[0])', name: '-c', dialect: 'python' }).stdout).toBe('-c\n')
    const c = start(dir, { source: 'π(1)\nπ("open', name: '-c', dialect: 'python' })
    expect(c.exitCode).not.toBe(0)
    expect(c.stderr).toContain('<string>:2:')
    expect(start(dir, { source: 'π("open', name: '-', dialect: 'python' }).stderr).toContain('<stdin>:1:')
  })
})
