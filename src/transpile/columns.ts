import type { SymbolEntry, SymbolTable } from './types'

/**
 * Walks a φ line and its converted line side by side (0-based UTF-16 indexes `i` in φ, `j` in
 * code) until `stop(i, j)`. Lines never move in conversion, but a symbol and its keyword differ
 * in length (`⟲` and `return`), so columns after one shift; the walk steps over each
 * symbol/keyword pair and any space the converter put beside a keyword.
 */
function walk(phiLine: string, codeLine: string, table: SymbolTable, stop: (i: number, j: number) => boolean): [number, number] {
  let i = 0
  let j = 0
  while (!stop(i, j) && i < phiLine.length) {
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
  return [i, j]
}

/** The φ column (1-based, UTF-16 units, as stack traces count) of a column in the converted line. */
export function phiColumn(phiLine: string, codeLine: string, codeColumn: number, table: SymbolTable): number {
  const [i, j] = walk(phiLine, codeLine, table, (_, j) => j >= codeColumn - 1)
  return i + 1 + Math.max(0, codeColumn - 1 - j)
}

/** The converted line's column (1-based, UTF-16 units) of a column in the φ line: `phiColumn`'s inverse. */
export function codeColumn(phiLine: string, codeLine: string, phiColumn: number, table: SymbolTable): number {
  const [i, j] = walk(phiLine, codeLine, table, (i) => i >= phiColumn - 1)
  // A space facing a φ char that is not one is the converter's, put beside a keyword (`¬x` →
  // `not x`): the φ char is the one after it.
  const inserted = i < phiLine.length && codeLine[j] === ' ' && phiLine[i] !== ' ' ? 1 : 0
  return j + inserted + 1 + Math.max(0, phiColumn - 1 - i)
}
