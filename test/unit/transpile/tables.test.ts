/**
 * The default tables against the ones written out by hand in test/helpers/symbols.ts: the
 * exported pairs, and what the transpiler makes of each glyph between two names.
 */
import { describe, expect, test } from 'bun:test'
import { DEFAULT_SYMBOLS, transpile } from '../../../src/transpile'
import { PYTHON_TABLE, TYPESCRIPT_TABLE } from '../../helpers/symbols'

const dialects = [
  ['python', PYTHON_TABLE, 48],
  ['typescript', TYPESCRIPT_TABLE, 37],
] as const

for (const [dialect, table, size] of dialects) {
  describe(`${dialect}: the default table`, () => {
    test(`has the ${size} pairs written out by hand`, () => {
      expect(Object.keys(table)).toHaveLength(size)
      const exported = Object.fromEntries(DEFAULT_SYMBOLS[dialect].map((p) => [p.keyword, p.symbol]))
      expect(exported).toEqual({ ...table })
    })

    for (const [keyword, symbol] of Object.entries(table)) {
      test(`${symbol} becomes ${keyword}`, () => expect(transpile(`x ${symbol} y`, { dialect })).toBe(`x ${keyword} y`))
    }
  })
}
