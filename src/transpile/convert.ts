import { createScan, finishScan } from './_scan'
import { scanPython } from './python'
import { defaultTable } from './symbol-table'
import type { ConvertOptions, ConvertResult, Direction, SymbolEntry, SymbolTable } from './types'
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
  return { code: finishScan(scan), symbolsUsed: symbolsUsed(table, scan.usedEntries) }
}

/** The symbols in `used`, in table order, aliases last. */
function symbolsUsed(table: SymbolTable, used: ReadonlySet<SymbolEntry>): string[] {
  const symbols: string[] = []
  if (used.size === 0) return symbols
  for (const entry of table.entries) if (used.has(entry)) symbols.push(entry.symbol)
  for (const entry of table.aliases) if (used.has(entry)) symbols.push(entry.symbol)
  return symbols
}

/** φ source → plain Python or TypeScript. Throws `TranspileError` with a line and column. */
export function transpile(source: string, options: ConvertOptions = {}): string {
  return convert(source, 'forward', options).code
}

/** Plain Python or TypeScript → φ source. Throws `TranspileError` with a line and column. */
export function toPhicode(source: string, options: ConvertOptions = {}): string {
  return convert(source, 'reverse', options).code
}
