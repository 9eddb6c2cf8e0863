/**
 * Source bytes ↔ text without losing a byte: UTF-8 when valid, else the encoding a Python
 * coding declaration names, else Latin-1 (which maps every byte to one char and back).
 */
export interface DecodedSource {
  text: string
  encoding: string
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

export function decodeSource(bytes: Uint8Array): DecodedSource {
  const declared = codingDeclaration(bytes)
  if (declared && !UTF8.has(declared)) {
    if (LATIN1.has(declared)) return { text: latin1Decode(bytes), encoding: 'latin-1' }
    const label = declared.replace(/_/g, '-')
    try {
      return { text: new TextDecoder(label as Bun.Encoding, { fatal: true }).decode(bytes), encoding: label }
    } catch {
      // An encoding Bun does not know, or bytes not in it: read as UTF-8 (else Latin-1) below.
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    return { text: latin1Decode(bytes), encoding: 'latin-1' }
  }
}

/** Encodes text back in `encoding`; UTF-8 when the text cannot be written in it. */
export function encodeSource(text: string, encoding: string): Uint8Array {
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
