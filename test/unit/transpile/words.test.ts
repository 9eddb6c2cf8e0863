/** The identifier index of _words.ts: exact lookups, whatever the hash buckets hold. */
import { describe, expect, test } from 'bun:test'
import { createWordIndex, findWord } from '../../../src/transpile/_words'

describe('findWord', () => {
  test('finds the word at the exact span only', () => {
    const index = createWordIndex([['in', 1], ['if', 2], ['import', 3]])
    expect(findWord(index, 'x in y', 2, 4)).toBe(1)
    expect(findWord(index, 'import', 0, 6)).toBe(3)
    expect(findWord(index, 'import', 0, 2)).toBeUndefined()
    expect(findWord(index, 'index', 0, 5)).toBeUndefined()
    expect(findWord(index, 'of', 0, 2)).toBeUndefined()
  })
  test('a longer name in the same bucket that starts with a word is not that word', () => {
    // (length, first, last) of `in` and of this name fall into the same bucket of 1024:
    // 2·131 + 105·31 + 110 = 3627 and 10·131 + 105·31 + 86 = 4651, both 555 modulo 1024.
    const index = createWordIndex([['in', 1]])
    expect(findWord(index, 'inabcdefgV', 0, 10)).toBeUndefined()
    expect(findWord(index, 'inabcdefgV', 0, 2)).toBe(1)
  })
})
