import { phiColumn } from '../../transpile/columns'
import type { SymbolTable } from '../../transpile/types'

const LINE = /\r\n|\r|\n/

/**
 * φ keeps every line where it was but not every column (`π(` is `console.log(`), so Bun's
 * source map, made from the converted TypeScript, is right about lines only: this moves its
 * original columns (0-based, as maps count) onto the φ source.
 */
export function mapToPhi(mappings: string, original: string, converted: string, table: SymbolTable): string {
  if (original === converted) return mappings
  const phiLines = original.split(LINE)
  const codeLines = converted.split(LINE)
  return remapColumns(mappings, (line, column) => {
    const phi = phiLines[line]
    const code = codeLines[line]
    if (phi === undefined || code === undefined || phi === code) return column
    return phiColumn(phi, code, column + 1, table) - 1
  })
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DIGIT = new Map([...BASE64].map((ch, n) => [ch, n]))

/** Source map `mappings` with each original column moved by `move` (one source only). */
function remapColumns(mappings: string, move: (line: number, column: number) => number): string {
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
          if (out.length >= 4) out[3] = move(out[2]!, out[3]!)
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
