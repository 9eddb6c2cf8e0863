import type { SymbolEntry, SymbolTable } from './types'

/**
 * The φ column (1-based, UTF-16 units, as stack traces count) of a column in the converted
 * line. Lines never move in conversion, but a symbol and its keyword differ in length (`⟲`
 * and `return`), so columns after one shift; the two lines are walked side by side, stepping
 * over each symbol/keyword pair and any space the converter put beside a keyword.
 */
export function phiColumn(phiLine: string, codeLine: string, codeColumn: number, table: SymbolTable): number {
  let i = 0
  let j = 0
  while (j < codeColumn - 1 && i < phiLine.length) {
    if (phiLine[i] === codeLine[j]) {
      i++
      j++
      continue
    }
    const matches = (e: SymbolEntry) => phiLine.startsWith(e.symbol, i) && codeLine.startsWith(e.keyword, j)
    const entry = table.entries.find(matches) ?? table.aliases.find(matches)
    if (entry) {
      i += entry.symbol.length
      j += entry.keyword.length
    } else if (codeLine[j] === ' ') {
      j++
    } else {
      i++
      j++
    }
  }
  return i + 1 + Math.max(0, codeColumn - 1 - j)
}

/**
 * The converted column (1-based, UTF-16 units) of a φ column: `phiColumn` the other way, for
 * positions a tool asks about in φ text (an editor's cursor) that the checker knows in code.
 */
export function codeColumn(phiLine: string, codeLine: string, column: number, table: SymbolTable): number {
  let i = 0
  let j = 0
  while (i < column - 1 && j < codeLine.length) {
    if (phiLine[i] === codeLine[j]) {
      i++
      j++
      continue
    }
    const matches = (e: SymbolEntry) => phiLine.startsWith(e.symbol, i) && codeLine.startsWith(e.keyword, j)
    const entry = table.entries.find(matches) ?? table.aliases.find(matches)
    if (entry) {
      i += entry.symbol.length
      j += entry.keyword.length
    } else if (codeLine[j] === ' ') {
      j++
    } else {
      i++
      j++
    }
  }
  return j + 1 + Math.max(0, column - 1 - i)
}
