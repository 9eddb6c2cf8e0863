/**
 * Source bytes ↔ text without losing a byte: UTF-8 when valid, else the encoding a Python
 * coding declaration names, else Latin-1 (which maps every byte to one char and back).
 * A UTF-8 byte order mark is not part of the text (Python's compile() and the scanners refuse
 * U+FEFF in a string); `bom` records it so it can be written back.
 */
export interface DecodedSource {
  text: string
  encoding: string
  bom: boolean
}

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/

/** The PEP 263 declaration of the first two lines, if any. */
export function codingDeclaration(bytes: Uint8Array): string | undefined {
  const head = latin1Decode(bytes.subarray(0, 400))
  const [first = '', second = ''] = head.split(/\r\n|\r|\n/, 2)
  const m = COOKIE.exec(first) ?? (/^[ \t\f]*(?:#.*)?$/.test(first) ? COOKIE.exec(second) : null)
  return m?.[1]?.toLowerCase()
}

const LATIN1 = new Set(['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'l1', 'iso-latin-1', 'iso_8859_1'])
const UTF8 = new Set(['utf-8', 'utf8', 'utf_8', 'utf-8-sig'])

const hasBom = (bytes: Uint8Array): boolean => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf

/** The name decodeSource reports for an encoding label (`iso-8859-1` → `latin-1`, `utf8` → `utf-8`). */
export function encodingName(label: string): string {
  const lower = label.toLowerCase()
  if (UTF8.has(lower)) return 'utf-8'
  if (LATIN1.has(lower)) return 'latin-1'
  return lower.replace(/_/g, '-')
}

export function decodeSource(bytes: Uint8Array): DecodedSource {
  // Python ignores a coding declaration after a BOM unless it says utf-8; so do we.
  if (hasBom(bytes)) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3)), encoding: 'utf-8', bom: true }
    } catch {}
  }
  const declared = codingDeclaration(bytes)
  if (declared && !UTF8.has(declared)) {
    if (LATIN1.has(declared)) return { text: latin1Decode(bytes), encoding: 'latin-1', bom: false }
    const label = declared.replace(/_/g, '-')
    try {
      return { text: new TextDecoder(label as Bun.Encoding, { fatal: true }).decode(bytes), encoding: label, bom: false }
    } catch {
      // An encoding Bun does not know, or bytes not in it: read as UTF-8 (else Latin-1) below.
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8', bom: false }
  } catch {
    return { text: latin1Decode(bytes), encoding: 'latin-1', bom: false }
  }
}

/**
 * A φ file's bytes. φ files are UTF-8 (no legacy encoding holds the symbols), so valid UTF-8
 * is read as such even under a declaration naming another encoding: older conversions kept a
 * source's `coding: latin-1` line over UTF-8 text.
 */
export function decodePhiSource(bytes: Uint8Array): DecodedSource {
  const decoded = decodeSource(bytes)
  if (decoded.encoding === 'utf-8') return decoded
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8', bom: false }
  } catch {
    return decoded
  }
}

const BOM = Uint8Array.of(0xef, 0xbb, 0xbf)

/**
 * Encodes text back in `encoding` (UTF-8 when the text cannot be written in it), with the
 * UTF-8 byte order mark in front when `bom`.
 */
export function encodeSource(text: string, encoding: string, bom = false): Uint8Array {
  const bytes = encodeText(text, encoding)
  if (!bom) return bytes
  const out = new Uint8Array(bytes.length + 3)
  out.set(BOM)
  out.set(bytes, 3)
  return out
}

/**
 * The text with its PEP 263 declaration (first or second line) naming `encoding` instead, in
 * the same comment; unchanged when it has none.
 */
export function withCodingDeclaration(text: string, encoding: string): string {
  const lines = /^([^\r\n]*(?:\r\n|\r|\n)?)([^\r\n]*)/.exec(text)!
  const [first, second] = [lines[1]!, lines[2]!]
  const swap = (line: string): string => line.replace(/(coding[:=][ \t]*)[-\w.]+/, `$1${encoding}`)
  if (COOKIE.test(first)) return swap(first) + text.slice(first.length)
  if (/^[ \t\f]*(?:#.*)?(?:\r\n|\r|\n)?$/.test(first) && COOKIE.test(second)) return first + swap(second) + text.slice(first.length + second.length)
  return text
}

function encodeText(text: string, encoding: string): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(text)
  const table = encoding === 'latin-1' ? undefined : singleByteTable(encoding)
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const byte = table ? table.get(c) : c <= 0xff ? c : undefined
    if (byte === undefined) return new TextEncoder().encode(text)
    out[i] = byte
  }
  return out
}

function latin1Decode(bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192))
  return text
}

/** char code → byte for a single-byte encoding TextDecoder knows; undefined for multi-byte ones. */
function singleByteTable(encoding: string): Map<number, number> | undefined {
  let decoded: string
  try {
    decoded = new TextDecoder(encoding as Bun.Encoding).decode(Uint8Array.from({ length: 256 }, (_, i) => i))
  } catch {
    return undefined
  }
  if (decoded.length !== 256) return undefined
  const table = new Map<number, number>()
  for (let i = 0; i < 256; i++) table.set(decoded.charCodeAt(i), i)
  return table
}
