/**
 * A typescript-dialect φ program behaves as `bun x.ts` on the same program written by hand in
 * TypeScript: module formats a φ file may use, and entries Bun serves. The `.ts` twins are
 * written out here, not produced by phicode; real bun runs them in the same test.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PHICODE, ROOT, runCommand, runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'
import { BUN } from '../../helpers/root'
import { freePort } from '../../helpers/port'


/** Files written into a fresh directory inside the repo, so `node_modules` (js-yaml, hono) resolves. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(ROOT, 'test/.tmp-program-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

/** A PATH holding neither bun nor node: phicode must carry everything itself. */
function barePath(): string {
  const dir = tempDir()
  expect(Bun.which('node', { PATH: dir }) ?? Bun.which('bun', { PATH: dir })).toBeNull()
  return dir
}

describe('module formats of a φ file', () => {
  test('require() as the first statement runs (it used to run nothing and exit 0)', async () => {
    const dir = project({
      'yaml.φ': 'const yaml = require("js-yaml")\nπ(JSON.stringify(yaml.load("a: 1\\nb: [x, y]")))\n',
      'yaml.ts': 'const yaml = require("js-yaml")\nconsole.log(JSON.stringify(yaml.load("a: 1\\nb: [x, y]")))\n',
    })
    const [phi, bun] = await Promise.all([
      runPhicode(['yaml.φ'], { cwd: dir, env: { PATH: barePath() } }),
      runCommand([BUN, 'yaml.ts'], { cwd: dir }),
    ])
    expect(bun).toEqual({ code: 0, stdout: '{"a":1,"b":["x","y"]}\n', stderr: '' })
    expect(phi).toEqual(bun)
  })

  test('a CommonJS φ module: module.exports reaches import and require()', async () => {
    const dir = project({
      'lib.φ': 'const path = require("node:path")\nexports.base = path.basename("/a/b.txt")\nmodule.exports.twice = (n: number) => n * 2\n',
      'main.φ': '⇒ lib ← "./lib.φ"\nconst again = require("./lib.φ")\nπ(lib.base, lib.twice(21), again === lib)\n',
    })
    const result = await runPhicode(['main.φ'], { cwd: dir })
    expect(result).toEqual({ code: 0, stdout: 'b.txt 42 true\n', stderr: '' })
  })

  test('a CommonJS φ module keeps its hashbang and its line numbers', async () => {
    const dir = project({
      'cli.φ': '#!/usr/bin/env phicode\nmodule.exports = {}\n\n↑ new Error("line four")\n',
    })
    const result = await runPhicode(['cli.φ'], { cwd: dir })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`${join(dir, 'cli.φ')}:4:`)
  })
})

interface Served {
  banner: string
  body: string
}

/** Runs `cmd` until it prints Bun's "Started … server: URL" line, fetches `/` there, then stops it. */
async function serveOnce(cmd: string[], cwd: string, env: Record<string, string> = {}): Promise<Served> {
  const proc = Bun.spawn(cmd, { cwd, env: { ...process.env, ...env }, stdout: 'pipe', stderr: 'inherit', timeout: 20_000 })
  try {
    const reader = proc.stdout.getReader()
    let out = ''
    while (!/Started .*server: \S+\n/.test(out)) {
      const { value, done } = await reader.read()
      if (done) throw new Error(`exited before serving; stdout: ${out}`)
      out += new TextDecoder().decode(value)
    }
    const url = /server: (\S+)/.exec(out)![1]!
    const body = await (await fetch(`${url.replace('localhost', '127.0.0.1')}/`)).text()
    return { banner: out.replace(/:\d+\n/, ':PORT\n'), body }
  } finally {
    proc.kill()
    await proc.exited
  }
}

describe('an entry whose default export has fetch is served, as by bun x.ts', () => {
  const cases: Array<[name: string, phi: string, ts: string, env?: Record<string, string>]> = [
    [
      'export default { port, fetch }',
      'export default { port: 0, fetch() { ⟲ new Response("plain " + (1 ≡ 1)) } }\n',
      'export default { port: 0, fetch() { return new Response("plain " + (1 === 1)) } }\n',
    ],
    [
      "Hono's export default app, port from PORT, production",
      '⇒ { Hono } ← "hono"\nconst app = new Hono()\napp.get("/", (c) => c.text("hono ok"))\nexport default app\n',
      'import { Hono } from "hono"\nconst app = new Hono()\napp.get("/", (c) => c.text("hono ok"))\nexport default app\n',
      { NODE_ENV: 'production' },
    ],
  ]
  for (const [name, phi, ts, env = {}] of cases) {
    test(name, async () => {
      const dir = project({ 'app.φ': phi, 'app.ts': ts })
      const bun = await serveOnce([BUN, 'app.ts'], dir, { ...env, PORT: String(freePort()) })
      const phicode = await serveOnce([PHICODE, 'app.φ'], dir, { ...env, PORT: String(freePort()), PATH: barePath() })
      expect(phicode).toEqual(bun)
      expect(bun.body).toMatch(/^(plain true|hono ok)$/)
    })
  }

  test('a default export without a fetch function is not served', async () => {
    const dir = project({ 'app.φ': 'export default { fetch: 1 }\nπ("ran")\n' })
    expect(await runPhicode(['app.φ'], { cwd: dir })).toEqual({ code: 0, stdout: 'ran\n', stderr: '' })
  })
})

describe('.env files reach the program as under bun x.ts', () => {
  /** Lines chosen from what Bun's loader does (quotes, comments, expansion, precedence), checked against bun itself below. */
  const files = {
    '.env': [
      '# a comment', 'A=base', 'B=from-env', 'C="double ${A} \\n quoted" # trailing', "D='single ${A} \\n'", 'E=`back ${A}`',
      'F=$A-$B', 'G=\\$A-literal', 'H=${UNSET_X:-fallback}', 'export I=exported', 'J = spaced  ', 'K="multi', 'line"',
      'L=bare # comment', 'M=a=b=c', 'N=a#b', 'O="a\\"b"', 'P=crlf\r', 'Q=$UNSET_Y-x', 'R=${A}B$A_B', 'REAL=from-file',
      'T="unterminated', 'U=after', 'DUP=first', 'DUP=second', 'NOVALUE', 'EMPTY=',
    ].join('\n'),
    '.env.development': 'B=from-development\nDEV=1\n',
    '.env.production': 'B=from-production\nPROD=1\n',
    '.env.test': 'B=from-test\nTESTING=1\n',
    '.env.local': 'B=from-local\nLOCAL=1\n',
  }
  const keys = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'REAL', 'T', 'U', 'DUP',
    'NOVALUE', 'EMPTY', 'DEV', 'PROD', 'TESTING', 'LOCAL']
  const list = `const keys: string[] = ${JSON.stringify(keys)}\n`
  const dir = project({
    ...files,
    'env.φ': `${list}∀ (const k of keys) π(k, JSON.stringify(process.env[k]))\n`,
    'env.ts': `${list}for (const k of keys) console.log(k, JSON.stringify(process.env[k]))\n`,
  })

  for (const nodeEnv of [undefined, 'production', 'test', 'staging']) {
    test(`NODE_ENV=${nodeEnv ?? '(unset)'}, with REAL set in the real environment`, async () => {
      const env = { NODE_ENV: nodeEnv, REAL: 'from-environment' }
      const [phi, bun] = await Promise.all([
        runPhicode(['env.φ'], { cwd: dir, env }),
        runCommand([BUN, 'env.ts'], { cwd: dir, env }),
      ])
      expect(bun.stdout).toContain('REAL "from-environment"')
      expect(bun.stdout).toContain('C "double base \\n quoted"')
      expect(phi).toEqual(bun)
    })
  }

  test('the programs it starts see them too: Bun.spawn, Bun.spawnSync, Bun.$ and node:child_process', async () => {
    const starts = [
      'const line = "echo A=$A LOCAL=$LOCAL REAL=$REAL"',
      'console.log("spawnSync", Bun.spawnSync(["sh", "-c", line]).stdout.toString().trim())',
      'console.log("spawnSync{}", Bun.spawnSync({ cmd: ["sh", "-c", line] }).stdout.toString().trim())',
      'console.log("own env", Bun.spawnSync(["sh", "-c", line], { env: { PATH: process.env.PATH } }).stdout.toString().trim())',
      'const child = Bun.spawn(["sh", "-c", line], { stdout: "pipe" })',
      'console.log("spawn", (await new Response(child.stdout).text()).trim())',
      'console.log("$", (await Bun.$`sh -c ${line}`.text()).trim())',
      'console.log("execSync", require("node:child_process").execSync(line).toString().trim())',
      '',
    ].join('\n')
    const here = project({ ...files, 'spawn.φ': starts, 'spawn.ts': starts })
    const env = { REAL: 'from-environment', NODE_ENV: 'development' }
    const [phi, bun] = await Promise.all([runPhicode(['spawn.φ'], { cwd: here, env }), runCommand([BUN, 'spawn.ts'], { cwd: here, env })])
    expect(bun.stdout).toBe(
      [
        'spawnSync A=base LOCAL=1 REAL=from-environment',
        'spawnSync{} A=base LOCAL=1 REAL=from-environment',
        'own env A= LOCAL= REAL=',
        'spawn A=base LOCAL=1 REAL=from-environment',
        '$ A=base LOCAL=1 REAL=from-environment',
        'execSync A=base LOCAL=1 REAL=from-environment',
        '',
      ].join('\n'),
    )
    // phicode's scanner warns about the spawns on stderr: the output and the exit are compared.
    expect({ code: phi.code, stdout: phi.stdout }).toEqual({ code: bun.code, stdout: bun.stdout })
  })

  test('the files are read from the working directory, not the entry\'s', async () => {
    const [phi, bun] = await Promise.all([
      runPhicode([join(dir, 'env.φ')], { cwd: ROOT }),
      runCommand([BUN, join(dir, 'env.ts')], { cwd: ROOT }),
    ])
    expect(bun.stdout).toContain('A undefined')
    expect(phi).toEqual(bun)
  })
})

describe('an uncaught error in φ code is reported on φ lines', () => {
  const phi = ['ƒ boom(x: number) {', '  ¿ (x > 1) { ↑ new RangeError("too big: " + x) }', '  ⟲ x', '}', 'π(boom(1))', 'π(boom(2))', '']
  // Columns counted by hand in the φ text: `RangeError` (where Bun points) at 21 on line 2, `boom` at 3 on line 6.
  const expected = [
    '1 | ƒ boom(x: number) {',
    '2 |   ¿ (x > 1) { ↑ new RangeError("too big: " + x) }',
    `${' '.repeat('2 | '.length + 20)}^`,
    'RangeError: too big: 2',
  ]

  test('thrown while the entry evaluates: φ frame, φ columns, exit 1', async () => {
    const dir = project({ 'boom.φ': phi.join('\n') })
    const result = await runPhicode(['boom.φ'], { cwd: dir })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('1\n')
    const lines = result.stderr.split('\n')
    expect(lines.slice(0, 4)).toEqual(expected)
    expect(lines).toContain(`      at boom (${join(dir, 'boom.φ')}:2:21)`)
    expect(result.stderr).toContain(`${join(dir, 'boom.φ')}:6:3`)
    expect(lines.at(-2)).toStartWith(`Bun v${Bun.version} (`)
  })

  test('a rejection after the entry finished: the same report', async () => {
    const late = [...phi.slice(0, 4), 'setTimeout(() => boom(5), 1)', '']
    const dir = project({ 'late.φ': late.join('\n') })
    const result = await runPhicode(['late.φ'], { cwd: dir })
    expect(result.code).toBe(1)
    expect(result.stderr.split('\n').slice(0, 4)).toEqual([...expected.slice(0, 3), 'RangeError: too big: 5'])
  })

  test('an error whose stack the program replaced: where it was made, as bun reports it', async () => {
    // A replacement naming no frame: Bun draws where the error was made; one naming frames: those.
    const bodies = [
      ['  e.stack = "replaced by the program"', 'made'],
      ['  Object.defineProperty(e, "stack", { value: undefined })', 'made'],
      ['  e.stack = "Error: boom\\n    at somewhere (/nowhere.ts:1:1)"', 'named'],
    ]
    for (const [replace, kind] of bodies) {
      const phi = ['ƒ fail(): never {', '  const e = new Error("boom")', replace!, '  ↑ e', '}', 'fail()', '']
      const ts = ['function fail(): never {', '  const e = new Error("boom")', replace!, '  throw e', '}', 'fail()', '']
      const dir = project({ 'fail.φ': phi.join('\n'), 'fail.ts': ts.join('\n') })
      const [mine, bun] = await Promise.all([runPhicode(['fail.φ'], { cwd: dir }), runCommand([BUN, 'fail.ts'], { cwd: dir })])
      // Written out by hand: Bun's lines, on the φ file (columns agree: line 2 has no symbol).
      const expected =
        kind === 'made'
          ? ['1 | ƒ fail(): never {', '2 |   const e = new Error("boom")', `${' '.repeat('2 | '.length + 16)}^`, 'error: boom', `      at ${join(dir, 'fail.φ')}:2:17`]
          : ['error: boom', '      at somewhere (/nowhere.ts:1:1)']
      const mineLines = mine.stderr.split('\n')
      const bunLines = bun.stderr.split('\n')
      expect({ kind, code: mine.code, lines: mineLines.slice(0, expected.length) }).toEqual({ kind, code: 1, lines: expected })
      // Real bun on the twin: the same lines but the first (`function`, not `ƒ`) and the file's name.
      const skip = kind === 'made' ? 1 : 0
      expect({ kind, code: bun.code, lines: bunLines.slice(skip, expected.length) }).toEqual({
        kind,
        code: 1,
        lines: expected.slice(skip).map((line) => line.replace('fail.φ', 'fail.ts')),
      })
      // And the same footer after them.
      expect(mineLines.slice(expected.length)).toEqual(bunLines.slice(expected.length))
    }
  })

  test('what the entry throws, or its top-level await rejects with, reaches the program\'s uncaughtException handler, as under bun', async () => {
    const program = [
      'process.on("uncaughtException", (e, origin) => { console.log("uncaught:", (e as Error).message, origin) })',
      'process.on("unhandledRejection", (e) => { console.log("unhandled rejection:", (e as Error).message) })',
      'setTimeout(() => console.log("later"), 5)',
      'if (process.env.MODE === "await") await Promise.reject(new Error("rejected"))',
      'throw new Error("thrown")',
      '',
    ].join('\n')
    const dir = project({ 'handled.φ': program, 'handled.ts': program, 'plain.ts': program })
    for (const mode of ['throw', 'await']) {
      const env = { MODE: mode }
      // Bun evaluates its entry as a promise too: the origin it names is unhandledRejection.
      const expected = { code: 0, stdout: `uncaught: ${mode === 'throw' ? 'thrown' : 'rejected'} unhandledRejection\nlater\n`, stderr: '' }
      const [phi, plain, bun] = await Promise.all([
        runPhicode(['handled.φ'], { cwd: dir, env }),
        runPhicode(['plain.ts'], { cwd: dir, env }),
        runCommand([BUN, 'handled.ts'], { cwd: dir, env }),
      ])
      expect({ mode, bun }).toEqual({ mode, bun: expected })
      expect({ mode, phi, plain }).toEqual({ mode, phi: expected, plain: expected })
    }
  })

  test('frames in Bun\'s own code are printed as bun prints them', async () => {
    const calls = ['[1, 2].map(boom)', '[3].forEach(boom)', 'await Promise.all([1, 2].map(async (x) => boom(x)))']
    for (const call of calls) {
      const body = ['  if (x > 1) throw new RangeError("too big")', '  return x', '}', call, '']
      const dir = project({ 'native.φ': ['ƒ boom(x: number): number {', ...body].join('\n'), 'native.ts': ['function boom(x: number): number {', ...body].join('\n') })
      const [mine, bun] = await Promise.all([runPhicode(['native.φ'], { cwd: dir }), runCommand([BUN, 'native.ts'], { cwd: dir })])
      const at = (stderr: string, file: string) => stderr.split('\n').filter((line) => line.startsWith('      at ')).map((line) => line.replace(file, 'FILE'))
      // Each `at` line of bun's report on the twin, the native one among them, written out by hand.
      const expected: Record<string, string[]> = {
        [calls[0]!]: ['      at boom (FILE:2:24)', '      at map (1:11)', '      at FILE:5:8'],
        [calls[1]!]: ['      at boom (FILE:2:24)', '      at forEach (1:11)', '      at FILE:5:5'],
        [calls[2]!]: ['      at boom (FILE:2:24)', '      at <anonymous> (FILE:5:43)', '      at map (1:11)', '      at FILE:5:26'],
      }
      expect({ call, bun: at(bun.stderr, join(dir, 'native.ts')) }).toEqual({ call, bun: expected[call]! })
      expect({ call, code: mine.code, phicode: at(mine.stderr, join(dir, 'native.φ')) }).toEqual({ call, code: 1, phicode: expected[call]! })
    }
  })

  test('an error\'s own properties and its causes are printed as bun prints them', async () => {
    const body = [
      '  const e = new Error("outer", { cause: new TypeError("inner") })',
      '  Object.assign(e, { code: "E_OUTER", retries: 3 })',
      '  throw e',
      '}',
      'fail()',
      '',
    ]
    const dir = project({ 'cause.φ': ['ƒ fail(): never {', ...body].join('\n'), 'cause.ts': ['function fail(): never {', ...body].join('\n') })
    const [mine, bun] = await Promise.all([runPhicode(['cause.φ'], { cwd: dir }), runCommand([BUN, 'cause.ts'], { cwd: dir })])
    // Written out by hand: the outer error's frame, name, properties (Bun puts `code` last) and
    // frames, then its cause's; columns counted in the line (`Error` at 17, `TypeError` at 45).
    const expected = (file: string, first: string) => [
      `1 | ${first}`,
      '2 |   const e = new Error("outer", { cause: new TypeError("inner") })',
      `${' '.repeat('2 | '.length + 16)}^`,
      'error: outer',
      ' retries: 3,',
      '    code: "E_OUTER"',
      '',
      `      at fail (${join(dir, file)}:2:17)`,
      `      at ${join(dir, file)}:6:1`,
      '',
      `1 | ${first}`,
      '2 |   const e = new Error("outer", { cause: new TypeError("inner") })',
      `${' '.repeat('2 | '.length + 44)}^`,
      'TypeError: inner',
      `      at fail (${join(dir, file)}:2:45)`,
      `      at ${join(dir, file)}:6:1`,
      '',
      `Bun v${Bun.version} (${process.platform === 'linux' ? 'Linux' : process.platform} ${process.arch})`,
      '',
    ]
    expect({ code: bun.code, stderr: bun.stderr.split('\n') }).toEqual({ code: 1, stderr: expected('cause.ts', 'function fail(): never {') })
    expect({ code: mine.code, stderr: mine.stderr.split('\n') }).toEqual({ code: 1, stderr: expected('cause.φ', 'ƒ fail(): never {') })
  })

  test('an AggregateError is reported as the errors it holds, each with its causes, as bun reports it', async () => {
    const made = '  const e = new AggregateError([new Error("a", { cause: new Error("c") }), new TypeError("b")], "many")'
    const dir = project({
      'many.φ': ['ƒ fail(): never {', made, '  ↑ e', '}', 'fail()', ''].join('\n'),
      'many.ts': ['function fail(): never {', made, '  throw e', '}', 'fail()', ''].join('\n'),
    })
    const [mine, bun] = await Promise.all([runPhicode(['many.φ'], { cwd: dir }), runCommand([BUN, 'many.ts'], { cwd: dir })])
    // Written out by hand: `Error("a"` at column 37, its cause's `Error` at 61, `TypeError` at 80.
    const block = (file: string, first: string, column: number, head: string) => [
      `1 | ${first}`,
      `2 | ${made}`,
      `${' '.repeat('2 | '.length + column - 1)}^`,
      head,
      `      at fail (${join(dir, file)}:2:${column})`,
      `      at ${join(dir, file)}:5:1`,
    ]
    const expected = (file: string, first: string) => [
      ...block(file, first, 37, 'error: a'),
      '',
      ...block(file, first, 61, 'error: c'),
      ...block(file, first, 80, 'TypeError: b'),
      '',
      `Bun v${Bun.version} (${process.platform === 'linux' ? 'Linux' : process.platform} ${process.arch})`,
      '',
    ]
    expect({ code: bun.code, stderr: bun.stderr.split('\n') }).toEqual({ code: 1, stderr: expected('many.ts', 'function fail(): never {') })
    expect({ code: mine.code, stderr: mine.stderr.split('\n') }).toEqual({ code: 1, stderr: expected('many.φ', 'ƒ fail(): never {') })
  })

  test('a plain .ts entry\'s error while it evaluates is reported as bun reports it, as is a φ one', async () => {
    // An fs error (properties) raised inside Array.map (a native frame): Bun puts the caret at
    // the native frame's column, 11, on the line of the program's first frame.
    const program = ['import { readFileSync } from "node:fs"', 'const read = (path: string) => readFileSync(path)', ';[1].map(() => read("/nonexistent-phicode"))', '']
    const dir = project({ 'plain.ts': program.join('\n'), 'twin.ts': program.join('\n'), 'same.φ': program.join('\n') })
    const expected = (file: string) => [
      ...program.slice(0, 3).map((line, k) => `${k + 1} | ${line}`),
      `${' '.repeat('3 | '.length + 10)}^`,
      "ENOENT: no such file or directory, open '/nonexistent-phicode'",
      '    path: "/nonexistent-phicode",',
      ' syscall: "open",',
      '   errno: -2,',
      '    code: "ENOENT"',
      '',
      '      at map (1:11)',
      `      at ${join(dir, file)}:3:6`,
      '',
      `Bun v${Bun.version} (${process.platform === 'linux' ? 'Linux' : process.platform} ${process.arch})`,
      '',
    ]
    const [bun, plain, phi] = await Promise.all([
      runCommand([BUN, 'twin.ts'], { cwd: dir }),
      runPhicode(['plain.ts'], { cwd: dir }),
      runPhicode(['same.φ'], { cwd: dir }),
    ])
    expect({ code: bun.code, stderr: bun.stderr.split('\n') }).toEqual({ code: 1, stderr: expected('twin.ts') })
    expect({ code: plain.code, stderr: plain.stderr.split('\n') }).toEqual({ code: 1, stderr: expected('plain.ts') })
    expect({ code: phi.code, stderr: phi.stderr.split('\n') }).toEqual({ code: 1, stderr: expected('same.φ') })
  })

  test.each([
    ['  throw Object.assign(new RangeError("late"), { code: "E_LATE" })', 'RangeError: late'],
    ['  throw new Error("plain")', 'error: plain'],
  ])('an error thrown from a timer is reported by its name and message alone, as bun reports it: %s', async (thrown, head) => {
    const body = [thrown, '}, 1)', '']
    const dir = project({ 'late.φ': ['setTimeout(() => {', ...body].join('\n'), 'late.ts': ['setTimeout(() => {', ...body].join('\n') })
    const [mine, bun] = await Promise.all([runPhicode(['late.φ'], { cwd: dir }), runCommand([BUN, 'late.ts'], { cwd: dir })])
    // The lines after the caret: the name (`error` for a plain Error) and message, no `code`, then
    // the one frame (Bun's column differs here, README "An uncaught error's report differs from
    // Bun's in a few details").
    const after = (stderr: string) => stderr.split('\n').slice(3).map((line) => line.replace(/\(\S+:2:\d+\)$/, '(FILE)'))
    const expected = [head, '      at <anonymous> (FILE)', '', `Bun v${Bun.version} (${process.platform === 'linux' ? 'Linux' : process.platform} ${process.arch})`, '']
    expect({ code: bun.code, after: after(bun.stderr) }).toEqual({ code: 1, after: expected })
    expect({ code: mine.code, after: after(mine.stderr) }).toEqual({ code: 1, after: expected })
  })

  test.each([
    ['a message with " at " in it', 'throw new Error("failed at home, at last")', 'error: failed at home, at last'],
    ['an error that is its own cause', 'const e: any = new Error("self")\ne.cause = e\nthrow e', 'error: self'],
    ['an AggregateError holding nothing', 'throw new AggregateError([], "none")', 'AggregateError: none'],
    ['an error on line 12 (two-digit frame lines)', `${'\n'.repeat(11)}throw new Error("on line twelve")`, 'error: on line twelve'],
  ])('%s: the same report as bun\'s, from a φ entry and a plain one', async (_, program, header) => {
    const dir = project({ 'shape.φ': `${program}\n`, 'plain.ts': `${program}\n`, 'twin.ts': `${program}\n` })
    const [phi, plain, bun] = await Promise.all([
      runPhicode(['shape.φ'], { cwd: dir }),
      runPhicode(['plain.ts'], { cwd: dir }),
      runCommand([BUN, 'twin.ts'], { cwd: dir }),
    ])
    // Real bun is the oracle; its report names the error as written here.
    expect({ code: bun.code, header: bun.stderr.split('\n').includes(header) }).toEqual({ code: 1, header: true })
    const named = (stderr: string, file: string) => stderr.replaceAll(join(dir, file), 'FILE')
    expect({ code: phi.code, stderr: named(phi.stderr, 'shape.φ') }).toEqual({ code: 1, stderr: named(bun.stderr, 'twin.ts') })
    expect({ code: plain.code, stderr: named(plain.stderr, 'plain.ts') }).toEqual({ code: 1, stderr: named(bun.stderr, 'twin.ts') })
  })

  test('a program with its own uncaughtException handler keeps it', async () => {
    const own = [...phi.slice(0, 4), 'process.on("uncaughtException", (e) => { π("handled", e.message); process.exitCode = 3 })', 'setTimeout(() => boom(7), 1)', '']
    const dir = project({ 'own.φ': own.join('\n') })
    expect(await runPhicode(['own.φ'], { cwd: dir })).toEqual({ code: 3, stdout: 'handled too big: 7\n', stderr: '' })
  })
})

describe('tsconfig JSX settings apply to φ and .tsx files, as under bun x.tsx', () => {
  const base = { 'tsconfig.base.json': '{\n  // JSONC, as tsc writes it\n  "compilerOptions": { "jsx": "react-jsx", "jsxImportSource": "hono/jsx", },\n}\n' }
  const files = {
    ...base,
    'tsconfig.json': '{ "extends": "./tsconfig.base.json" }',
    'view.tsx': 'export const View = (p: { n: number }) => <p class="n">{p.n}</p>\n',
    'app.φ': '⇒ { View } ← "./view.tsx"\nconst list: number[] = [1, 2]\nπ(String(<div>{list.map((n) => <View n={n} />)}</div>))\n',
    'app.tsx': 'import { View } from "./view.tsx"\nconst list: number[] = [1, 2]\nconsole.log(String(<div>{list.map((n) => <View n={n} />)}</div>))\n',
  }

  test('jsxImportSource through extends (hono/jsx renders to a string)', async () => {
    const dir = project(files)
    const [phi, bun] = await Promise.all([
      runPhicode(['app.φ'], { cwd: dir, env: { PATH: barePath() } }),
      runCommand([BUN, 'app.tsx'], { cwd: dir }),
    ])
    expect(bun).toEqual({ code: 0, stdout: '<div><p class="n">1</p><p class="n">2</p></div>\n', stderr: '' })
    expect(phi).toEqual(bun)
  })

  test('a tsconfig that is not JSON is named with its line and column', async () => {
    const dir = project({ ...files, 'tsconfig.base.json': '{\n  "compilerOptions": { "jsx": react }\n}\n' })
    const result = await runPhicode(['app.φ'], { cwd: dir })
    expect(result.code).toBe(78)
    expect(result.stderr).toBe(`phicode: error: ${join(dir, 'tsconfig.base.json')}:2:31: invalid JSON here\n`)
  })
})

describe('legacy decorators (tsconfig experimentalDecorators): run as by bun x.ts', () => {
  const tsconfig = '{ "compilerOptions": { "experimentalDecorators": true, "emitDecoratorMetadata": true } }\n'
  const body = (log: string, fn: string, ret: string, iff: string, thr: string) => [
    `${fn} logged(_t: object, key: string, d: PropertyDescriptor) {`,
    '  const inner = d.value',
    `  d.value = ${fn} (...a: unknown[]) { ${log}("call", key, process.env.SECRET); ${ret} inner.apply(this, a) }`,
    '}',
    'class Calc {',
    `  @logged twice(n: number) { ${iff} (n < 0) ${thr} new RangeError("negative: " + n); ${ret} n * 2 }`,
    '}',
    `${log}(new Calc().twice(21))`,
    'new Calc().twice(-1)',
    '',
  ].join('\n')
  const files = {
    'tsconfig.json': tsconfig,
    'app.φ': body('π', 'ƒ', '⟲', '¿', '↑'),
    'app.ts': body('console.log', 'function', 'return', 'if', 'throw'),
    '.env': 'SECRET=from-dotenv\nPHICODE_STRICT=1\n',
    '.(φ)/config.json': JSON.stringify({ typescript: { symbols: { return: 'ƒ' } } }),
    'bunfig.toml': 'preload = ["./evil.ts"]\n',
    'evil.ts': 'console.log("EVIL")\n',
  }

  test('decorated methods, .env, no bunfig.toml, phicode settings from the real environment, φ error lines', async () => {
    const dir = project({})
    mkdirSync(join(dir, '.(φ)'))
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    const [phi, bun] = await Promise.all([
      runPhicode(['app.φ'], { cwd: dir, env: { PATH: barePath() } }),
      runCommand([BUN, '--config=/dev/null', 'app.ts'], { cwd: dir }),
    ])
    expect(bun.stdout).toBe('call twice from-dotenv\n42\ncall twice from-dotenv\n')
    expect(phi.stdout).toBe(bun.stdout)
    expect(phi.code).toBe(1)
    // The clash `return → ƒ` is a warning, not the error PHICODE_STRICT=1 in .env would make it.
    expect(phi.stderr).toContain('6 |   @logged twice(n: number) { ¿ (n < 0) ↑ new RangeError("negative: " + n); ⟲ n * 2 }')
    expect(phi.stderr).toContain('RangeError: negative: -1')
    expect(phi.stderr).toContain(`${join(dir, 'app.φ')}:6:`)
    expect(phi.stderr).not.toContain('EVIL')
  })
})

describe('φ that converts but that Bun cannot parse', () => {
  // `1` stands at column 18 of the φ line (counted by hand); in the converted line it is at 30.
  const dir = project({ 'bad.φ': 'ƒ f() { ⟲ 1 }\nπ(f(), "x" ≡ "x" 1)\n', 'uses.φ': '⇒ { f } ← "./bad.φ"\nconst n: number = f()\n' })

  for (const entry of ['bad.φ', 'uses.φ']) {
    test(`is reported on the φ line and column, exit 1 (${entry} run)`, async () => {
      const result = await runPhicode([entry], { cwd: dir })
      expect(result.code).toBe(1)
      expect(result.stdout).toBe('')
      const lines = result.stderr.split('\n')
      expect(lines.slice(0, 4)).toEqual([
        '2 | π(f(), "x" ≡ "x" 1)',
        `${' '.repeat('2 | '.length + 17)}^`,
        'error: Expected ")" but found "1"',
        `    at ${join(dir, 'bad.φ')}:2:18`,
      ])
    })
  }

  test('--debug names the analysis it could not make instead of failing inside phicode', async () => {
    const result = await runPhicode(['--debug', 'bad.φ'], { cwd: dir })
    expect(result.code).toBe(1)
    expect(result.stderr).not.toContain('internal error')
    expect(result.stderr).toContain('error: Expected ")" but found "1"')
  })
})

test('an entry reached through a symlinked directory is the main module, named by its real path, as under bun', async () => {
  const real = tempDir()
  const link = join(tempDir(), 'link')
  symlinkSync(real, link)
  writeFileSync(join(real, 'main.φ'), 'π(⇒.meta.main, Bun.main ≡ ⇒.meta.path, process.argv[1] ≡ Bun.main)\nconst n: number = 1\n')
  writeFileSync(join(real, 'main.ts'), 'console.log(import.meta.main, Bun.main === import.meta.path, process.argv[1] === Bun.main)\nconst n: number = 1\n')
  const [phi, bun] = await Promise.all([runPhicode([join(link, 'main.φ')]), runCommand([BUN, join(link, 'main.ts')])])
  expect(bun).toEqual({ code: 0, stdout: 'true true true\n', stderr: '' })
  expect(phi).toEqual(bun)
})

test('phicode\'s own embedded entry is refused as a module (exit 66), on every platform\'s spelling', async () => {
  for (const path of ['/$bunfs/root/phicode', 'B:/~BUN/root/phicode.exe']) {
    const result = await runPhicode([path, '--bun'], { timeout: 10_000 })
    expect(result).toEqual({ code: 66, stdout: '', stderr: `phicode: error: ${path}: a file inside the phicode binary, not a module to run\n` })
  }
})
