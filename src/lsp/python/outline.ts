import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver'
import type { SymbolTable } from '../../transpile/types'

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** `def`/`class` and their symbols in this table (a project may have its own). */
function definitionLine(table: SymbolTable): RegExp {
  const spell = (keyword: string) => [keyword, ...table.entries.filter((e) => e.keyword === keyword).map((e) => e.symbol)].map(escapeRegExp).join('|')
  return new RegExp(`^([ \\t]*)(?:(?:async|${spell('async')})\\s*)?(${spell('def')}|${spell('class')})\\s*([\\p{L}_][\\p{L}\\p{N}_]*)`, 'u')
}

const indentOf = (line: string): number => /^[ \t]*/.exec(line)![0].length
const blank = (line: string): boolean => /^\s*(?:#.*)?$/.test(line)

/**
 * The functions and classes of a φ-Python file, nested by indentation: a block runs to the
 * last line indented deeper than its header. A scan of lines, not a parse: enough for an outline.
 */
export function pythonSymbols(text: string, table: SymbolTable): DocumentSymbol[] {
  const lines = text.split(/\r\n|\r|\n/)
  const header = definitionLine(table)
  const classes = new Set(['class', ...table.entries.filter((e) => e.keyword === 'class').map((e) => e.symbol)])
  const roots: DocumentSymbol[] = []
  const open: Array<{ indent: number; symbol: DocumentSymbol }> = []
  const close = (until: number, lastLine: number) => {
    while (open.length > 0 && open.at(-1)!.indent >= until) {
      const { symbol } = open.pop()!
      symbol.range.end = { line: lastLine, character: lines[lastLine]!.length }
    }
  }
  let lastCode = 0
  lines.forEach((line, n) => {
    if (blank(line)) return
    const indent = indentOf(line)
    close(indent, lastCode)
    lastCode = n
    const m = header.exec(line)
    if (!m) return
    const start = m.index + m[0].length - m[3]!.length
    const symbol: DocumentSymbol = {
      name: m[3]!,
      kind: classes.has(m[2]!) ? SymbolKind.Class : open.length > 0 && classes.has(open.at(-1)!.symbol.detail ?? '') ? SymbolKind.Method : SymbolKind.Function,
      detail: m[2]!,
      range: { start: { line: n, character: 0 }, end: { line: n, character: line.length } },
      selectionRange: { start: { line: n, character: start }, end: { line: n, character: start + m[3]!.length } },
      children: [],
    }
    ;(open.at(-1)?.symbol.children ?? roots).push(symbol)
    open.push({ indent, symbol })
  })
  close(0, lastCode)
  return roots
}

const IDENTIFIER = /[\p{L}\p{N}_]/u

/**
 * Where a name under the cursor is defined in the same file, for φ-Python: the `ƒ`/`ℂ` (or
 * `def`/`class`) lines of the outline, innermost last. Without a type checker, names defined
 * elsewhere are not found.
 */
export function pythonDefinition(text: string, table: SymbolTable, line: number, character: number): DocumentSymbol[] {
  const row = text.split(/\r\n|\r|\n/)[line] ?? ''
  let start = character
  let end = character
  while (start > 0 && IDENTIFIER.test(row[start - 1]!)) start--
  while (end < row.length && IDENTIFIER.test(row[end]!)) end++
  const name = row.slice(start, end)
  if (!name) return []
  const found: DocumentSymbol[] = []
  const visit = (symbols: DocumentSymbol[]) => {
    for (const s of symbols) {
      if (s.name === name) found.push(s)
      visit(s.children ?? [])
    }
  }
  visit(pythonSymbols(text, table))
  return found
}
