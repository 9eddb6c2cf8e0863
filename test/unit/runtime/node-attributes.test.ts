import { expect, test } from 'bun:test'
import { importAttributes, restoreAttributes, type Attributes } from '../../../src/runtime/node/_attributes'

test("each static import's attributes, by specifier as written: with or assert, any quoting, a trailing comma", () => {
  const code = [
    "import data from './data.json' with { type: 'json' }",
    'import cfg from "./c.toml" assert {type:"toml", \'x-y\': "z",}',
    'export { a } from \'./a.txt\' with { "type": "text" }',
    "import plain from './plain.js'",
    "const lazy = import('./lazy.json', { with: { type: 'json' } })",
    `import far from './far.json'${' '.repeat(210)}with { type: 'json' }`,
  ].join('\n')
  expect(Object.fromEntries(importAttributes(code, false))).toEqual({
    './data.json': { type: 'json' },
    './c.toml': { type: 'toml', 'x-y': 'z' },
    './a.txt': { type: 'text' },
  })
})

test("attributes are read only right after their own specifier, however they are spaced", () => {
  const code = [
    "import a from './a.json'",
    "import b from './b.json'with{type:'json'}",
    "import c from './c.json'  with  { type : 'json' , mode : 'x' }",
    "import d from './d.json' with {}",
  ].join('\n')
  expect(Object.fromEntries(importAttributes(code, false))).toEqual({
    './b.json': { type: 'json' },
    './c.json': { type: 'json', mode: 'x' },
    './d.json': {},
  })
})

test("JSX text is text: an apostrophe in it starts no string (the file's own kind decides)", () => {
  const code = "const el = <p>it's</p>\nimport y from './y.yaml' with { type: 'yaml' }\nconst s = 'x'\n"
  expect(Object.fromEntries(importAttributes(code, true))).toEqual({ './y.yaml': { type: 'yaml' } })
})

test('the attributes of a JSX file are found past its tags', () => {
  const code = "import x from './x.json' with { type: 'json' }\nconst el = <div a='1'>{x}</div>\nimport y from './y.yaml' with { type: 'yaml' }\n"
  expect(Object.fromEntries(importAttributes(code, true))).toEqual({ './x.json': { type: 'json' }, './y.yaml': { type: 'yaml' } })
})

const WANTED = new Map<string, Attributes>([
  ['./data.json', { type: 'json' }],
  ['./side.json', { type: 'json' }],
  ['./a.txt', { type: 'text' }],
  ['./c.toml', { type: 'toml', mode: 'x' }],
])

test('restored after the static imports and re-exports Bun printed, and into dynamic imports without options', () => {
  const js = [
    'import data from "./data.json";',
    'import"./side.json";',
    'import "./side.json";',
    'import.meta.x = "./data.json";',
    'export const from = "./data.json";',
    'export { a } from "./a.txt";',
    'import {',
    '  x',
    '} from "./c.toml";',
    'import other from "./other.json";',
    'export const s = "./data.json";',
    'const y = import("./data.json");',
    'const z = import("./other.json");',
  ].join('\n')
  expect(restoreAttributes(js, WANTED)).toBe(
    [
      'import data from "./data.json" with { "type": "json" };',
      'import"./side.json" with { "type": "json" };',
      'import "./side.json" with { "type": "json" };',
      'import.meta.x = "./data.json";',
      'export const from = "./data.json";',
      'export { a } from "./a.txt" with { "type": "text" };',
      'import {',
      '  x',
      '} from "./c.toml" with { "type": "toml", "mode": "x" };',
      'import other from "./other.json";',
      'export const s = "./data.json";',
      'const y = import("./data.json", { with: { "type": "json" } });',
      'const z = import("./other.json");',
    ].join('\n'),
  )
})

test('a specifier with escapes is matched by its value', () => {
  const wanted = new Map([['./q"d.json', { type: 'json' }]])
  expect(restoreAttributes('import q from "./q\\"d.json";', wanted)).toBe('import q from "./q\\"d.json" with { "type": "json" };')
})
