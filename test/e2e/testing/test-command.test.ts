/**
 * `phicode --test`: φ test files run by the Bun inside the binary, each case compared with plain
 * `bun test` on the TypeScript originals the φ files were converted from.
 */
import { describe, expect, test } from 'bun:test'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PHICODE, ROOT, runCommand, runPhicode, type RunResult } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'
import { BUN, twinProject } from '../../helpers/project'

const testFile = (name: string) => `import { test, expect } from "bun:test"\ntest("${name}", () => {\n  expect(typeof "${name}").toBe("string")\n})\n`

const MATH = `import { test, expect } from "bun:test"
function add(a: number, b: number) {
  return a + b
}
test("adds", () => {
  expect(add(1, 2)).toBe(3)
})
test("fails", () => {
  expect(add(1, 2)).toBe(4)
})
`

const LIB = `export function sign(n: number): string {
  if (n > 0) {
    return "pos"
  } else if (n < 0) {
    return "neg"
  }
  return "zero"
}
`

const LIB_TEST = `import { test, expect } from "bun:test"
import { sign } from "./lib"
test("sign of a positive number", () => {
  expect(sign(3)).toBe("pos")
})
`

const HANG = `import { test } from "bun:test"
test("hangs", async () => {
  console.log("READY", process.pid)
  await new Promise(() => {})
}, 60000)
`

/** Test files named as Bun finds them, and names it does not take; `.phi` is a φ extension too. */
const FILES: Record<string, string> = {
  'a.test.ts': testFile('a.test'),
  'b_test.ts': testFile('b_test'),
  'c.spec.ts': testFile('c.spec'),
  'd_spec.ts': testFile('d_spec'),
  'sub/e.test.ts': testFile('sub/e.test'),
  'f.test.ts': testFile('f.test (plain TypeScript)'),
  'g_test_x.ts': testFile('g_test_x'),
  'notatest.ts': testFile('notatest'),
  'node_modules/pkg/h.test.ts': testFile('node_modules'),
  '.hidden/i.test.ts': testFile('.hidden'),
  'math/math.test.ts': MATH,
  'cov/lib.ts': LIB,
  'cov/lib.test.ts': LIB_TEST,
  'hang/hang.test.ts': HANG,
  'bail/one.test.ts': 'import { test, expect } from "bun:test"\ntest("one fails", () => {\n  expect(1).toBe(2)\n})\n',
  'bail/two.test.ts': 'import { test, expect } from "bun:test"\ntest("two fails", () => {\n  expect(2).toBe(3)\n})\n',
}

const AS_PHI: Record<string, string> = {
  'a.test.ts': '.φ', 'b_test.ts': '.φ', 'c.spec.ts': '.φ', 'd_spec.ts': '.phi', 'sub/e.test.ts': '.φ', 'g_test_x.ts': '.φ',
  'notatest.ts': '.φ', 'node_modules/pkg/h.test.ts': '.φ', '.hidden/i.test.ts': '.φ', 'math/math.test.ts': '.φ',
  'cov/lib.ts': '.φ', 'cov/lib.test.ts': '.φ', 'hang/hang.test.ts': '.φ',
  'bail/one.test.ts': '.φ', 'bail/two.test.ts': '.φ',
}

const dir = tempDir()
const { ts, phi } = twinProject(dir, FILES, AS_PHI)
/** phicode's state (the preload it writes) and temporary files stay in the test's own folders. */
const home = join(dir, 'home')
const tmp = join(dir, 'tmp')
const ENV = { PHICODE_HOME: home, TMPDIR: tmp }
Bun.spawnSync(['mkdir', '-p', tmp])

const phicodeTest = (args: string[], env: Record<string, string> = ENV) => runPhicode(['--test', ...args], { cwd: phi, env, timeout: 60_000 })
const bunTest = (args: string[]) => runCommand([BUN, 'test', ...args], { cwd: ts, timeout: 60_000 })

const output = (r: RunResult) => r.stdout + r.stderr
const passed = (r: RunResult) => [...output(r).matchAll(/^\(pass\) (.+?)(?: \[[\d.]+m?s\])?$/gm)].map((m) => m[1]).sort()
const failed = (r: RunResult) => [...output(r).matchAll(/^\(fail\) (.+?)(?: \[[\d.]+m?s\])?$/gm)].map((m) => m[1]).sort()

describe('discovery', () => {
  test('runs every φ test pattern and plain .test.ts files, as bun test runs their originals', async () => {
    const ignore = ['math/**', 'hang/**', 'bail/**'].map((glob) => `--path-ignore-patterns=${glob}`)
    const [ours, bun] = await Promise.all([phicodeTest(ignore), bunTest(ignore)])
    const expected = ['a.test', 'b_test', 'c.spec', 'd_spec', 'f.test (plain TypeScript)', 'sign of a positive number', 'sub/e.test']
    expect(passed(bun)).toEqual(expected)
    expect({ code: ours.code, passed: passed(ours) }).toEqual({ code: 0, passed: expected })
    // The headings name the φ files themselves.
    for (const name of ['a.test.φ:', 'b_test.φ:', 'c.spec.φ:', 'd_spec.phi:', 'sub/e.test.φ:', 'f.test.ts:']) expect(output(ours)).toContain(`\n${name}\n`)
  })

  test('a path filter: a folder, a file, or part of a path', async () => {
    for (const [filter, expected] of [
      ['sub', ['sub/e.test']],
      ['./b_test.φ', ['b_test']],
      ['spec', ['c.spec', 'd_spec']],
    ] as const) {
      const bunFilter = filter.replace('.φ', '.ts')
      const [ours, bun] = await Promise.all([phicodeTest([filter]), bunTest([bunFilter])])
      expect(passed(bun)).toEqual([...expected])
      expect({ filter, code: ours.code, passed: passed(ours) }).toEqual({ filter, code: 0, passed: [...expected] })
    }
  })

  test('bunfig.toml [test] root and pathIgnorePatterns choose φ test files as they choose Bun\'s', async () => {
    const { ts: tsCfg, phi: phiCfg } = twinProject(join(dir, 'bunfig'), {
      'bunfig.toml': '[test]\nroot = "src"\npathIgnorePatterns = ["src/skip*"]\n',
      'src/a.test.ts': testFile('src/a'),
      'src/skip.test.ts': testFile('src/skip'),
      'other/b.test.ts': testFile('other/b'),
    }, { 'src/a.test.ts': '.φ', 'src/skip.test.ts': '.φ', 'other/b.test.ts': '.φ' })
    for (const args of [[], ['./other']]) {
      const [ours, bun] = await Promise.all([
        runPhicode(['--test', ...args], { cwd: phiCfg, env: ENV }),
        runCommand([BUN, 'test', ...args], { cwd: tsCfg }),
      ])
      expect(passed(bun)).toEqual(args.length === 0 ? ['src/a'] : ['other/b'])
      expect({ args, code: ours.code, passed: passed(ours) }).toEqual({ args, code: 0, passed: passed(bun) })
    }
  })

  test('no test file matching: exit 1 naming the filter, 0 with --pass-with-no-tests', async () => {
    const [ours, bun] = await Promise.all([phicodeTest(['nothing-here']), bunTest(['nothing-here'])])
    expect(bun.code).toBe(1)
    expect(ours.code).toBe(1)
    expect(ours.stderr).toContain('nothing-here')
    expect((await phicodeTest(['nothing-here', '--pass-with-no-tests'])).code).toBe(0)
  })
})

describe('results', () => {
  test('a failing φ test: exit 1, and the failure at the φ file and line', async () => {
    const [ours, bun] = await Promise.all([phicodeTest(['math']), bunTest(['math'])])
    const at = (r: RunResult) => /math\.test\.(?:φ|ts):(\d+:\d+)/.exec(output(r))?.[1]
    expect(bun.code).toBe(1)
    expect(at(bun)).toBe('9:21')
    expect({ code: ours.code, at: at(ours), passed: passed(ours), failed: failed(ours) }).toEqual({ code: 1, at: '9:21', passed: ['adds'], failed: ['fails'] })
    expect(output(ours)).toContain(join(phi, 'math/math.test.φ:9:21'))
    // Bun's code frame shows the φ line.
    expect(output(ours)).toContain('9 |   expect(add(1, 2)).toBe(4)')
  })

  test('a φ test file that cannot be converted: exit 1, named at file:line:col, once', async () => {
    const { phi: project } = twinProject(join(dir, 'broken'), { 'ok.test.ts': testFile('ok') }, { 'ok.test.ts': '.φ' })
    writeFileSync(join(project, 'broken.test.φ'), 'const s = "no end\n')
    const result = await runPhicode(['--test'], { cwd: project, env: ENV })
    expect(result.code).toBe(1)
    expect(passed(result)).toEqual(['ok'])
    expect(output(result)).toContain('broken.test.φ:1:11: unterminated string literal')
    // The message says it all; the error's fields are not listed under it again.
    expect(output(result)).not.toContain('reason:')
  })

  test('-t is bun test\'s name filter, not an option of phicode', async () => {
    const [ours, bun] = await Promise.all([phicodeTest(['-t', 'adds', 'math']), bunTest(['-t', 'adds', 'math'])])
    expect({ code: bun.code, passed: passed(bun), failed: failed(bun) }).toEqual({ code: 0, passed: ['adds'], failed: [] })
    expect({ code: ours.code, passed: passed(ours), failed: failed(ours) }).toEqual({ code: 0, passed: ['adds'], failed: [] })
  })

  test('--bail stops at the first failure, as bun test does', async () => {
    const [ours, bun] = await Promise.all([phicodeTest(['--bail', 'bail']), bunTest(['--bail', 'bail'])])
    const summary = (r: RunResult) => ({ code: r.code, failed: failed(r).length, bailed: output(r).includes('Bailed out after 1 failure') })
    expect(summary(bun)).toEqual({ code: 1, failed: 1, bailed: true })
    expect(summary(ours)).toEqual(summary(bun))
    expect((await phicodeTest(['bail'])).stderr.match(/^\(fail\)/gm)).toHaveLength(2)
  })

  test('--coverage reports φ files with their φ line numbers, and nothing of phicode', async () => {
    const [ours, bun] = await Promise.all([phicodeTest(['--coverage', 'cov']), bunTest(['--coverage', 'cov'])])
    const rows = (r: RunResult) =>
      Object.fromEntries(output(r).split('\n').filter((line) => line.includes('|')).map((line) => line.split('|').map((cell) => cell.trim())).map(([file, ...rest]) => [file, rest]))
    const theirs = rows(bun)
    expect(theirs['cov/lib.ts']).toEqual(['100.00', '50.00', '4-5,7'])
    const mine = rows(ours)
    expect(ours.code).toBe(0)
    // Functions and uncovered lines as for the original. Not the line percentage: the plugin ends
    // every converted φ module with an `export {}` line (src/runtime/bun/_module-format.ts),
    // which Bun counts as one more covered line.
    const [funcs, , uncovered] = mine['cov/lib.φ'] ?? []
    expect([funcs, uncovered]).toEqual(['100.00', '4-5,7'])
    expect(Object.keys(mine).sort()).toEqual(Object.keys(theirs).map((file) => file.replace(/\.ts$/, '.φ')).sort())
  })
})

/** Reads a child's stdout until `done(text)` holds; the text so far. */
async function readUntil(reader: { read(): Promise<{ value?: Uint8Array; done: boolean }> }, sofar: { text: string }, done: (text: string) => boolean): Promise<string> {
  const decoder = new TextDecoder()
  while (!done(sofar.text)) {
    const { value, done: ended } = await reader.read()
    if (ended) throw new Error(`output ended before the expected text:\n${sofar.text}`)
    sofar.text += decoder.decode(value, { stream: true })
  }
  return sofar.text
}

const count = (text: string, part: string) => text.split(part).length - 1

describe('a long run', () => {
  test('--watch runs again when a φ module changes, and stops on SIGINT', async () => {
    const lib = join(phi, 'cov/lib.φ')
    const original = readFileSync(lib, 'utf8')
    const extra = join(phi, 'cov/extra.test.φ')
    const proc = Bun.spawn([PHICODE, '--test', '--watch', 'cov'], {
      cwd: phi, env: { ...process.env, ...ENV, NO_COLOR: '1' }, stdout: 'pipe', stderr: 'pipe', timeout: 60_000,
    })
    try {
      // Bun writes results to stderr; each run ends with its summary there.
      const reader = proc.stderr.getReader()
      const seen = { text: '' }
      const runs = () => seen.text.split('Ran 1 test').slice(0, -1)
      await readUntil(reader, seen, (t) => count(t, 'Ran 1 test') === 1)
      expect(runs()[0]).toContain('(pass) sign of a positive number')
      writeFileSync(lib, original.replace('"pos"', '"POS"'))
      await readUntil(reader, seen, (t) => count(t, 'Ran 1 test') === 2)
      expect(runs()[1]).toContain('Received: "POS"')
      writeFileSync(lib, original)
      await readUntil(reader, seen, (t) => count(t, 'Ran 1 test') === 3)
      expect(runs()[2]).toContain('(pass) sign of a positive number')
      // A test file made during the watch is found by the next run.
      writeFileSync(extra, readFileSync(join(phi, 'a.test.φ'), 'utf8'))
      await readUntil(reader, seen, (t) => t.includes('Ran 2 tests across 2 files'))
      expect(seen.text.slice(seen.text.lastIndexOf('Ran 1 test'))).toContain('(pass) a.test')
    } finally {
      writeFileSync(lib, original)
      rmSync(extra, { force: true })
      proc.kill('SIGINT')
      await proc.exited
    }
    expect(proc.signalCode).toBe('SIGINT')
  })

  test('SIGTERM to phicode reaches the test process; both end', async () => {
    const proc = Bun.spawn([PHICODE, '--test', 'hang'], { cwd: phi, env: { ...process.env, ...ENV, NO_COLOR: '1' }, stdout: 'pipe', stderr: 'pipe', timeout: 60_000 })
    const seen = { text: '' }
    const text = await readUntil(proc.stdout.getReader(), seen, (t) => /READY \d+\n/.test(t))
    const pid = Number(/READY (\d+)/.exec(text)![1])
    proc.kill('SIGTERM')
    await proc.exited
    expect(proc.signalCode).toBe('SIGTERM')
    expect(() => process.kill(pid, 0)).toThrow()
  })
})

describe('the preload phicode writes', () => {
  test('is the embedded register bundle, written once by content under PHICODE_HOME, even by concurrent first runs', async () => {
    const fresh = join(tempDir(), 'home')
    const runs = await Promise.all([1, 2, 3, 4].map(() => phicodeTest(['a.test'], { PHICODE_HOME: fresh, TMPDIR: tmp })))
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0])
    const folder = join(fresh, 'bun/node_modules/.phicode')
    const files = readdirSync(folder)
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(/^register-[0-9a-z]+\.js$/)
    expect(readFileSync(join(folder, files[0]!), 'utf8')).toBe(readFileSync(join(ROOT, 'build/generated/phicode-register.js'), 'utf8'))
  })

  test('a preload file cut short is written again', async () => {
    const fresh = join(tempDir(), 'home')
    expect((await phicodeTest(['a.test'], { PHICODE_HOME: fresh, TMPDIR: tmp })).code).toBe(0)
    const folder = join(fresh, 'bun/node_modules/.phicode')
    const [name] = readdirSync(folder)
    writeFileSync(join(folder, name!), 'throw new Error("cut short")')
    const again = await phicodeTest(['a.test'], { PHICODE_HOME: fresh, TMPDIR: tmp })
    expect({ code: again.code, passed: passed(again) }).toEqual({ code: 0, passed: ['a.test'] })
    expect(readFileSync(join(folder, name!), 'utf8')).toBe(readFileSync(join(ROOT, 'build/generated/phicode-register.js'), 'utf8'))
  })

  test('goes to the temporary directory when PHICODE_HOME cannot be written', async () => {
    const blocked = join(tempDir(), 'a-file')
    writeFileSync(blocked, '')
    const ownTmp = tempDir()
    const result = await phicodeTest(['a.test'], { PHICODE_HOME: blocked, TMPDIR: ownTmp })
    expect(result.code).toBe(0)
    expect(passed(result)).toEqual(['a.test'])
    const [place] = readdirSync(ownTmp).filter((name) => name.startsWith('phicode-') && !name.startsWith('phicode-test-'))
    expect(readdirSync(join(ownTmp, place!, 'bun/node_modules/.phicode'))).toHaveLength(1)
  })

  test('the links to φ test files are removed after every run', async () => {
    expect((await phicodeTest(['sub'])).code).toBe(0)
    expect(readdirSync(tmp).filter((name) => name.startsWith('phicode-test-'))).toEqual([])
  })
})
