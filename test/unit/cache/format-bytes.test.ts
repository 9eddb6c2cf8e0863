/**
 * The entry and pack formats byte for byte, against files laid out here by hand from the layout
 * documented in src/cache/_entry.ts and _pack.ts (SHA-256 from node:crypto), and the reason
 * given for each way a file can be refused.
 */
import { describe, expect, test } from 'bun:test'
import { createHash } from 'node:crypto'
import { decodeEntry, encodeEntry, parseEntry } from '../../../src/cache/_entry'
import { decodePack, encodePack } from '../../../src/cache/_pack'

const utf8 = (s: string) => new TextEncoder().encode(s)
const sha16 = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest().subarray(0, 16))
const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24]

const id = { kind: 'python', engine: '1.0.0+abc', key: 'k1' }
const body = utf8('print(1)\n')

/** An entry as the layout says: magic, version, three lengths, body length, digest, id, body. */
function handEntry(kind: string, engine: string, key: string, content: Uint8Array, version = 1): Uint8Array {
  const [k, e, l] = [utf8(kind), utf8(engine), utf8(key)]
  return new Uint8Array([0xcf, 0x86, 0x43, 0x45, version, k.length, e.length, l.length, ...u32(content.length), ...sha16(content), ...k, ...e, ...l, ...content])
}

/** A pack as the layout says: entries, the index's JSON, then the 32-byte trailer. */
function handPack(index: string, entries: Uint8Array = new Uint8Array(0), trailer: { format?: number; reserved?: number[] } = {}): Uint8Array {
  const json = utf8(index)
  return new Uint8Array([...entries, ...json, 0xcf, 0x86, 0x43, 0x50, trailer.format ?? 1, ...(trailer.reserved ?? [0, 0, 0]), ...u32(entries.length), ...u32(json.length), ...sha16(json)])
}

describe('entries, byte for byte', () => {
  const bytes = handEntry(id.kind, id.engine, id.key, body)

  test('encodeEntry writes the documented layout', () => {
    expect(encodeEntry(id, body)).toEqual(bytes)
  })
  test('decodeEntry reads it: the body and its digest (the first 32 hex digits of its SHA-256)', () => {
    const decoded = decodeEntry(bytes, id)
    if (!('body' in decoded)) throw new Error(decoded.reason)
    expect(decoded.body).toEqual(body)
    expect(decoded.digest).toBe(createHash('sha256').update(body).digest('hex').slice(0, 32))
  })
  test('an empty body is an entry too, even with an empty id (the 28-byte header alone)', () => {
    const empty = new Uint8Array(0)
    expect(decodeEntry(handEntry(id.kind, id.engine, id.key, empty), id)).toHaveProperty('body', empty)
    const bare = handEntry('', '', '', empty)
    expect(bare).toHaveLength(28)
    expect(decodeEntry(bare, { kind: '', engine: '', key: '' })).toHaveProperty('body', empty)
    expect(parseEntry(bare)).toEqual({ kind: '', engine: '', key: '', body: empty })
  })
  test('parseEntry gives the fields as written, whatever they are; undefined without the magic or header', () => {
    expect(parseEntry(handEntry('typescript', '9.9.9', 'other', body))).toEqual({ kind: 'typescript', engine: '9.9.9', key: 'other', body })
    expect(parseEntry(bytes.subarray(0, 27))).toBeUndefined()
    for (let i = 0; i < 4; i++) {
      const damaged = bytes.slice()
      damaged[i] = 0
      expect(parseEntry(damaged)).toBeUndefined()
    }
  })
  test('each refusal names its reason', () => {
    const set = (at: number, value: number) => {
      const copy = bytes.slice()
      copy[at] = value
      return copy
    }
    expect(decodeEntry(bytes.subarray(0, 27), id)).toEqual({ reason: 'not a cache entry (bad magic)' })
    expect(decodeEntry(set(3, 0x46), id)).toEqual({ reason: 'not a cache entry (bad magic)' })
    expect(decodeEntry(set(4, 2), id)).toEqual({ reason: 'entry format 2, expected 1' })
    expect(decodeEntry(bytes.subarray(0, bytes.length - 1), id)).toEqual({ reason: `length ${bytes.length - 1}, header says ${bytes.length} (truncated or damaged)` })
    expect(decodeEntry(set(bytes.length - 1, 0x21), id)).toEqual({ reason: 'body digest mismatch (damaged)' })
    expect(decodeEntry(set(12, bytes[12]! ^ 1), id)).toEqual({ reason: 'body digest mismatch (damaged)' })
  })
  test('an id part of 255 bytes is written; 256 bytes is refused', () => {
    const long = 'x'.repeat(255)
    for (const part of ['kind', 'engine', 'key'] as const) {
      const ok = { ...id, [part]: long }
      expect(encodeEntry(ok, body)).toEqual(handEntry(ok.kind, ok.engine, ok.key, body))
      expect(() => encodeEntry({ ...id, [part]: `${long}x` }, body)).toThrow('cache entry id too long')
    }
  })
})

describe('packs, byte for byte', () => {
  const [a, b] = [handEntry(id.kind, id.engine, 'a', body), handEntry(id.kind, id.engine, 'b', utf8('x'))]
  const index = `{"kind":"python","engine":"1.0.0+abc","entries":[["a",0,${a.length}],["b",${a.length},${b.length}]]}`
  const pack = handPack(index, new Uint8Array([...a, ...b]))

  test('encodePack writes the documented layout; decodePack reads its index', () => {
    expect(encodePack('python', id.engine, [['a', a], ['b', b]])).toEqual(pack)
    expect(decodePack(pack)).toEqual({ kind: 'python', engine: id.engine, entries: [['a', 0, a.length], ['b', a.length, b.length]] })
  })
  test('an empty pack is a pack too', () => {
    expect(decodePack(handPack('{"kind":"python","engine":"e","entries":[]}'))).toEqual({ kind: 'python', engine: 'e', entries: [] })
  })
  test('each refusal names its reason', () => {
    expect(decodePack(pack.subarray(0, 31))).toEqual({ reason: '31 bytes: truncated' })
    expect(decodePack(pack.subarray(0, pack.length - 1))).toEqual({ reason: 'no pack trailer (truncated or damaged)' })
    expect(decodePack(handPack(index, new Uint8Array([...a, ...b]), { format: 2 }))).toEqual({ reason: 'pack format 2, expected 1' })
    for (const reserved of [[1, 0, 0], [0, 1, 0], [0, 0, 1]]) {
      expect(decodePack(handPack(index, new Uint8Array([...a, ...b]), { reserved }))).toEqual({ reason: 'reserved trailer bytes are set (damaged)' })
    }
    const moved = pack.slice()
    moved[pack.length - 24] = moved[pack.length - 24]! + 1
    expect(decodePack(moved)).toEqual({ reason: 'index bounds do not match the file (damaged)' })
    const flipped = pack.slice()
    flipped[pack.length - 33] = flipped[pack.length - 33]! ^ 1
    expect(decodePack(flipped)).toEqual({ reason: 'index digest mismatch (damaged)' })
    expect(decodePack(handPack('{"kind":'))).toEqual({ reason: 'index is not JSON (damaged)' })
    // The trailer alone (32 bytes) is long enough to be read: its empty index is what is wrong.
    expect(decodePack(handPack(''))).toEqual({ reason: 'index is not JSON (damaged)' })
  })
  test('an index that points outside the entries, or is not a list of entries, is refused', () => {
    const entries = new Uint8Array([...a, ...b])
    const out = { reason: 'index entries out of bounds (damaged)' }
    const total = a.length + b.length
    expect(decodePack(handPack(`{"kind":"python","engine":"e","entries":[["a",0,${total}]]}`, entries))).toHaveProperty('entries')
    expect(decodePack(handPack(`{"kind":"python","engine":"e","entries":[["a",1,${total}]]}`, entries))).toEqual(out)
    expect(decodePack(handPack(`{"kind":"python","engine":"e","entries":[["a",0,1],["b",${total},1]]}`, entries))).toEqual(out)
    expect(decodePack(handPack('{"kind":"python","engine":"e","entries":{}}', entries))).toEqual(out)
    expect(decodePack(handPack('{"kind":"python","engine":"e","entries":["a"]}', entries))).toEqual(out)
    expect(decodePack(handPack('null', entries))).toEqual(out)
  })
})
