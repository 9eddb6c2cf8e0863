import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { asEsModule, isCommonJs } from '../../../src/runtime/bun/_module-format'
import { BUN } from '../../helpers/root'
import { tempProject } from '../../helpers/tmp'

const CJS_TAIL = 'const __phicode_cjs = module.exports; export { __phicode_cjs as default, __phicode_cjs as "module.exports" }\n'
const CJS_HEAD = 'var module = { exports: {} }, exports = module.exports; '

describe('asEsModule', () => {
  test('code with ES module syntax, or with no require/exports at all, is left as it is', () => {
    for (const code of [
      'const a = 1\n',
      "import fs from 'node:fs'\nconst x = require('y')\n",
      "import { a } from 'b'\nmodule.exports = 1\n",
      "import * as a from 'b'\nrequire('c')\n",
      "import 'side'\nrequire('c')\n",
      'import a, { b } from "c"\nrequire("c")\n',
      'export default 1\nrequire("x")\n',
      'export const a = 1; require("x")\n',
      'export function f() {}\nrequire("x")\n',
      'export class C {}\nrequire("x")\n',
      'export let a = 1\nrequire("x")\n',
      'export var a = 1\nrequire("x")\n',
      'export async function f() {}\nrequire("x")\n',
      'export { a }\nconst a = require("x")\n',
      'export * from "y"\nrequire("x")\n',
      'export type T = number\nrequire("x")\n',
      'export interface I {}\nrequire("x")\n',
      'export enum E { A }\nrequire("x")\n',
      'export declare const d: number\nrequire("x")\n',
      'export abstract class A {}\nrequire("x")\n',
      'console.log(import.meta.url)\nrequire("x")\n',
      'console.log(import . meta.url)\nrequire("x")\n',
      'import a from "b"\nexports.x = 1\n',
      'import{ a }from"b"\nrequire("c")\n',
      'export{ a }\nconst a = require("x")\n',
    ]) {
      expect(asEsModule(code, '/p/a.φ')).toBe(code)
    }
  })

  test('require() and no ES syntax: export {} after the last line, lines kept', () => {
    expect(asEsModule("const x = require('y')\n", '/p/a.φ')).toBe("const x = require('y')\nexport {}\n")
    expect(asEsModule("const x = require ('y')", '/p/a.φ')).toBe("const x = require ('y')\nexport {}\n")
  })

  test('require or exports only in strings, comments or as properties: left as it is', () => {
    for (const code of [
      "const s = 'require(x) module.exports = 1'\n",
      '// require("x")\n/* exports.a = 1 */\n',
      'obj.require("x")\n',
      'a.exports.b = 1\n',
      'myrequire("x")\n',
      '$require("x")\n',
      'const requireX = 1\n',
      'const exports_ = 1\n',
      'exports\n',
    ]) {
      expect(asEsModule(code, '/p/a.φ')).toBe(code)
    }
  })

  test('CommonJS exports: module and exports declared on the first line, module.exports exported after the last', () => {
    expect(asEsModule('module.exports = { a: 1 }\n', '/p/a.φ')).toBe(`${CJS_HEAD}module.exports = { a: 1 }\n${CJS_TAIL}`)
    expect(asEsModule('exports.a = 1', '/p/a.φ')).toBe(`${CJS_HEAD}exports.a = 1\n${CJS_TAIL}`)
    expect(asEsModule('exports["a"] = 1\n', '/p/a.φ')).toBe(`${CJS_HEAD}exports["a"] = 1\n${CJS_TAIL}`)
    expect(asEsModule('module . exports = 2\n', '/p/a.φ')).toBe(`${CJS_HEAD}module . exports = 2\n${CJS_TAIL}`)
    expect(asEsModule('exports . a = 3\n', '/p/a.φ')).toBe(`${CJS_HEAD}exports . a = 3\n${CJS_TAIL}`)
  })

  test('a shebang line stays first', () => {
    expect(asEsModule('#!/usr/bin/env phicode\nexports.a = 1\n', '/p/a.φ')).toBe(`#!/usr/bin/env phicode\n${CJS_HEAD}exports.a = 1\n${CJS_TAIL}`)
    expect(asEsModule('#!/usr/bin/env x exports.a = 1', '/p/a.φ')).toBe('#!/usr/bin/env x exports.a = 1')
  })

  test('code that cannot be read is left for Bun to report', () => {
    expect(asEsModule('module.exports = `abc\n', '/p/a.φ')).toBe('module.exports = `abc\n')
  })

  test('read as its file kind: JSX in a .φ file, a type assertion in a .ts file', () => {
    expect(asEsModule('const e = <div>{require("x")}</div>\n', '/p/a.φ')).toBe('const e = <div>{require("x")}</div>\nexport {}\n')
    expect(asEsModule('const n = <number>require("x")\n', '/p/a.ts')).toBe('const n = <number>require("x")\nexport {}\n')
  })

  test('what it returns runs on the real Bun as the CommonJS did under Node semantics', () => {
    const dir = tempProject({
      'lib.ts': asEsModule('exports.answer = 42\nmodule.exports.name = "lib"\n', join('/p', 'lib.ts')),
      'main.ts': "import lib from './lib.ts'\nconst viaRequire = require('./lib.ts')\nconsole.log(lib.answer, lib.name, viaRequire.answer)\n",
    })
    const run = Bun.spawnSync([BUN, 'main.ts'], { cwd: dir })
    expect(run.stderr.toString()).toBe('')
    expect(run.stdout.toString()).toBe('42 lib 42\n')
  })
})

describe('isCommonJs', () => {
  test('CommonJS exports and no ES syntax', () => {
    expect(isCommonJs('module.exports = 1\n', '/p/a.js')).toBe(true)
    expect(isCommonJs('exports.a = 1\n', '/p/a.js')).toBe(true)
    expect(isCommonJs('require("x")\n', '/p/a.js')).toBe(false)
    expect(isCommonJs('export default 1\nmodule.exports = 1\n', '/p/a.js')).toBe(false)
    expect(isCommonJs('"module.exports = 1"\n', '/p/a.js')).toBe(false)
    expect(isCommonJs('module.exports = `abc\n', '/p/a.js')).toBe(false)
  })
})
