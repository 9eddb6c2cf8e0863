/**
 * `phicode --node` on real projects: import attributes, tsconfig (JSX runtime, paths), .env
 * files, npm resolution with Node's conditions, require(), and φ positions in errors. Each φ
 * app has a hand-written twin run by the real node or bun as the oracle.
 */
import { describe, expect, test } from 'bun:test'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { PHICODE, ROOT, runCommand, runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'
import { BUN } from '../../helpers/root'

const NODE = '/usr/bin/node'
/**
 * Neither bun nor phicode's own node_modules/.bin: only what a user's machine would have. The
 * slow-start warning is not what these tests look at, and two busy cores can trigger it.
 */
const ENV = { PATH: '/usr/bin:/bin', PHINODE_PATH: NODE, NODE_ENV: undefined, PHICODE_SLOW_START_MS: '600000' }

/** A project directory holding `files`, with the repo's pinned packages as its node_modules. */
function project(files: Record<string, string>): string {
  const dir = tempDir('phicode-node-')
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

const node = (dir: string, args: string[], env: Record<string, string | undefined> = {}) =>
  runCommand([NODE, ...args], { cwd: dir, env: { ...ENV, ...env } })
const bun = (dir: string, args: string[], env: Record<string, string | undefined> = {}) =>
  runCommand([BUN, ...args], { cwd: dir, env: { ...ENV, ...env } })
const phicode = (dir: string, args: string[], env: Record<string, string | undefined> = {}) =>
  runPhicode(['--node', ...args], { cwd: dir, env: { ...ENV, ...env } })

describe('import attributes', () => {
  const dir = project({
    'package.json': '{ "type": "module" }\n',
    'data.json': '{ "answer": 42, "list": [1, 2] }\n',
    'reexport.φ': "export { default as data } from './data.json' with { type: 'json' }\n",
    'app.φ': [
      "import data from './data.json' with { type: 'json' }",
      "import zodPackage from 'zod/package.json' with { type: 'json' }",
      "import { data as again } from './reexport.φ'",
      "const lazy = ⌛ import('./data.json', { with: { type: 'json' } })",
      'π(data.answer, data.list, zodPackage.name, again ≡ data, lazy.default ≡ data)',
      '',
    ].join('\n'),
    'reexport.mjs': "export { default as data } from './data.json' with { type: 'json' }\n",
    'app.mjs': [
      "import data from './data.json' with { type: 'json' }",
      "import zodPackage from 'zod/package.json' with { type: 'json' }",
      "import { data as again } from './reexport.mjs'",
      "const lazy = await import('./data.json', { with: { type: 'json' } })",
      'console.log(data.answer, data.list, zodPackage.name, again === data, lazy.default === data)',
      '',
    ].join('\n'),
    'bare.φ': "import data from './data.json'\nconst lazy = ⌛ import('./data.json')\nπ(data.answer, lazy.default ≡ data)\n",
    'bare.ts': "import data from './data.json'\nconst lazy = await import('./data.json')\nconsole.log(data.answer, lazy.default === data)\n",
  })

  test('JSON modules, a package JSON file and a re-export, as node runs the same imports', async () => {
    const [phi, plain] = await Promise.all([phicode(dir, ['app.φ']), node(dir, ['app.mjs'])])
    expect(plain).toEqual({ code: 0, stdout: '42 [ 1, 2 ] zod true true\n', stderr: '' })
    expect(phi).toEqual(plain)
  })

  test('JSON imports without attributes, static and dynamic, load as bun loads them', async () => {
    const [phi, plain] = await Promise.all([phicode(dir, ['bare.φ']), bun(dir, ['bare.ts'])])
    expect(plain).toEqual({ code: 0, stdout: '42 true\n', stderr: '' })
    expect(phi).toEqual(plain)
  })
})

test("Bun's data imports on Node: text, TOML, YAML, JSONC, by attribute or by extension, with named exports, as bun reads them", async () => {
  const body = [
    "import text from './notes.txt' with { type: 'text' }",
    "import config from './config.toml' with { type: 'toml' }",
    "import sameConfig from './config.toml'",
    "import { port, tags } from './settings.yaml'",
    "import * as settings from './settings.yaml' with { type: 'yaml' }",
    "import commented from './commented.jsonc'",
    'PRINT(JSON.stringify([text, config, sameConfig, port, tags, Object.keys(settings).sort(), commented]))',
    '',
  ].join('\n')
  const dir = project({
    'package.json': '{ "type": "module" }\n',
    'notes.txt': 'plain text\n',
    'config.toml': 'title = "φ"\n[server]\nport = 8080\n',
    'settings.yaml': 'port: 3000\ntags: [a, b]\n',
    'commented.jsonc': '{\n  // a comment\n  "ok": true,\n}\n',
    'app.φ': body.replace('PRINT', 'π'),
    'app.ts': body.replace('PRINT', 'console.log'),
  })
  const [phi, plain] = await Promise.all([phicode(dir, ['app.φ']), bun(dir, ['app.ts'])])
  expect(plain).toEqual({
    code: 0,
    stdout: '["plain text\\n",{"title":"φ","server":{"port":8080}},{"title":"φ","server":{"port":8080}},3000,["a","b"],["default","port","tags"],{"ok":true}]\n',
    stderr: '',
  })
  expect(phi).toEqual(plain)
})

describe('tsconfig.json', () => {
  const preactApp = [
    "import { render } from 'preact-render-to-string'",
    'ƒ Item({ n }: { n: number }) { ⟲ <li>{n ≡ 2 ? "two" : n}</li> }',
    'π(render(<ul class="list">{[1, 2].map((n) => <Item n={n} />)}<>frag</></ul>))',
    '',
  ].join('\n')
  const preactTwin = preactApp.replace('ƒ', 'function').replace('⟲', 'return').replace('≡', '===').replace('π', 'console.log')
  const honoApp = "const page = <main><h1>{'hono ' + 1}</h1></main>\nπ(String(⌛ page))\n"
  const honoTwin = "const page = <main><h1>{'hono ' + 1}</h1></main>\nconsole.log(String(await page))\n"

  test('jsxImportSource preact with the automatic runtime, as bun runs it', async () => {
    const dir = project({
      'package.json': '{ "type": "module" }\n',
      'tsconfig.json': '{\n  // JSONC, as tsc reads it\n  "compilerOptions": { "jsx": "react-jsx", "jsxImportSource": "preact", },\n}\n',
      'app.φ': preactApp,
      'app.tsx': preactTwin,
    })
    const [phi, plain] = await Promise.all([phicode(dir, ['app.φ']), bun(dir, ['app.tsx'])])
    expect(plain).toEqual({ code: 0, stdout: '<ul class="list"><li>1</li><li>two</li>frag</ul>\n', stderr: '' })
    expect(phi).toEqual(plain)
  })

  test('jsxImportSource hono/jsx, from a config the tsconfig extends, as bun runs it', async () => {
    const dir = project({
      'package.json': '{ "type": "module" }\n',
      'config/base.json': '{ "compilerOptions": { "jsx": "react-jsx", "jsxImportSource": "hono/jsx" } }\n',
      'tsconfig.json': '{ "extends": "./config/base.json" }\n',
      'app.φ': honoApp,
      'app.tsx': honoTwin,
    })
    const [phi, plain] = await Promise.all([phicode(dir, ['app.φ']), bun(dir, ['app.tsx'])])
    expect(plain).toEqual({ code: 0, stdout: '<main><h1>hono 1</h1></main>\n', stderr: '' })
    expect(phi).toEqual(plain)
  })

  test('a changed jsxImportSource takes effect on the next run (the compiled-module cache follows tsconfig)', async () => {
    const dir = project({
      'package.json': '{ "type": "module" }\n',
      'tsconfig.json': '{ "compilerOptions": { "jsx": "react-jsx", "jsxImportSource": "preact" } }\n',
      'app.φ': 'π(String(<b>x</b>))\n',
    })
    expect(await phicode(dir, ['app.φ'])).toEqual({ code: 0, stdout: '[object Object]\n', stderr: '' })
    writeFileSync(join(dir, 'tsconfig.json'), '{ "compilerOptions": { "jsx": "react-jsx", "jsxImportSource": "hono/jsx" } }\n')
    // A hono JSXNode renders itself as text; a preact vnode is a plain object.
    const hono = await phicode(dir, ['app.φ'])
    expect(hono).toEqual({ code: 0, stdout: '<b>x</b>\n', stderr: '' })
  })

  test('classic jsx with jsxFactory, and legacy decorators, as bun runs them', async () => {
    const tsconfig = '{ "compilerOptions": { "jsx": "react", "jsxFactory": "h", "jsxFragmentFactory": "Fragment", "experimentalDecorators": true } }\n'
    const body = [
      "import { h, Fragment } from 'preact'",
      "import { render } from 'preact-render-to-string'",
      'ƒ logged(target: any, key: string, descriptor: PropertyDescriptor) {',
      '  const original = descriptor.value',
      '  descriptor.value = ƒ (...args: number[]) { π(`call ${key}(${args})`); ⟲ original.apply(this, args) }',
      '  ⟲ descriptor',
      '}',
      'ℂ Counter {',
      '  @logged add(a: number, b: number) { ⟲ a + b }',
      '}',
      'π(new Counter().add(2, 3), render(<><i>classic</i></>))',
      '',
    ].join('\n')
    const twin = body.replaceAll('ƒ', 'function').replaceAll('⟲', 'return').replaceAll('π', 'console.log').replace('ℂ', 'class')
    const dir = project({ 'package.json': '{ "type": "module" }\n', 'tsconfig.json': tsconfig, 'app.φ': body, 'app.tsx': twin })
    const [phi, plain] = await Promise.all([phicode(dir, ['app.φ']), bun(dir, ['app.tsx'])])
    expect(plain).toEqual({ code: 0, stdout: 'call add(2,3)\n5 <i>classic</i>\n', stderr: '' })
    expect(phi).toEqual(plain)
  })

  test('paths and baseUrl from an extended config, in imports and resolve calls, as bun resolves them', async () => {
    const dir = project({
      'package.json': '{ "type": "module" }\n',
      'tsconfig.base.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"], "#config": ["./src/config.φ"] } } }\n',
      'tsconfig.json': '{ "extends": "./tsconfig.base.json", "compilerOptions": { "strict": true } }\n',
      'src/util/greet.ts': "export const greet = (name: string): string => `hi ${name}`\n",
      'src/config.φ': 'export const config = { debug: ⊥ }\n',
      'src/sub/deep.ts': "import { greet } from '@/util/greet'\nexport const deep = greet('deep')\n",
      'src/plain.ts': "export const plain = 'baseUrl'\n",
      'app.φ': [
        "import { greet } from '@/util/greet'",
        "import { config } from '#config'",
        "import { deep } from '@/sub/deep'",
        "import { plain } from 'src/plain'",
        "import { z } from 'zod'",
        "π(greet('φ'), config.debug, deep, plain, z.number().parse(1))",
        "π(import.meta.resolve('@/util/greet').slice(-18), require.resolve('@/util/greet').slice(-18))",
        '',
      ].join('\n'),
      'app.ts': [
        "import { greet } from '@/util/greet'",
        "import { deep } from '@/sub/deep'",
        "import { plain } from 'src/plain'",
        "import { z } from 'zod'",
        "console.log(greet('φ'), false, deep, plain, z.number().parse(1))",
        "console.log(import.meta.resolve('@/util/greet').slice(-18), require.resolve('@/util/greet').slice(-18))",
        '',
      ].join('\n'),
    })
    const [phi, plain] = await Promise.all([phicode(dir, ['app.φ']), bun(dir, ['app.ts'])])
    expect(plain).toEqual({ code: 0, stdout: 'hi φ false hi deep baseUrl 1\n/src/util/greet.ts /src/util/greet.ts\n', stderr: '' })
    expect(phi).toEqual(plain)
  })
})

describe('.env files: those bun loads, read as bun reads them, never over the real environment', () => {
  const print = "console.log([process.env.A, process.env.B, process.env.C, process.env.D, process.env.Q].join(' '))\n"
  const dir = project({
    '.env': 'A=env\nB=env\nC=env\nD=env\nQ="two words" # comment\n',
    '.env.development': 'B=development\nC=development\n',
    '.env.production': 'B=production\n',
    '.env.test': 'B=test\n',
    '.env.local': 'C=local\nD=local\n',
    'app.φ': print.replace('console.log', 'π'),
    'app.mjs': print,
  })
  const cases: Array<[string, Record<string, string>, string]> = [
    ['NODE_ENV unset', {}, 'env development local local two words\n'],
    ['NODE_ENV=production', { NODE_ENV: 'production' }, 'env production local local two words\n'],
    ['NODE_ENV=test (no .env.local)', { NODE_ENV: 'test' }, 'env test env env two words\n'],
    ['a variable set in the real environment', { D: 'real', A: '' }, ' development local real two words\n'],
  ]
  for (const [name, env, expected] of cases) {
    test(`${name}: as bun app.mjs`, async () => {
      const [phi, plain] = await Promise.all([phicode(dir, ['app.φ'], env), bun(dir, ['app.mjs'], env)])
      expect(plain).toEqual({ code: 0, stdout: expected, stderr: '' })
      expect(phi).toEqual(plain)
    })
  }

  test("values as bun reads them ($VAR expanded), from the working directory, not the entry's", async () => {
    const app = project({ 'sub/app.φ': 'π(process.env.URL, process.env.ONLY_HERE)\n', 'sub/app.mjs': 'console.log(process.env.URL, process.env.ONLY_HERE)\n' })
    writeFileSync(join(app, '.env'), 'HOST=example.org\nURL=https://$HOST/x\n')
    writeFileSync(join(app, 'sub/.env'), 'ONLY_HERE=sub\n')
    const [phi, plain] = await Promise.all([phicode(app, ['sub/app.φ']), bun(app, ['sub/app.mjs'])])
    expect(plain).toEqual({ code: 0, stdout: 'https://example.org/x undefined\n', stderr: '' })
    expect(phi).toEqual(plain)
  })
})

describe('npm packages resolve as node resolves them', () => {
  const conditions = JSON.stringify({
    name: 'conditional',
    exports: {
      '.': { bun: './bun.js', node: { import: './node.mjs', require: './node.cjs' }, default: './default.mjs' },
      './feature/*': { import: './features/*.mjs', require: './features/*.cjs' },
      './package.json': './package.json',
    },
  })
  const dir = tempDir('phicode-node-')
  const files: Record<string, string> = {
    'package.json': '{ "type": "module" }\n',
    'node_modules/conditional/package.json': conditions,
    'node_modules/conditional/bun.js': "export default 'bun'\n",
    'node_modules/conditional/node.mjs': "export default 'node import'\n",
    'node_modules/conditional/node.cjs': "module.exports = 'node require'\n",
    'node_modules/conditional/default.mjs': "export default 'default'\n",
    'node_modules/conditional/features/a.mjs': "export default 'feature a import'\n",
    'node_modules/conditional/features/a.cjs': "module.exports = 'feature a require'\n",
    'app.φ': [
      "import imported from 'conditional'",
      "import feature from 'conditional/feature/a'",
      "import { z } from 'zod'",
      "import { of, map } from 'rxjs'",
      "import { parse } from 'acorn'",
      "const required = require('conditional')",
      "const requiredFeature = require('conditional/feature/a')",
      "const chunk = require('lodash/chunk')",
      "const { Observable } = require('rxjs')",
      'of(1).pipe(map((n) => n + 1)).subscribe((n) => π(imported, "|", feature, "|", required, "|", requiredFeature, "|", n))',
      "π(z.string().min(2).safeParse('x').success, chunk([1, 2, 3], 2), τ Observable, parse('1', { ecmaVersion: 2020 }).type)",
      "π(import.meta.resolve('conditional').replace(/.*node_modules/, ''))",
      '',
    ].join('\n'),
    'app.mjs': [
      "import { createRequire } from 'node:module'",
      "import imported from 'conditional'",
      "import feature from 'conditional/feature/a'",
      "import { z } from 'zod'",
      "import { of, map } from 'rxjs'",
      "import { parse } from 'acorn'",
      'const require = createRequire(import.meta.url)',
      "const required = require('conditional')",
      "const requiredFeature = require('conditional/feature/a')",
      "const chunk = require('lodash/chunk')",
      "const { Observable } = require('rxjs')",
      'of(1).pipe(map((n) => n + 1)).subscribe((n) => console.log(imported, "|", feature, "|", required, "|", requiredFeature, "|", n))',
      "console.log(z.string().min(2).safeParse('x').success, chunk([1, 2, 3], 2), typeof Observable, parse('1', { ecmaVersion: 2020 }).type)",
      "console.log(import.meta.resolve('conditional').replace(/.*node_modules/, ''))",
      '',
    ].join('\n'),
  }
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  for (const name of ['zod', 'rxjs', 'acorn', 'lodash', 'tslib']) symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name))

  test('exports conditions node/import/require, subpath patterns, ESM, CJS and dual packages, require(), as node app.mjs', async () => {
    const [phi, plain] = await Promise.all([phicode(dir, ['app.φ']), node(dir, ['app.mjs'])])
    expect(plain.stdout).toBe(
      'node import | feature a import | node require | feature a require | 2\nfalse [ [ 1, 2 ], [ 3 ] ] function Program\n/conditional/node.mjs\n',
    )
    expect(phi).toEqual(plain)
  })

  test('a φ entry whose first statement is require() runs it', async () => {
    const app = project({ 'first.φ': "const { chunk } = require('lodash')\nπ(chunk(['a', 'b', 'c'], 2))\n" })
    expect(await phicode(app, ['first.φ'])).toEqual({ code: 0, stdout: "[ [ 'a', 'b' ], [ 'c' ] ]\n", stderr: '' })
  })

  test('require() of φ and TypeScript project files, with or without extension, from φ and from .cjs', async () => {
    const app = project({
      'lib.φ': "export const yes = ✓\nexport default ƒ () { ⟲ 'default' }\n",
      'typed.ts': 'export const typed: number = 2\n',
      'main.φ': "const lib = require('./lib.φ')\nconst bare = require('./lib')\nconst { typed } = require('./typed')\nπ(lib.yes, lib.default(), bare ≡ lib, typed)\n",
      'main.cjs': "const { typed } = require('./typed.ts')\nconst lib = require('./lib')\nconsole.log(typed, lib.yes)\n",
    })
    const [phi, cjs] = await Promise.all([phicode(app, ['main.φ']), phicode(app, ['main.cjs'])])
    expect(phi).toEqual({ code: 0, stdout: 'true default true 2\n', stderr: '' })
    expect(cjs).toEqual({ code: 0, stdout: '2 true\n', stderr: '' })
  })

  test('an error thrown in a required φ file names its φ line and column', async () => {
    // `new` is at column 19 of line 2 of boom.φ, counted by hand.
    const app = project({
      'boom.φ': "export ƒ boom() {\n  π('in boom'); ↑ new Error('required boom')\n}\n",
      'main.φ': "require('./boom.φ').boom()\n",
    })
    const result = await phicode(app, ['main.φ'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('in boom\n')
    expect(result.stderr).toContain('Error: required boom\n')
    expect(result.stderr).toContain(`boom (${join(app, 'boom.φ')}:2:19)`)
    expect(result.stderr).toContain(`(${join(app, 'main.φ')}:1:`)
  })

  test('a missing package: node names the package and the φ file importing it', async () => {
    const app = project({ 'missing.φ': "import nothing from 'no-such-package'\nπ(nothing)\n" })
    const result = await phicode(app, ['missing.φ'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(`Cannot find package 'no-such-package' imported from ${join(app, 'missing.φ')}`)
  })
})

test("Bun's import.meta.path, dir and file name the φ module, as bun names a module", async () => {
  const dir = project({ 'sub/where.φ': 'π(import.meta.path, import.meta.dir, import.meta.file, import.meta.main)\n' })
  const result = await phicode(dir, ['sub/where.φ'])
  expect(result).toEqual({ code: 0, stdout: `${join(dir, 'sub/where.φ')} ${join(dir, 'sub')} where.φ true\n`, stderr: '' })
})

describe('errors name φ file, line and column', () => {
  // Columns counted by hand on the φ text: `new` is at column 25 on line 2, `fail` at 3 on line 5.
  const dir = project({
    'throw.φ': ["ƒ fail(n: number) {", "  π('x'); ¿ (n > 0) { ↑ new Error('boom') }", '}', '', '  fail(1)', ''].join('\n'),
  })

  test('a TypeScript syntax error in a φ file (found by Bun, not the transpiler): φ line and column, caret under it', async () => {
    // The stray `1` is at column 18 of the φ line (column 30 of the converted one).
    const app = project({ 'bad.φ': "ƒ f() { ⟲ 1 }\nπ(f(), 'x' ≡ 'x' 1)\n" })
    const result = await phicode(app, ['bad.φ'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`${join(app, 'bad.φ')}:2\nπ(f(), 'x' ≡ 'x' 1)\n${' '.repeat(17)}^\n`)
    expect(result.stderr).toContain(`SyntaxError: Expected ")" but found "1"\n    at ${join(app, 'bad.φ')}:2:18\n`)
  })

  test('a bun: module: one error naming it, the φ file importing it and the way out', async () => {
    const app = project({ 'db.φ': "import { Database } from 'bun:sqlite'\nπ(Database)\n" })
    const result = await phicode(app, ['db.φ'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(
      `Error: Cannot find module 'bun:sqlite' imported from ${join(app, 'db.φ')}: Bun's own modules do not exist on Node; run without --node to use them\n    at ${join(app, 'db.φ')}\n`,
    )
  })

  test('an uncaught error: the trace and the code frame point at the φ columns', async () => {
    const result = await phicode(dir, ['throw.φ'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('x\n')
    expect(result.stderr).toContain(`${join(dir, 'throw.φ')}:2\n  π('x'); ¿ (n > 0) { ↑ new Error('boom') }\n                        ^\n`)
    expect(result.stderr).toContain('Error: boom\n')
    expect(result.stderr).toContain(`    at fail (${join(dir, 'throw.φ')}:2:25)\n`)
    expect(result.stderr).toContain(`${join(dir, 'throw.φ')}:5:3`)
  })
})

describe('a default export with fetch is served, as bun app.ts serves it', () => {
  const server = [
    'export default {',
    '  port: 0,',
    '  async fetch(req: Request): Promise<Response> {',
    '    const url = new URL(req.url)',
    "    if (url.pathname === '/boom') throw new Error('boom')",
    "    const body = { method: req.method, path: url.pathname, q: url.searchParams.get('q'), body: await req.text(), header: req.headers.get('x-test') }",
    "    return new Response(JSON.stringify(body), { status: 201, headers: { 'content-type': 'application/json', 'set-cookie': 'a=1' } })",
    '  },',
    "  error(error: Error): Response { return new Response(`handled ${error.message}`, { status: 418 }) },",
    '}',
    '',
  ].join('\n')
  const hono = ["import { Hono } from 'hono'", 'const app = new Hono()', "app.get('/hello/:name', (c) => c.json({ hello: c.req.param('name') }))", 'export default app', ''].join('\n')
  const dir = project({
    'package.json': '{ "type": "module" }\n',
    'server.φ': server.replace('return new Response(JSON', '⟲ new Response(JSON'),
    'server.ts': server,
    'hono.φ': hono,
    'hono.ts': hono,
  })

  /** Starts `cmd`, reads stdout up to Bun's start-up line, runs `requests` against it, then stops it. */
  async function whileServing(cmd: string[], env: Record<string, string>, requests: (base: string) => Promise<unknown>): Promise<{ line: string; answers: unknown }> {
    const proc = Bun.spawn(cmd, { cwd: dir, env: { ...process.env, ...ENV, ...env } as unknown as Record<string, string>, stdout: 'pipe', stderr: 'pipe', timeout: 30_000 })
    try {
      const reader = proc.stdout.getReader()
      let out = ''
      while (!out.includes('\n')) {
        const { value, done } = await reader.read()
        if (done) throw new Error(`${cmd.join(' ')} ended before serving: ${await new Response(proc.stderr).text()}`)
        out += new TextDecoder().decode(value)
      }
      const port = /:(\d+)\n/.exec(out)?.[1]
      return { line: out.replace(/:\d+\n/, ':PORT\n'), answers: await requests(`http://127.0.0.1:${port}`) }
    } finally {
      proc.kill()
      await proc.exited
    }
  }

  const answer = async (response: Response) => ({
    status: response.status,
    // Node's Response says `charset=UTF-8` where Bun's says `utf-8`: the runtimes', not the serving.
    type: response.headers.get('content-type')?.toLowerCase(),
    cookie: response.headers.getSetCookie(),
    body: await response.text(),
  })

  test('export default { port, fetch, error }: GET, POST with a body, a thrown error', async () => {
    const requests = async (base: string) => [
      await answer(await fetch(`${base}/path?q=1`, { headers: { 'x-test': 'yes' } })),
      await answer(await fetch(`${base}/post`, { method: 'POST', body: 'sent body' })),
      await answer(await fetch(`${base}/boom`)),
    ]
    const [phi, plain] = await Promise.all([
      whileServing([PHICODE, '--node', 'server.φ'], {}, requests),
      whileServing([BUN, 'server.ts'], {}, requests),
    ])
    expect(plain.line).toBe('Started development server: http://localhost:PORT\n')
    expect((plain.answers as Array<{ status: number }>).map((a) => a.status)).toEqual([201, 201, 418])
    expect(phi).toEqual(plain)
  })

  test('export default app (Hono) on $PORT, in production', async () => {
    const requests = async (base: string) => answer(await fetch(`${base}/hello/φ`))
    const env = { PORT: '0', NODE_ENV: 'production' }
    const [phi, plain] = await Promise.all([
      whileServing([PHICODE, '--node', 'hono.φ'], env, requests),
      whileServing([BUN, 'hono.ts'], env, requests),
    ])
    expect(plain).toEqual({ line: 'Started server: http://localhost:PORT\n', answers: { status: 200, type: 'application/json', cookie: [], body: '{"hello":"φ"}' } })
    expect(phi).toEqual(plain)
  })
})
