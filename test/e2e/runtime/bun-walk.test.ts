/**
 * What the φ-TypeScript plugin's walk prepares before Bun loads a module (src/runtime/bun/_graph.ts,
 * _prepare.ts): cases Stryker found no test for (docs/mutation.md, "the Bun runtime"). Expected
 * outputs are written by hand; each case ran the same on real `bun` with the φ files converted.
 */
import { describe, expect, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { tempProject } from '../../helpers/tmp'

const run = (dir: string, args: string[], env: Record<string, string> = {}) =>
  runPhicode(args, { cwd: dir, env: { PHICODE_HOME: join(dir, '.home'), ...env } })

/** Two runs, the second from the remembered plan and graph: the same answer both times. */
async function twice(dir: string, args: string[], env: Record<string, string> = {}) {
  const first = await run(dir, args, env)
  expect(await run(dir, args, env)).toEqual(first)
  return first
}

describe('the walk', () => {
  test('two extensionless imports in one file are both rewritten, the later one first', async () => {
    const dir = tempProject({
      'package.json': '{}',
      'main.φ': '⇒ { a } ← "./alpha"\n⇒ { b } ← "./beta"\nπ(a + b)\n',
      'alpha.φ': 'export const a = "alpha-"\n',
      'beta.φ': 'export const b = "beta"\n',
    })
    expect(await twice(dir, ['main.φ'])).toMatchObject({ code: 0, stdout: 'alpha-beta\n', stderr: '' })
  })

  test('a φ module reached through a computed specifier is walked when it loads: its plain import of φ is rewritten', async () => {
    // No walk from the entry can follow `./${name}.φ`; feature.φ's own load must find helper.ts,
    // whose `./lib` names a φ file Bun would not find.
    const dir = tempProject({
      'package.json': '{}',
      'main.φ': 'const name = "feature"\nconst m = await import(`./${name}.φ`)\nπ(m.shout())\n',
      'feature.φ': '⇒ { greet } ← "./helper"\nexport ƒ shout() { ⟲ greet().toUpperCase() }\n',
      'helper.ts': 'import { word } from "./lib"\nexport function greet() { return `hi ${word}` }\n',
      'lib.φ': 'export const word = "there"\n',
    })
    expect(await twice(dir, ['main.φ'])).toMatchObject({ code: 0, stdout: 'HI THERE\n', stderr: '' })
  })

  test('with the cache off, a program and its φ imports still run', async () => {
    const dir = tempProject({
      'package.json': '{}',
      'main.φ': '⇒ { twice } ← "./lib"\nπ(twice(21))\n',
      'lib.φ': 'export ƒ twice(n: number) { ⟲ n * 2 }\n',
    })
    for (const env of [{ PHICODE_CACHE: '0' }, { PHICODE_CACHE_SIZE: '0' }] as Array<Record<string, string>>) {
      expect(await twice(dir, ['main.φ'], env)).toMatchObject({ code: 0, stdout: '42\n', stderr: '' })
    }
  })

  test('a CommonJS project file required from φ keeps its exports', async () => {
    // Bun runs CommonJS that a plugin returns as an empty module: such a file must load as it is.
    const dir = tempProject({
      'package.json': '{}',
      'main.φ': 'const util = require("./util.js")\nπ(util.greet("φ"))\n',
      'util.js': 'const { prefix } = require("./prefix.js")\nmodule.exports = { greet: (name) => `${prefix} ${name}` }\n',
      'prefix.js': 'module.exports = { prefix: "hello" }\n',
    })
    expect(await twice(dir, ['main.φ'])).toMatchObject({ code: 0, stdout: 'hello φ\n', stderr: '' })
  })

  test('a relative import of a file that does not exist fails as Bun fails it', async () => {
    const dir = tempProject({ 'package.json': '{}', 'main.φ': '⇒ { x } ← "./missing"\nπ(x)\n' })
    const r = await twice(dir, ['main.φ'])
    expect(r).toMatchObject({ code: 1, stdout: '' })
    expect(r.stderr).toContain(`error: Cannot find module './missing' from '${join(dir, 'main.φ')}'`)
  })

  test('a package that is not installed fails as Bun fails it', async () => {
    const dir = tempProject({ 'package.json': '{}', 'main.φ': '⇒ { x } ← "no-such-package-φ"\nπ(x)\n' })
    const r = await twice(dir, ['main.φ'])
    expect(r).toMatchObject({ code: 1, stdout: '' })
    expect(r.stderr).toContain(`error: Cannot find package 'no-such-package-φ' from '${join(dir, 'main.φ')}'`)
  })

  test('two plain files rewritten, beside a CommonJS package loaded as it is', async () => {
    // Each .ts imports a φ module without its extension: both are loaded rewritten, and nothing
    // else is (a CommonJS package returned by the plugin would load as an empty module).
    const dir = tempProject({
      'package.json': '{}',
      'main.φ': '⇒ { a } ← "./a.ts"\n⇒ { b } ← "./b.ts"\n⇒ cjs ← "cjs-pkg"\nπ(a, b, cjs.name)\n',
      'a.ts': 'export { value as a } from "./lib"\n',
      'b.ts': 'import { value } from "./lib"\nexport const b = value * 2\n',
      'lib.φ': 'export const value = 21\n',
      'node_modules/cjs-pkg/package.json': '{"name": "cjs-pkg", "main": "index.js"}\n',
      'node_modules/cjs-pkg/index.js': 'module.exports = { name: "cjs" }\n',
    })
    expect(await twice(dir, ['main.φ'])).toMatchObject({ code: 0, stdout: '21 42 cjs\n', stderr: '' })
  })

  test("the project's own φ extension is loaded as φ", async () => {
    const dir = tempProject({
      'package.json': '{}',
      '.(φ)/config.json': JSON.stringify({ file_extension: '.fi' }),
      'main.fi': '// phicode: typescript\n⇒ { twice } ← "./lib.fi"\nπ(twice(4))\n',
      'lib.fi': 'export ƒ twice(n: number) { ⟲ n * 2 }\n',
    })
    expect(await twice(dir, ['main.fi'])).toMatchObject({ code: 0, stdout: '8\n', stderr: '' })
    // An error in one is shown on its φ line.
    writeFileSync(join(dir, 'lib.fi'), 'export ƒ twice(n: number) {\n  ¿ (n > 3) { throw new Error("too big") }\n  ⟲ n * 2\n}\n')
    const r = await twice(dir, ['main.fi'])
    expect(r).toMatchObject({ code: 1, stdout: '' })
    // Columns on the φ lines: `¿` is one character where `if` is two, `π(` twelve fewer than `console.log(`.
    expect(r.stderr).toContain(`error: too big\n      at twice (${join(dir, 'lib.fi')}:2:25)\n      at ${join(dir, 'main.fi')}:3:3\n`)
  })
})
