import { digestHex } from './digest'

/**
 * One cache entry: a header that says what it is and proves its body whole, then the body.
 *
 *   0  4  magic "φCE" (CF 86 43 45)
 *   4  1  format version
 *   5  1  kind length K      6  1  engine length E      7  1  key length L
 *   8  4  body length (u32, little-endian)
 *  12 16  first 16 bytes of the body's SHA-256
 *  28     kind, engine, key (UTF-8), then the body
 *
 * An entry is trusted only when every field matches what the reader expects: a truncated,
 * zeroed, random or foreign entry, or one moved under another key, fails one of the checks.
 */
const ENTRY_FORMAT = 1
const MAGIC = [0xcf, 0x86, 0x43, 0x45]
const FIXED = 28

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export interface EntryId {
  kind: string
  engine: string
  key: string
}

export interface VerifiedEntry {
  body: Uint8Array
  /** The body's digest (32 hex digits), recomputed and checked. */
  digest: string
}

export function encodeEntry(id: EntryId, body: Uint8Array, digest = digestHex(body)): Uint8Array {
  const [kind, engine, key] = [id.kind, id.engine, id.key].map((s) => encoder.encode(s)) as [Uint8Array, Uint8Array, Uint8Array]
  if (kind.length > 255 || engine.length > 255 || key.length > 255) throw new Error('cache entry id too long')
  const head = FIXED + kind.length + engine.length + key.length
  const out = new Uint8Array(head + body.length)
  const view = new DataView(out.buffer)
  out.set(MAGIC, 0)
  out[4] = ENTRY_FORMAT
  out[5] = kind.length
  out[6] = engine.length
  out[7] = key.length
  view.setUint32(8, body.length, true)
  out.set(Buffer.from(digest, 'hex'), 12)
  out.set(kind, FIXED)
  out.set(engine, FIXED + kind.length)
  out.set(key, FIXED + kind.length + engine.length)
  out.set(body, head)
  return out
}

/** An entry's fields as written, unchecked (for tools and tests that inspect or rewrite entries). */
export function parseEntry(bytes: Uint8Array): (EntryId & { body: Uint8Array }) | undefined {
  if (bytes.length < FIXED || MAGIC.some((b, i) => bytes[i] !== b)) return undefined
  const [k, e, l] = [bytes[5]!, bytes[6]!, bytes[7]!]
  const text = (from: number, size: number) => decoder.decode(bytes.subarray(from, from + size))
  return { kind: text(FIXED, k), engine: text(FIXED + k, e), key: text(FIXED + k + e, l), body: bytes.subarray(FIXED + k + e + l) }
}

/** The entry's body when it is whole and is the entry `expected` names; otherwise why not. */
export function decodeEntry(bytes: Uint8Array, expected: EntryId): VerifiedEntry | { reason: string } {
  if (bytes.length < FIXED || MAGIC.some((b, i) => bytes[i] !== b)) return { reason: 'not a cache entry (bad magic)' }
  if (bytes[4] !== ENTRY_FORMAT) return { reason: `entry format ${bytes[4]}, expected ${ENTRY_FORMAT}` }
  const [k, e, l] = [bytes[5]!, bytes[6]!, bytes[7]!]
  const head = FIXED + k + e + l
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getUint32(8, true)
  if (bytes.length !== head + length) return { reason: `length ${bytes.length}, header says ${head + length} (truncated or damaged)` }
  const text = (from: number, size: number) => decoder.decode(bytes.subarray(from, from + size))
  if (text(FIXED, k) !== expected.kind) return { reason: `a ${text(FIXED, k)} entry where a ${expected.kind} entry belongs` }
  const engine = text(FIXED + k, e)
  if (engine !== expected.engine) return { reason: `written by engine ${engine}, this is ${expected.engine}` }
  if (text(FIXED + k + e, l) !== expected.key) return { reason: 'the entry of another key (swapped)' }
  const body = bytes.subarray(head)
  const digest = digestHex(body)
  if (digest !== Buffer.from(bytes.subarray(12, 28)).toString('hex')) return { reason: 'body digest mismatch (damaged)' }
  return { body, digest }
}
