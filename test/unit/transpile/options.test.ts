/** The defaults of convert, codeMask and scanImports options. Expected texts written by hand. */
import { describe, expect, test } from 'bun:test'
import { codeMask, convert, DEFAULT_SYMBOLS, projectTable, scanImports, transpile } from '../../../src/transpile'

describe('convert', () => {
  test('without a dialect or table, python', () => {
    expect(transpile('ƒ f(): ⟲ 1')).toBe('def f(): return 1')
    expect(convert('def f(): return 1', 'reverse').code).toBe('ƒ f(): ⟲ 1')
  })
  test('symbolsUsed: the symbols that took part, in table order, none for plain code', () => {
    expect(convert('⟲ ƒ', 'forward', { dialect: 'python' }).symbolsUsed).toEqual(['ƒ', '⟲'])
    expect(convert('x = 1', 'forward', { dialect: 'python' }).symbolsUsed).toEqual([])
    expect(convert('x = 1', 'reverse', { dialect: 'python' }).symbolsUsed).toEqual([])
    expect(convert('¿ (a) ⟲ b', 'forward', { dialect: 'typescript' }).symbolsUsed).toEqual(['⟲', '¿'])
    // A project table: its own symbols in table order, then the aliases read, and only those.
    const table = projectTable('python', DEFAULT_SYMBOLS.python.map((p) => ({ ...p, symbol: ({ def: 'fn', pass: 'ok' } as Record<string, string>)[p.keyword] ?? p.symbol })))
    expect(convert('fn f(): ⟲ 1', 'forward', { table }).symbolsUsed).toEqual(['fn', '⟲'])
    expect(convert('ƒ f(): ⟲ 1', 'forward', { table }).symbolsUsed).toEqual(['⟲', 'ƒ'])
  })
  test('JSX is off unless asked for', () => {
    expect(transpile('f(<a>¿</a>)', { dialect: 'typescript' })).toBe('f(<a>if</a>)')
    expect(transpile('f(<a>¿</a>)', { dialect: 'typescript', jsx: true })).toBe('f(<a>¿</a>)')
  })
})

describe('codeMask and scanImports: JSX is off unless asked for', () => {
  test('codeMask', () => {
    expect(codeMask('v = <i>it</i>', 'typescript')).toBe('v = <i>it</i>')
    expect(codeMask('v = <i>it</i>', 'typescript', { jsx: true })).toBe('v = <i>  </i>')
  })
  test('scanImports', () => {
    const source = "f(<a>import('m')</a>)"
    expect(scanImports(source).specifiers).toEqual([{ value: 'm', start: 13, end: 14, kind: 'dynamic' }])
    expect(scanImports(source, { jsx: true }).specifiers).toEqual([])
    // A string after `case` names no module.
    expect(scanImports("switch (a) { case 'x': break }").specifiers).toEqual([])
  })
})
