/**
 * The in-process Bun run from source (`runBun`, `runAsBun`) in a child Bun, against the real Bun
 * on hand-converted twins: serving a default export, the full-Bun child for legacy decorators,
 * `require()` of a φ module, and Bun's own commands with the φ preload.
 */
import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { BUN, ROOT } from '../../helpers/root'
import { tempProject } from '../../helpers/tmp'

const RUN_BUN = `
const { path, kind, args } = JSON.parse(process.argv.at(-1))
const { runBun } = await import(${JSON.stringify(join(ROOT, 'src/runtime/bun/index.ts'))})
const outcome = await runBun({ entry: { path, kind, dialect: 'typescript', root: process.cwd() }, args, cwd: process.cwd(), fileExtension: '.φ' })
if (outcome !== 'in-process') process.exitCode = outcome.exitCode ?? 1
`

const AS_BUN = `
const args = JSON.parse(process.argv.at(-1))
const { runAsBun } = await import(${JSON.stringify(join(ROOT, 'src/runtime/bun/as-bun.ts'))})
const outcome = await runAsBun(args, { env: { FROM_CALLER: 'given' } })
console.log(JSON.stringify(outcome))
`

/** A mutation run switches its mutant on in every process by this variable: the children need it too. */
const stryker: Record<string, string> = process.env.__STRYKER_ACTIVE_MUTANT__ ? { __STRYKER_ACTIVE_MUTANT__: process.env.__STRYKER_ACTIVE_MUTANT__ } : {}
const ENV = { PATH: process.env.PATH ?? '', NO_COLOR: '1', PHICODE_SLOW_START_MS: '600000', ...stryker }

interface Ran {
  stdout: string
  stderr: string
  exitCode: number | null
}

const ran = (r: ReturnType<typeof Bun.spawnSync>): Ran => ({ stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), exitCode: r.exitCode })

const runBun = (dir: string, entry: string, args: string[] = [], env: Record<string, string> = {}): Ran =>
  ran(Bun.spawnSync([BUN, '-e', RUN_BUN, JSON.stringify({ path: join(dir, entry), kind: entry.endsWith('.φ') ? 'phi' : 'typescript', args })], { cwd: dir, env: { ...ENV, ...env } }))

const realBun = (dir: string, args: string[], env: Record<string, string> = {}): Ran => ran(Bun.spawnSync([BUN, ...args], { cwd: dir, env: { ...ENV, ...env } }))

/** The first line a long-running child prints on stdout, then the child is killed. */
async function firstLine(cmd: string[], cwd: string, env: Record<string, string> = {}): Promise<{ line: string; body: string }> {
  const child = Bun.spawn(cmd, { cwd, env: { ...ENV, ...env }, stdout: 'pipe', stderr: 'inherit' })
  try {
    const reader = child.stdout.getReader()
    let text = ''
    while (!text.includes('\n')) {
      const { value, done } = await reader.read()
      if (done) throw new Error(`the child ended before a line: ${JSON.stringify(text)}`)
      text += new TextDecoder().decode(value)
    }
    const line = text.slice(0, text.indexOf('\n'))
    const url = /https?:\/\/\S+/.exec(line)?.[0]
    const body = url ? await (await fetch(url)).text() : ''
    return { line: line.replace(/:\d+$/, ':PORT'), body }
  } finally {
    child.kill('SIGKILL')
    await child.exited
  }
}

describe('a default export with fetch is served, as bun serves it', () => {
  const dir = tempProject({
    'package.json': '{}',
    'obj.φ': 'export default { port: 0, fetch() { ⟲ new Response("from object") } }\n',
    'obj.ts': 'export default { port: 0, fetch() { return new Response("from object") } }\n',
    'prod.φ': 'export default { port: 0, development: ✓ ∧ ⊥, fetch() { ⟲ new Response("prod") } }\n',
    'prod.ts': 'export default { port: 0, development: true && false, fetch() { return new Response("prod") } }\n',
    'cls.φ': 'ℂ App { port = 0; fetch() { ⟲ new Response("from class") } }\nexport default new App()\n',
    'cls.ts': 'class App { port = 0; fetch() { return new Response("from class") } }\nexport default new App()\n',
    'fn.φ': 'ƒ handler() {}\nhandler.fetch = () => new Response("fn")\nhandler.port = 0\nexport default handler\n',
    'fn.ts': 'function handler() {}\nhandler.fetch = () => new Response("fn")\nhandler.port = 0\nexport default handler\n',
  })
  const runner = (entry: string) => [BUN, '-e', RUN_BUN, JSON.stringify({ path: join(dir, entry), kind: 'phi', args: [] })]

  test('an object: development mode unless NODE_ENV=production or the object says so', async () => {
    const bun = await firstLine([BUN, 'obj.ts'], dir)
    expect(bun).toEqual({ line: 'Started development server: http://localhost:PORT', body: 'from object' })
    expect(await firstLine(runner('obj.φ'), dir)).toEqual(bun)
    const production = await firstLine([BUN, 'obj.ts'], dir, { NODE_ENV: 'production' })
    expect(production.line).toBe('Started server: http://localhost:PORT')
    expect(await firstLine(runner('obj.φ'), dir, { NODE_ENV: 'production' })).toEqual(production)
    const own = await firstLine([BUN, 'prod.ts'], dir)
    expect(own).toEqual({ line: 'Started server: http://localhost:PORT', body: 'prod' })
    expect(await firstLine(runner('prod.φ'), dir)).toEqual(own)
  })

  test('a class instance whose fetch is on its prototype, and a function with a fetch property', async () => {
    const cls = await firstLine([BUN, 'cls.ts'], dir)
    expect(cls.body).toBe('from class')
    expect(await firstLine(runner('cls.φ'), dir)).toEqual(cls)
    const fn = await firstLine([BUN, 'fn.ts'], dir)
    expect(fn.body).toBe('fn')
    expect(await firstLine(runner('fn.φ'), dir)).toEqual(fn)
  })

  test('a default export without fetch, a fetch that is no function, or none: nothing is served', () => {
    const none = tempProject({
      'package.json': '{}',
      'a.φ': 'export default { port: 0 }\nπ("a")\n',
      'b.φ': 'export default { port: 0, fetch: "no" }\nπ("b")\n',
      'c.φ': 'export default Ø\nπ("c")\n',
      'd.φ': 'export const fetch = () => 1\nπ("d")\n',
    })
    for (const name of ['a', 'b', 'c', 'd']) expect(runBun(none, `${name}.φ`)).toEqual({ stdout: `${name}\n`, stderr: '', exitCode: 0 })
  })
})

describe('legacy decorators run in a full Bun child', () => {
  const program = [
    'ƒ logged(target: any, key: string, desc: PropertyDescriptor) {',
    '  const f = desc.value',
    '  desc.value = ƒ (...a: any[]) { π("call", key, a.join(",")); ⟲ f.apply(this, a) }',
    '}',
    'ℂ C { @logged twice(n: number) { ⟲ n * 2 } }',
    'π(new C().twice(21), process.argv.slice(2).join(","), process.env.FROM_DOTENV, process.env.PHICODE_PARENT_ENV)',
    '',
  ].join('\n')
  const dir = tempProject({
    'package.json': '{}',
    'tsconfig.json': '{ "compilerOptions": { "experimentalDecorators": true } }',
    '.env': 'FROM_DOTENV=dotenv\n',
    'main.φ': program,
    'main.ts': program.replaceAll('ƒ', 'function').replaceAll('⟲', 'return').replaceAll('ℂ', 'class').replaceAll('π', 'console.log'),
    'broken.φ': 'ƒ f() {\n  ↑ new Error("in child")\n}\nf()\n',
  })

  test('the same output as bun on the hand-converted twin, with the arguments and the .env files', () => {
    const bun = realBun(dir, ['main.ts', 'x', 'y'])
    expect(bun).toEqual({ stdout: 'call twice 21\n42 x,y dotenv undefined\n', stderr: '', exitCode: 0 })
    expect(runBun(dir, 'main.φ', ['x', 'y'])).toEqual(bun)
  })

  test("an error in the child is reported on the φ lines, and its exit code is the run's", () => {
    const r = runBun(dir, 'broken.φ')
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain(`2 |   ↑ new Error("in child")\n`)
    expect(r.stderr).toContain(`at f (${join(dir, 'broken.φ')}:2:9)`)
  })

  test("phicode's own settings reach the child from the real environment, not from .env", () => {
    const settings = tempProject({
      'package.json': '{}',
      'tsconfig.json': '{ "compilerOptions": { "experimentalDecorators": true } }',
      '.env': 'PHICODE_STRICT=from-dotenv\n',
      'main.φ': 'π(process.env.PHICODE_STRICT, τ process.env.PHICODE_PARENT_ENV)\n',
    })
    expect(runBun(settings, 'main.φ', [], { PHICODE_STRICT: '0' }).stdout).toBe('0 undefined\n')
  })
})

describe('require() of a φ module', () => {
  test('finds lib.φ for ./lib, even named at run time, as bun finds lib.ts', () => {
    const dir = tempProject({
      'phi/package.json': '{}',
      'phi/main.φ': 'const name = "./" + "lib"\nconst lib = require(name)\nπ(lib.v, lib === require(name), τ require("./plain").w)\n',
      'phi/lib.φ': 'module.exports = { v: 5 }\n',
      'phi/plain.js': 'exports.w = 1\n',
      'ts/package.json': '{}',
      'ts/main.ts': 'const name = "./" + "lib"\nconst lib = require(name)\nconsole.log(lib.v, lib === require(name), typeof require("./plain").w)\n',
      'ts/lib.ts': 'module.exports = { v: 5 }\n',
      'ts/plain.js': 'exports.w = 1\n',
    })
    const bun = realBun(join(dir, 'ts'), ['main.ts'])
    expect(bun).toEqual({ stdout: '5 true number\n', stderr: '', exitCode: 0 })
    expect(runBun(join(dir, 'phi'), 'main.φ')).toEqual(bun)
  })

  test('a module that exists nowhere is still the error Bun gives', () => {
    const dir = tempProject({ 'package.json': '{}', 'main.φ': '∴ { require("./nothing") } ⛒ (e) { π(e.code) }\n', 'main.ts': 'try { require("./nothing") } catch (e) { console.log(e.code) }\n' })
    const bun = realBun(dir, ['main.ts'])
    expect(bun.stdout).toBe('MODULE_NOT_FOUND\n')
    expect(runBun(dir, 'main.φ')).toEqual(bun)
  })
})

describe("Bun's own commands with the φ preload (runAsBun)", () => {
  const dir = tempProject({
    'package.json': '{}',
    'lib.φ': 'export ƒ twice(n: number) { ⟲ n * 2 }\n',
    'main.ts': 'import { twice } from "./lib.φ"\nconsole.log(twice(4), process.argv.slice(2).join(","), process.env.FROM_CALLER)\n',
    'ok.test.ts': 'import { expect, test } from "bun:test"\nimport { twice } from "./lib.φ"\ntest("t", () => expect(twice(2)).toBe(4))\n',
    'bad.test.ts': 'import { expect, test } from "bun:test"\nimport { twice } from "./lib.φ"\ntest("t", () => expect(twice(2)).toBe(5))\n',
    'exit.ts': 'process.exit(7)\n',
    'killed.ts': 'process.kill(process.pid, "SIGTERM")\nawait Bun.sleep(10000)\n',
  })
  const asBun = (args: string[]) => ran(Bun.spawnSync([BUN, '-e', AS_BUN, JSON.stringify(args)], { cwd: dir, env: ENV }))

  test('a file, `run file` and `test`: the plugin loads φ imports, the caller env is added, the exit code comes back', () => {
    expect(asBun(['main.ts', 'a']).stdout).toBe('8 a given\n{"exitCode":0}\n')
    expect(asBun(['run', 'main.ts', 'b']).stdout).toBe('8 b given\n{"exitCode":0}\n')
    expect(asBun(['test', 'ok.test.ts']).stdout).toEndWith('{"exitCode":0}\n')
    expect(asBun(['test', 'bad.test.ts']).stdout).toEndWith('{"exitCode":1}\n')
    expect(asBun(['exit.ts']).stdout).toBe('{"exitCode":7}\n')
  })

  test('a child ended by a signal is reported by that signal', () => {
    expect(asBun(['killed.ts']).stdout).toBe('{"signal":"SIGTERM"}\n')
  })
})
