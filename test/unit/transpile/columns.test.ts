/**
 * Columns between a φ line and its converted line (stack traces, editor positions). Each
 * expected column is counted by hand on the two lines written in the test.
 */
import { describe, expect, test } from 'bun:test'
import { defaultTable } from '../../../src/transpile'
import { codeColumn, phiColumn } from '../../../src/transpile/columns'

const python = defaultTable('python')
const typescript = defaultTable('typescript')

describe('phiColumn and codeColumn', () => {
  // [φ line, code line, [φ column, code column] pairs that name the same char]
  const cases: Array<[string, string, typeof python, Array<[number, number]>]> = [
    ['⟲ x', 'return x', python, [[1, 1], [2, 7], [3, 8]]],
    ['¿ a ∧ b:', 'if a and b:', python, [[3, 4], [5, 6], [7, 10], [8, 11]]],
    // The converter puts a space between a keyword and the name glued to its symbol.
    ['¬x', 'not x', python, [[1, 1], [2, 5]]],
    ['a∧¬b', 'a and not b', python, [[1, 1], [2, 3], [3, 7], [4, 11]]],
    ['π(x ≡ y)', 'console.log(x === y)', typescript, [[1, 1], [2, 12], [3, 13], [5, 15], [7, 19], [8, 20]]],
    ['⤷ (y) {', 'else if (y) {', typescript, [[1, 1], [3, 9], [4, 10]]],
  ]
  for (const [phiLine, codeLine, table, pairs] of cases) {
    test(`${phiLine} ↔ ${codeLine}`, () => {
      for (const [phi, code] of pairs) {
        expect([phiLine, code, phiColumn(phiLine, codeLine, code, table)]).toEqual([phiLine, code, phi])
        expect([phiLine, phi, codeColumn(phiLine, codeLine, phi, table)]).toEqual([phiLine, phi, code])
      }
    })
  }

  test('a column past the end of the line keeps its distance from the end', () => {
    expect(phiColumn('⟲', 'return', 10, python)).toBe(5)
    expect(codeColumn('⟲', 'return', 5, python)).toBe(10)
    expect(phiColumn('⟲ x', 'return x', 9, python)).toBe(4)
    expect(codeColumn('⟲ x', 'return x', 4, python)).toBe(9)
  })

  test('lines that differ in a way no symbol explains are walked in step', () => {
    expect(phiColumn('ab', 'cd', 2, python)).toBe(2)
    expect(codeColumn('abc', 'xyz', 3, python)).toBe(3)
  })

  test('column 1 and columns below it stay at the line start', () => {
    expect(phiColumn('⟲ x', 'return x', 1, python)).toBe(1)
    expect(codeColumn('⟲ x', 'return x', 0, python)).toBe(1)
  })
})

describe('codeColumn: the space the converter puts beside a keyword', () => {
  test('the first char of a name glued after a symbol maps to that char, not to the space before it', () => {
    expect(codeColumn('¬x', 'not x', 2, python)).toBe(5)
    expect(codeColumn('¬xyz', 'not xyz', 2, python)).toBe(5)
  })
  test('a symbol glued after a name maps to its keyword, not to the space before it', () => {
    expect(codeColumn('x¬y', 'x not y', 2, python)).toBe(3)
    expect(phiColumn('x¬y', 'x not y', 3, python)).toBe(2)
  })
  test("a space of the source stays the source's", () => {
    expect(codeColumn('⟲ x', 'return x', 2, python)).toBe(7)
  })
})
