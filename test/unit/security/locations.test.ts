/**
 * Where a finding points and what it quotes, in the cases that need care: line endings of every
 * kind, characters outside the BMP, φ lines whose symbols are shorter or longer than the
 * keywords, custom symbols, JSX, and string specifiers in all three quote styles. Every line,
 * column and match below is counted by hand from the source text.
 */
import { describe, expect, test } from 'bun:test'
import { scanSource } from '../../../src/security'
import { buildTable, PYTHON_SYMBOLS } from '../../../src/transpile'

const at = (source: string, dialect: 'python' | 'typescript', options = {}) =>
  scanSource(source, dialect, options).map((f) => `${f.rule} ${f.line}:${f.column} ${f.match}`)

describe('line and column', () => {
  test('LF, CRLF and a lone CR each end a line', () => {
    expect(at('a = 1\r\nb = 2\rc = eval(x)\nd = eval(y)\r\n', 'python')).toEqual(['py-eval 3:5 eval(', 'py-eval 4:5 eval('])
  })

  test('the column counts code points: an emoji before the finding is one column', () => {
    expect(at('s = "😀😀"; eval(x)\n', 'python')).toEqual(['py-eval 1:11 eval('])
    expect(at('const s = "😀"; eval(x)\n', 'typescript')).toEqual(['ts-eval 1:16 eval('])
  })

  test('a finding on the last line without a newline, and one at offset 0', () => {
    expect(at('eval(a)\nx = 1\n  eval(b)', 'python')).toEqual(['py-eval 1:1 eval(', 'py-eval 3:3 eval('])
  })

  test('the match is trimmed of the whitespace the pattern allowed before it', () => {
    expect(at('import json\nimport   subprocess\n', 'python')).toEqual(['py-subprocess 2:1 import   subprocess'])
  })
})

describe('φ source', () => {
  test('columns point into the φ line when symbols are shorter than their keywords', () => {
    // `⟲ ` stands for `return ` (7 chars → 2), `ƒ` for `def`: eval starts at φ column 15.
    expect(at('ƒ f(x): ⟲ 1 + eval(x)\n', 'python', { phi: true })).toEqual(['py-eval 1:15 eval('])
  })

  test('columns point into the φ line when a symbol stands for a longer word on TypeScript', () => {
    // `π(` is `console.log(` in the code; `process.kill(` starts at φ column 3.
    expect(at('π(process.kill(1))\n', 'typescript', { phi: true })).toEqual(['ts-kill 1:3 process.kill('])
  })

  test('a line that converts to itself keeps its columns; other lines do not disturb it', () => {
    expect(at('¿ ✓:\n    x = 1\n    eval(y)\n', 'python', { phi: true })).toEqual(['py-eval 3:5 eval('])
  })

  test('a custom symbol for a dangerous builtin is found through the project table', () => {
    const table = buildTable('python', [...PYTHON_SYMBOLS, { keyword: 'eval', symbol: '⚠' }])
    expect(at('x = ⚠(s)\n', 'python', { phi: true, table })).toEqual(['py-eval 1:5 eval('])
    expect(at('x = ⚠(s)\n', 'python', { phi: true })).toEqual([])
  })
})

describe('specifiers', () => {
  test('double, single and backtick quotes, the match running to the closing quote', () => {
    expect(at('const a = require("child_process")\nconst b = require(\'vm\')\nconst c = await import(`bun:ffi`)\n', 'typescript')).toEqual([
      'ts-child-process 1:11 require("child_process"',
      'ts-vm 2:11 require(\'vm\'',
      'ts-native-import 3:17 import(`bun:ffi`',
    ])
  })

  test('a template with a substitution, a non-literal argument, or no closing quote is no specifier', () => {
    expect(at('const a = await import(`child_${"process"}`)\nconst b = require(name + "vm")\n', 'typescript')).toEqual([])
  })

  test('whitespace and newlines between the anchor and the quote', () => {
    expect(at('import x from\n  "node:net"\n', 'typescript')).toEqual(['ts-network 1:10 from\n  "node:net"'])
  })
})

describe('JSX', () => {
  test('text between tags is not code, with jsx on; a call inside braces is', () => {
    const source = 'const e = <p>eval(x) and process.kill(1)</p>\nconst f = <p>{eval(y)}</p>\n'
    expect(at(source, 'typescript', { jsx: true })).toEqual(['ts-eval 2:15 eval('])
  })

  test('jsx is a TypeScript option only: Python ignores it', () => {
    expect(at('x = a <p> eval(y)\n', 'python', { jsx: true })).toEqual(['py-eval 1:11 eval('])
  })
})
