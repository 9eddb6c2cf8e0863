/**
 * A one-file ustar archive. Bun.Archive stores every entry as 0644, and the release binary
 * must unpack executable, so the header is written here with the mode it needs.
 */
const BLOCK = 512

function field(header: Uint8Array, offset: number, length: number, text: string): void {
  header.set(new TextEncoder().encode(text).subarray(0, length), offset)
}

/** Octal, zero-padded, NUL-terminated, as ustar numeric fields are. */
const octal = (value: number, length: number): string => value.toString(8).padStart(length - 1, '0') + '\0'

export function tarOneFile(name: string, data: Uint8Array, mode: number, mtime: Date): Uint8Array {
  const header = new Uint8Array(BLOCK)
  field(header, 0, 100, name)
  field(header, 100, 8, octal(mode, 8))
  field(header, 108, 8, octal(0, 8))
  field(header, 116, 8, octal(0, 8))
  field(header, 124, 12, octal(data.length, 12))
  field(header, 136, 12, octal(Math.floor(mtime.getTime() / 1000), 12))
  field(header, 148, 8, ' '.repeat(8))
  field(header, 156, 1, '0')
  field(header, 257, 8, 'ustar\u000000')
  field(header, 265, 32, 'root')
  field(header, 297, 32, 'root')
  const checksum = header.reduce((sum, byte) => sum + byte, 0)
  field(header, 148, 8, checksum.toString(8).padStart(6, '0') + '\0 ')

  const padded = Math.ceil(data.length / BLOCK) * BLOCK
  const tar = new Uint8Array(BLOCK + padded + 2 * BLOCK)
  tar.set(header, 0)
  tar.set(data, BLOCK)
  return tar
}
