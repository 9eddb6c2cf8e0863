import { createScan, finishScan } from './_scan'
import { scanPython } from './python'
import { defaultTable } from './table'
import type { ConvertOptions, ConvertResult, Direction } from './types'
import { scanTypescript } from './typescript'

/** Converts in either direction and reports which symbols took part. */
export function convert(source: string, direction: Direction, options: ConvertOptions = {}): ConvertResult {
  const dialect = options.table?.dialect ?? options.dialect ?? 'python'
  const table = options.table ?? defaultTable(dialect)
  // Fast path: φ source with no symbol in it is plain code already.
  if (direction === 'forward' && !table.detect.test(source)) return { code: source, symbolsUsed: [] }
  const scan = createScan(source, table, direction, options.filename)
  if (dialect === 'python') scanPython(scan)
  else scanTypescript(scan, options.jsx ?? false)
  const symbolsUsed = table.entries.filter((e) => scan.used.has(e)).map((e) => e.symbol)
  return { code: finishScan(scan), symbolsUsed }
}

/** φ source → plain Python or TypeScript. Throws `TranspileError` with a line and column. */
export function transpile(source: string, options: ConvertOptions = {}): string {
  return convert(source, 'forward', options).code
}

/** Plain Python or TypeScript → φ source. Throws `TranspileError` with a line and column. */
export function toPhicode(source: string, options: ConvertOptions = {}): string {
  return convert(source, 'reverse', options).code
}
