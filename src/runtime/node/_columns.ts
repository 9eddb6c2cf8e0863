/**
 * φ keeps every line where it was but not every column (`π(` is `console.log(`), so Bun's
 * source map, made from the converted TypeScript, is right about lines only. These helpers
 * move its columns onto the φ source.
 */

/** For each line that differs, the φ column of every column of the converted line. */
export type ColumnMaps = Map<number, Int32Array>

const LINE = /\r\n|\r|\n/
/** How far ahead a resync looks: longer than any keyword a symbol stands for. */
const REACH = 40

export function columnMaps(original: string, converted: string): ColumnMaps {
  const maps: ColumnMaps = new Map()
  if (original === converted) return maps
  const from = original.split(LINE)
  const to = converted.split(LINE)
  for (let line = 0; line < to.length; line++) {
    const o = from[line] ?? ''
    const c = to[line]!
    if (o !== c) maps.set(line, alignLine(o, c))
  }
  return maps
}

/**
 * Walks both lines together; where they differ (a symbol against its keyword), skips to the
 * nearest place where two characters agree again, and gives every skipped converted column
 * the symbol's column.
 */
function alignLine(o: string, c: string): Int32Array {
  const map = new Int32Array(c.length + 1)
  let i = 0
  let j = 0
  while (j < c.length) {
    if (i < o.length && o[i] === c[j]) {
      map[j++] = i++
      continue
    }
    const [di, dj] = resync(o, c, i, j)
    for (let k = 0; k < dj; k++) map[j + k] = Math.min(i, o.length)
    i += di
    j += dj
  }
  map[c.length] = o.length
  return map
}

function resync(o: string, c: string, i: number, j: number): [number, number] {
  for (let di = 1; di <= 4; di++) {
    const want = o.slice(i + di, i + di + 2)
    for (let dj = 1; dj <= REACH && j + dj <= c.length; dj++) {
      if (c.slice(j + dj, j + dj + 2) === want) return [di, dj]
    }
  }
  return [o.length - i, c.length - j]
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DIGIT = new Map([...BASE64].map((ch, n) => [ch, n]))

/** Source map `mappings` with each original column moved through `maps` (one source only). */
export function remapColumns(mappings: string, maps: ColumnMaps): string {
  if (maps.size === 0) return mappings
  const state = [0, 0, 0, 0, 0]
  const written = [0, 0, 0, 0, 0]
  return mappings
    .split(';')
    .map((line) => {
      state[0] = 0
      written[0] = 0
      if (line === '') return line
      return line
        .split(',')
        .map((segment) => {
          const fields = decode(segment)
          for (let f = 0; f < fields.length; f++) state[f]! += fields[f]!
          const out = fields.map((_, f) => state[f]!)
          if (out.length >= 4) out[3] = maps.get(out[2]!)?.[out[3]!] ?? out[3]!
          const deltas = out.map((value, f) => value - written[f]!)
          out.forEach((value, f) => (written[f] = value))
          return deltas.map(encode).join('')
        })
        .join(',')
    })
    .join(';')
}

function decode(segment: string): number[] {
  const values: number[] = []
  let value = 0
  let shift = 0
  for (const ch of segment) {
    const digit = DIGIT.get(ch)!
    value += (digit & 31) << shift
    if (digit & 32) shift += 5
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1)
      value = 0
      shift = 0
    }
  }
  return values
}

function encode(value: number): string {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1
  let text = ''
  do {
    const digit = rest & 31
    rest >>>= 5
    text += BASE64[rest > 0 ? digit | 32 : digit]
  } while (rest > 0)
  return text
}
