/** The entry and pack formats refuse every damaged byte, every truncation and every mislabel. */
import { describe, expect, test } from 'bun:test'
import { decodeEntry, encodeEntry } from '../../../src/cache/_entry'
import { decodePack, encodePack } from '../../../src/cache/_pack'

const id = { kind: 'python', engine: '1.0.0+abc', key: '0123456789abcdef0123456789abcdef' }
const body = new TextEncoder().encode('def f():\n    return 42\n')

describe('entries', () => {
  const entry = encodeEntry(id, body)

  test('a whole entry decodes to its body and digest', () => {
    const decoded = decodeEntry(entry, id)
    expect('body' in decoded && new TextDecoder().decode(decoded.body)).toBe(new TextDecoder().decode(body))
  })
  test('any one byte changed anywhere is refused', () => {
    for (let i = 0; i < entry.length; i++) {
      const damaged = entry.slice()
      damaged[i] = damaged[i]! ^ 0x20
      expect(decodeEntry(damaged, id)).toHaveProperty('reason')
    }
  })
  test('every truncation and any extra byte is refused', () => {
    for (let n = 0; n < entry.length; n++) expect(decodeEntry(entry.subarray(0, n), id)).toHaveProperty('reason')
    expect(decodeEntry(new Uint8Array([...entry, 0]), id)).toHaveProperty('reason')
  })
  test('another kind, engine or key is refused, with the reason', () => {
    expect(decodeEntry(entry, { ...id, kind: 'typescript' })).toEqual({ reason: 'a python entry where a typescript entry belongs' })
    expect(decodeEntry(entry, { ...id, engine: '2.0.0' })).toEqual({ reason: 'written by engine 1.0.0+abc, this is 2.0.0' })
    expect(decodeEntry(entry, { ...id, key: 'f'.repeat(32) })).toEqual({ reason: 'the entry of another key (swapped)' })
  })
})

describe('packs', () => {
  const pack = encodePack('python', id.engine, [['a', encodeEntry({ ...id, key: 'a' }, body)], ['b', encodeEntry({ ...id, key: 'b' }, body)]])

  test('a whole pack lists its entries', () => {
    const index = decodePack(pack)
    expect('entries' in index && index.entries.map((e) => e[0])).toEqual(['a', 'b'])
  })
  test('every truncation is refused', () => {
    for (let n = 0; n < pack.length; n++) expect(decodePack(pack.subarray(0, n))).toHaveProperty('reason')
  })
  test('any byte changed in the index or trailer is refused; in an entry, the entry refuses it', () => {
    const index = decodePack(pack)
    if (!('entries' in index)) throw new Error(index.reason)
    const entriesEnd = index.entries.at(-1)![1] + index.entries.at(-1)![2]
    for (let i = entriesEnd; i < pack.length; i++) {
      const damaged = pack.slice()
      damaged[i] = damaged[i]! ^ 0x01
      expect(decodePack(damaged)).toHaveProperty('reason')
    }
  })
})
