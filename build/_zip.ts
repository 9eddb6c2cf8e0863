/**
 * A one-file zip archive (deflate), written by hand because Bun has no zip writer. The Unix
 * mode goes in the external attributes so unzip on Linux or macOS keeps the file executable.
 */
function dosDateTime(date: Date): { time: number; day: number } {
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    day: ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  }
}

/** Deflates on a stream so the work leaves the main thread, as the other archives' does. */
const deflateRaw = (data: Uint8Array): Promise<Uint8Array> =>
  new Response(new Blob([data]).stream().pipeThrough(new CompressionStream('deflate-raw'))).bytes()

export async function zipOneFile(name: string, data: Uint8Array, mode: number, mtime: Date): Promise<Uint8Array> {
  const nameBytes = new TextEncoder().encode(name)
  const compressed = await deflateRaw(data)
  const crc = Bun.hash.crc32(data)
  const { time, day } = dosDateTime(mtime)

  const local = new DataView(new ArrayBuffer(30))
  local.setUint32(0, 0x04034b50, true)
  local.setUint16(4, 20, true)
  local.setUint16(8, 8, true)
  local.setUint16(10, time, true)
  local.setUint16(12, day, true)
  local.setUint32(14, crc, true)
  local.setUint32(18, compressed.length, true)
  local.setUint32(22, data.length, true)
  local.setUint16(26, nameBytes.length, true)

  const central = new DataView(new ArrayBuffer(46))
  central.setUint32(0, 0x02014b50, true)
  central.setUint16(4, (3 << 8) | 20, true)
  central.setUint16(6, 20, true)
  central.setUint16(10, 8, true)
  central.setUint16(12, time, true)
  central.setUint16(14, day, true)
  central.setUint32(16, crc, true)
  central.setUint32(20, compressed.length, true)
  central.setUint32(24, data.length, true)
  central.setUint16(28, nameBytes.length, true)
  central.setUint32(38, ((0o100000 | mode) << 16) >>> 0, true)

  const centralOffset = 30 + nameBytes.length + compressed.length
  const centralSize = 46 + nameBytes.length
  const end = new DataView(new ArrayBuffer(22))
  end.setUint32(0, 0x06054b50, true)
  end.setUint16(8, 1, true)
  end.setUint16(10, 1, true)
  end.setUint32(12, centralSize, true)
  end.setUint32(16, centralOffset, true)

  const parts = [new Uint8Array(local.buffer), nameBytes, compressed, new Uint8Array(central.buffer), nameBytes, new Uint8Array(end.buffer)]
  const zip = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    zip.set(part, at)
    at += part.length
  }
  return zip
}
