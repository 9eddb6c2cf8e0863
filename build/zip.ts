/**
 * Zip archives (deflate), written by hand because Bun has no zip writer: the Windows release
 * archive (one file) and the wheels (many). Each file keeps its Unix mode in the external
 * attributes, so unzip on Linux or macOS and pip install the executable as one.
 */
export interface ZipEntry {
  name: string
  data: Uint8Array
  mode: number
  /** Stored as a DOS date and time; absent, 1980-01-01 00:00 (wheels are reproducible). */
  mtime?: Date
}

const FLAG_UTF8_NAMES = 0x0800
const DEFLATE = 8
const VERSION_NEEDED = 20
/** Made by Unix (3), zip 2.0: the external attributes hold a Unix mode. */
const MADE_BY_UNIX = (3 << 8) | 20

function dosDateTime(date: Date | undefined): { time: number; day: number } {
  if (!date) return { time: 0, day: (0 << 9) | (1 << 5) | 1 }
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    day: ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  }
}

/** Deflates on a stream so the work leaves the main thread, as the other archives' does. */
const deflateRaw = (data: Uint8Array): Promise<Uint8Array> =>
  new Response(new Blob([data]).stream().pipeThrough(new CompressionStream('deflate-raw'))).bytes()

interface Sizes {
  crc: number
  compressed: number
  size: number
  nameLength: number
  time: number
  day: number
}

/** The fields the local header and the central directory record share, from `at` on. */
function writeShared(view: DataView, at: number, s: Sizes): void {
  view.setUint16(at, FLAG_UTF8_NAMES, true)
  view.setUint16(at + 2, DEFLATE, true)
  view.setUint16(at + 4, s.time, true)
  view.setUint16(at + 6, s.day, true)
  view.setUint32(at + 8, s.crc, true)
  view.setUint32(at + 12, s.compressed, true)
  view.setUint32(at + 16, s.size, true)
  view.setUint16(at + 20, s.nameLength, true)
}

export async function zipFiles(entries: readonly ZipEntry[]): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  const central: Uint8Array[] = []
  let offset = 0
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name)
    const compressed = await deflateRaw(entry.data)
    const sizes: Sizes = { crc: Bun.hash.crc32(entry.data), compressed: compressed.length, size: entry.data.length, nameLength: name.length, ...dosDateTime(entry.mtime) }
    const local = new DataView(new ArrayBuffer(30))
    local.setUint32(0, 0x04034b50, true)
    local.setUint16(4, VERSION_NEEDED, true)
    writeShared(local, 6, sizes)
    const head = new DataView(new ArrayBuffer(46))
    head.setUint32(0, 0x02014b50, true)
    head.setUint16(4, MADE_BY_UNIX, true)
    head.setUint16(6, VERSION_NEEDED, true)
    writeShared(head, 8, sizes)
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
