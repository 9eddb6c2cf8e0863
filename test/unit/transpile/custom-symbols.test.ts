/**
 * Custom symbols (issue 14): an ASCII symbol is never matched after a `.`, in either direction
 * or dialect, and a default symbol a custom one replaced is still read (never written). Every
 * expected text is written by hand.
 */
import { describe, expect, test } from 'bun:test'
import { buildTable, convert, DEFAULT_SYMBOLS, projectTable, toPhicode, transpile, type Dialect, type SymbolTable } from '../../../src/transpile'
import { phiColumn } from '../../../src/transpile/columns'

/** The dialect's defaults with `keyword`'s symbol changed, as a project config gives them. */
function custom(dialect: Dialect, changes: Record<string, string>): SymbolTable {
  return projectTable(dialect, DEFAULT_SYMBOLS[dialect].map((p) => ({ keyword: p.keyword, symbol: changes[p.keyword] ?? p.symbol })))
}

describe('python: an ASCII symbol after a `.` is an attribute name', () => {
  const table = custom('python', { def: 'fn', import: 'imp' })
  const py = (phi: string) => transpile(phi, { table })
  const phi = (code: string) => toPhicode(code, { table })

  test('φ → python: `A.fn = 3` stays, `fn` elsewhere is def', () => {
    expect(py('fn f(): ⋯\nA.fn = 3\nA . fn\nx = (A.\n  fn)')).toBe('def f(): pass\nA.fn = 3\nA . fn\nx = (A.\n  fn)')
  })
  test('python → φ: an attribute spelled like a symbol is not refused', () => {
    expect(phi('def f(): pass\nA.fn = 3\nA.imp')).toBe('fn f(): ⋯\nA.fn = 3\nA.imp')
  })
  test('python → φ: a hard keyword after `.` keeps its spelling when its symbol is a word, so it reads back', () => {
    expect(phi('from . import x\nimport os')).toBe('← . import x\nimp os')
    expect(py('← . import x\nimp os')).toBe('from . import x\nimport os')
  })
  test('a glyph symbol after `.` still converts (`from . import`)', () => {
    expect(phi('from . import x')).toBe('← . import x')
    expect(transpile('← . ⇒ x', { dialect: 'python' })).toBe('from . import x')
    expect(toPhicode('from . import x', { dialect: 'python' })).toBe('← . ⇒ x')
  })
})

describe('typescript: an ASCII symbol after `.` or `?.` is a property name', () => {
  const table = custom('typescript', { function: 'fn', return: 'ret' })
  test('φ → typescript', () => {
    expect(transpile('fn f() { ret A.fn }\nA.fn = 3\nA?.ret\nA.\n  fn', { table })).toBe(
      'function f() { return A.fn }\nA.fn = 3\nA?.ret\nA.\n  fn',
    )
  })
  test('typescript → φ', () => {
    expect(toPhicode('function f() { return A.fn }\nA.fn = 3; A.function = 1; A?.ret', { table })).toBe(
      'fn f() { ret A.fn }\nA.fn = 3; A.function = 1; A?.ret',
    )
  })
})

describe('a replaced default symbol is still read, the custom one is written', () => {
  test('python: ƒ and fn both read as def; def is written as fn', () => {
    const table = custom('python', { def: 'fn' })
    expect(transpile('ƒ a(): ⟲ 1\nfn b(): ⟲ 2', { table })).toBe('def a(): return 1\ndef b(): return 2')
    expect(toPhicode('def a(): return 1', { table })).toBe('fn a(): ⟲ 1')
    expect(convert('ƒ a(): fn', 'forward', { table }).symbolsUsed).toEqual(['fn', 'ƒ'])
  })
  test('typescript: ƒ and fn both read as function', () => {
    const table = custom('typescript', { function: 'fn' })
    expect(transpile('ƒ a() {}\nfn b() {}', { table })).toBe('function a() {}\nfunction b() {}')
    expect(toPhicode('function a() {}', { table })).toBe('fn a() {}')
  })
  test('a glyph custom symbol: both glyphs read', () => {
    const table = custom('python', { def: '⨍' })
    expect(transpile('⨍ a(): ⋯\nƒ b(): ⋯', { table })).toBe('def a(): pass\ndef b(): pass')
    expect(toPhicode('def a(): pass', { table })).toBe('⨍ a(): ⋯')
  })
  test('code → φ refuses the replaced symbol in code too, since it would read back as its keyword', () => {
    const table = custom('python', { def: 'fn' })
    expect(() => toPhicode('ƒ = 1', { table })).toThrow("'ƒ' is already used in code here; as φ it would read as 'def'")
  })
  test('a default symbol taken by another keyword means that keyword only', () => {
    const table = custom('python', { def: 'fn', lambda: 'ƒ' })
    expect(transpile('fn f(): ⟲ ƒ: 1', { table })).toBe('def f(): return lambda: 1')
    expect(table.aliases.map((a) => `${a.symbol} ${a.keyword}`)).toEqual(['λ lambda'])
  })
  test('a column in the converted line maps back over a replaced symbol too', () => {
    const table = custom('python', { def: 'fn' })
    // `ab` is at column 5 of `def ab(x): return y`, at 3 after `ƒ ` and at 4 after `fn `.
    expect(phiColumn('ƒ ab(x): ⟲ y', 'def ab(x): return y', 5, table)).toBe(3)
    expect(phiColumn('fn ab(x): ⟲ y', 'def ab(x): return y', 5, table)).toBe(4)
  })
  test('buildTable: an alias may be a word, read only as a whole name and never after a `.`', () => {
    for (const dialect of ['python', 'typescript'] as const) {
      const table = buildTable(dialect, [{ keyword: 'return', symbol: '⟲' }], [{ keyword: 'return', symbol: 'ret' }])
      expect(transpile('ret x; ⟲ y; a.ret; rets', { table })).toBe('return x; return y; a.ret; rets')
      expect(toPhicode('return a.ret', { table })).toBe('⟲ a.ret')
    }
  })
  test('the default table has no aliases, and the project table another id than one without them', () => {
    const pairs = DEFAULT_SYMBOLS.python.map((p) => (p.keyword === 'def' ? { ...p, symbol: 'fn' } : p))
    expect(projectTable('python', DEFAULT_SYMBOLS.python).aliases).toEqual([])
    expect(projectTable('python', pairs).id).not.toBe(custom('python', {}).id)
  })
})
