/** Error positions: 1-based lines and code-point columns, as editors count. Counted by hand. */
import { describe, expect, test } from 'bun:test'
import { TranspileError } from '../../../src/transpile'
import { locate } from '../../../src/transpile/error'

describe('locate', () => {
  const cases: Array<[string, string, number, number, number]> = [
    ['start', 'abc', 0, 1, 1],
    ['on a line feed, still its line', 'ab\ncd', 2, 1, 3],
    ['after a line feed', 'ab\ncd', 3, 2, 1],
    ['a lone carriage return ends a line', 'a\rb', 2, 2, 1],
    ['CRLF is one line break', 'a\r\nb', 3, 2, 1],
    ['CRLF twice', 'a\r\n\r\nb', 5, 3, 1],
    ['on the CR of a CRLF', 'a\r\nb', 1, 1, 2],
    ['an astral char is one column (U+10000: D800 DC00)', '\u{10000}x', 2, 1, 2],
    ['an astral char is one column (U+10FFFF: DBFF DFFF)', '\u{10FFFF}x', 2, 1, 2],
    ['chars above the surrogates count', '\uff71\ufeffx', 2, 1, 3],
    ['past the end, the column stays after the last char', 'ab', 4, 1, 3],
  ]
  for (const [name, source, offset, line, column] of cases) {
    test(name, () => expect(locate(source, offset)).toEqual({ line, column }))
  }
})

describe('TranspileError', () => {
  test('its name, message and fields', () => {
    const error = new TranspileError('UNTERMINATED_STRING', 'unterminated', 2, 5, 'a.φ')
    expect([error.name, error.message, error.code, error.line, error.column, error.filename]).toEqual([
      'TranspileError', 'a.φ:2:5: unterminated', 'UNTERMINATED_STRING', 2, 5, 'a.φ',
    ])
    expect(String(new TranspileError('NESTING_TOO_DEEP', 'deep', 1, 1))).toBe('TranspileError: <input>:1:1: deep')
  })
})
