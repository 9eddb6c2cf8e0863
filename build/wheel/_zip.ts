/**
 * A zip archive of several files (deflate), as wheels are. Written by hand like ../_zip.ts: Bun
 * has no zip writer. Each file keeps its Unix mode, so pip installs the executable as one.
 */
export interface ZipEntry {
  name: string
  data: Uint8Array
  mode: number
}

const deflateRaw = (data: Uint8Array): Promise<Uint8Array> =>
  new Response(new Blob([data]).stream().pipeThrough(new CompressionStream('deflate-raw'))).bytes()

/** 1980-01-01 00:00: wheels are reproducible, so no timestamps. */
const DOS_DAY = (0 << 9) | (1 << 5) | 1

export async function zipFiles(entries: readonly ZipEntry[]): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  const central: Uint8Array[] = []
  let offset = 0
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name)
    const compressed = await deflateRaw(entry.data)
    const crc = Bun.hash.crc32(entry.data)
    const local = new DataView(new ArrayBuffer(30))
    local.setUint32(0, 0x04034b50, true)
    local.setUint16(4, 20, true)
    local.setUint16(6, 0x0800, true) // names are UTF-8
    local.setUint16(8, 8, true)
    local.setUint16(12, DOS_DAY, true)
    local.setUint32(14, crc, true)
    local.setUint32(18, compressed.length, true)
    local.setUint32(22, entry.data.length, true)
    local.setUint16(26, name.length, true)
    const head = new DataView(new ArrayBuffer(46))
    head.setUint32(0, 0x02014b50, true)
    head.setUint16(4, (3 << 8) | 20, true)
    head.setUint16(6, 20, true)
    head.setUint16(8, 0x0800, true)
    head.setUint16(10, 8, true)
    head.setUint16(14, DOS_DAY, true)
    head.setUint32(16, crc, true)
    head.setUint32(20, compressed.length, true)
    head.setUint32(24, entry.data.length, true)
    head.setUint16(28, name.length, true)
    head.setUint32(38, ((0o100000 | entry.mode) << 16) >>> 0, true)
    head.setUint32(42, offset, true)
    parts.push(new Uint8Array(local.buffer), name, compressed)
    central.push(new Uint8Array(head.buffer), name)
    offset += 30 + name.length + compressed.length
  }
  const centralSize = central.reduce((n, p) => n + p.length, 0)
  const end = new DataView(new ArrayBuffer(22))
  end.setUint32(0, 0x06054b50, true)
  end.setUint16(8, entries.length, true)
  end.setUint16(10, entries.length, true)
  end.setUint32(12, centralSize, true)
  end.setUint32(16, offset, true)
  return new Uint8Array(await new Blob([...parts, ...central, new Uint8Array(end.buffer)]).arrayBuffer())
}
