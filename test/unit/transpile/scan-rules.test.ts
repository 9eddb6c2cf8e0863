/**
 * Rules of the shared scanner helpers (_scan.ts) as conversions show them: where a number or a
 * name ends, one-line strings, glyph lookup, keyword prefixes, symbols found in plain code.
 * Every expected text is written by hand.
 */
import { describe, expect, test } from 'bun:test'
import { buildTable, convert, toPhicode, transpile, TranspileError } from '../../../src/transpile'
import { thrown } from '../../helpers/thrown'

const phi = (code: string) => toPhicode(code, { dialect: 'python' })
const phiTs = (code: string) => toPhicode(code, { dialect: 'typescript' })

describe('a number absorbs the letters glued to it, and one dot before any letter', () => {
  const cases: Array<[string, string]> = [
    ['x = 12if', 'x = 12if'],
    ['x = 9.if', 'x = 9.if'],
    ['x = 0.if', 'x = 0.if'],
    ['x = 12.if', 'x = 12.if'],
    ['x = 1_0.if', 'x = 1_0.if'],
    ['x = 1..if', 'x = 1..¿'],
    ['x = 1e5.if', 'x = 1e5.¿'],
    ['x = 1e+len(y)', 'x = 1e+len(y)'],
    ['x = 1E-len(y)', 'x = 1E-len(y)'],
    ['x = 1+len(y)', 'x = 1+ℓ(y)'],
    ['x = 0x1e+len(y)', 'x = 0x1e+ℓ(y)'],
    ['x = 0X1E-len(y)', 'x = 0X1E-ℓ(y)'],
    ['x = 0e+len(y)', 'x = 0e+len(y)'],
  ]
  for (const [code, expected] of cases) test(code, () => expect(phi(code)).toBe(expected))
})

describe('names', () => {
  test('A, Z, z, _ and digits are name chars, next to a keyword', () => {
    for (const name of ['ifA', 'ifZ', 'ifz', 'if_', 'if0', 'if9', 'Aif', 'Zif', 'zif', '_if']) {
      expect([name, phi(`${name} = 1`)]).toEqual([name, `${name} = 1`])
      expect([name, phiTs(`${name} = 1`)]).toEqual([name, `${name} = 1`])
    }
  })
  test('an async arrow whose parameter starts with A, Z or _', () => {
    for (const name of ['A', 'Z', '_']) expect(phiTs(`f = async ${name} => ${name}`)).toBe(`f = ⟳ ${name} => ${name}`)
  })
  test('$ is a name char in typescript, not in python', () => {
    expect(phiTs('if$ = $if')).toBe('if$ = $if')
    expect(transpile('a$¬b', { dialect: 'python' })).toBe('a$not b')
    expect(transpile('a$¬b', { dialect: 'typescript' })).toBe('a$!b')
    expect(transpile('a$⟲b', { dialect: 'typescript' })).toBe('a$ return b')
  })
  test('a keyword that a longer name goes on past is that name', () => {
    expect(phiTs('else iffy')).toBe('⋄ iffy')
    expect(phiTs('else ifé')).toBe('⋄ ifé')
    expect(phiTs('else if_')).toBe('⋄ if_')
    expect(phiTs('else if(x)')).toBe('⤷(x)')
    expect(phiTs('else if')).toBe('⤷')
  })
})

describe('one-line strings', () => {
  test('a backslash continues the string over LF, CRLF and CR', () => {
    expect(phi('x = "a\\\nb" if c else d')).toBe('x = "a\\\nb" ¿ c ⋄ d')
    expect(phi('x = "a\\\r\nb" if c else d')).toBe('x = "a\\\r\nb" ¿ c ⋄ d')
    expect(phi('x = "a\\\r" if c else d')).toBe('x = "a\\\r" ¿ c ⋄ d')
  })
  const unterminated: Array<[string, number, number]> = [
    ['x = "a\ny = "b"', 1, 5],
    ['x = "a\ry = "b"', 1, 5],
    ['x = "a\\"\ny = "b"', 1, 5],
    ['x = 1\ny = \'a', 2, 5],
  ]
  for (const [code, line, column] of unterminated) {
    test(`unterminated: ${JSON.stringify(code)}`, () => {
      for (const convertIt of [phi, phiTs]) {
        const error = thrown(TranspileError, () => convertIt(code))
        expect([error.code, error.line, error.column]).toEqual(['UNTERMINATED_STRING', line, column])
      }
    })
  }
})

describe('glyphs', () => {
  test('a symbol in plain code is refused going code → φ, with its position', () => {
    for (const [convertIt, keyword] of [[phi, 'not'], [phiTs, '!']] as const) {
      const error = thrown(TranspileError, () => convertIt('x = 1\ny = ¬a'))
      expect([error.code, error.line, error.column]).toEqual(['SYMBOL_IN_SOURCE', 2, 5])
      expect(error.reason).toBe(`'¬' is already used in code here; as φ it would read as '${keyword}', so converting would change the program`)
    }
  })
  test('a name spelled like a word symbol is refused going code → φ', () => {
    for (const dialect of ['python', 'typescript'] as const) {
      const table = buildTable(dialect, [{ keyword: 'return', symbol: 'ret' }])
      const error = thrown(TranspileError, () => toPhicode('x = 1\nret = 2', { table }))
      expect([error.code, error.line, error.column]).toEqual(['SYMBOL_IN_SOURCE', 2, 1])
    }
  })
  test("the first char of a longer glyph alone is part of a name", () => {
    for (const dialect of ['python', 'typescript'] as const) {
      const table = buildTable(dialect, [{ keyword: 'and', symbol: '¬¬' }])
      expect(transpile('x = a¬b ¬¬ c', { table })).toBe('x = a¬b and c')
      expect(transpile('x = ¬¬c ∧ a¬', { table })).toBe('x = and c ∧ a¬')
    }
  })
  test('a table whose only symbols are words converts them', () => {
    const table = buildTable('python', [{ keyword: 'def', symbol: 'fn' }])
    expect(transpile('fn f(): pass', { table })).toBe('def f(): pass')
  })
  test('a word alias beside glyph-only entries converts', () => {
    const table = buildTable('python', [{ keyword: 'def', symbol: 'ƒ' }], [{ keyword: 'def', symbol: 'fn' }, { keyword: 'return', symbol: '⟲' }])
    expect(transpile('fn f(): ⟲ 1', { table })).toBe('def f(): return 1')
  })
})

describe('soft keywords count as used symbols', () => {
  test('symbolsUsed lists match and case', () => {
    expect(convert('match x:\n  case 1: pass\n', 'reverse', { dialect: 'python' }).symbolsUsed).toEqual(['⋯', '⟷', '▷'])
  })
})
