import { createWordIndex } from './_words'
import { DEFAULT_SYMBOLS, PYTHON_HARD_KEYWORDS } from './symbols'
import type { Dialect, SymbolEntry, SymbolPair, SymbolTable } from './types'

const FIRST_WORD = /^[A-Za-z_$][\w$]*/
const LAST_WORD = /[A-Za-z_$][\w$]*$/
const ASCII_WORD = /^[A-Za-z_][A-Za-z0-9_]*$/

function toEntry(dialect: Dialect, pair: SymbolPair): SymbolEntry {
  const firstWord = FIRST_WORD.exec(pair.keyword)?.[0] ?? ''
  return {
    ...pair,
    kind: ASCII_WORD.test(pair.symbol) ? 'word' : 'glyph',
    wordStart: firstWord !== '',
    wordEnd: /[\w$]$/.test(pair.keyword),
    firstWord,
    lastWord: LAST_WORD.exec(pair.keyword)?.[0] ?? '',
    afterDot: dialect === 'python' && PYTHON_HARD_KEYWORDS.has(pair.keyword),
  }
}

/** Longest first, so `else if` is tried before `else`. */
function addLongestFirst<K>(map: Map<K, SymbolEntry[]>, key: K, entry: SymbolEntry, size: (e: SymbolEntry) => number): void {
  const list = map.get(key) ?? []
  list.push(entry)
  list.sort((a, b) => size(b) - size(a))
  map.set(key, list)
}

function groupByFirstWord(entries: readonly SymbolEntry[]): Array<[string, SymbolEntry[]]> {
  const groups = new Map<string, SymbolEntry[]>()
  for (const e of entries) if (e.firstWord) addLongestFirst(groups, e.firstWord, e, (x) => x.keyword.length)
  return [...groups]
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function detector(entries: readonly SymbolEntry[]): RegExp {
  const glyphs = entries.filter((e) => e.kind === 'glyph').map((e) => escapeRegExp(e.symbol))
  const words = entries.filter((e) => e.kind === 'word').map((e) => e.symbol)
  const parts = [...glyphs]
  if (words.length > 0) parts.push(`\\b(?:${words.join('|')})\\b`)
  return parts.length === 0 ? /(?!)/ : new RegExp(parts.join('|'), 'u')
}

/**
 * Compiles keyword/symbol pairs into the lookup structures the scanners use. The pairs must
 * already be valid (see `validatePairs`): one symbol per keyword and one keyword per symbol.
 */
export function buildTable(dialect: Dialect, pairs: readonly SymbolPair[]): SymbolTable {
  const entries = pairs.map((p) => toEntry(dialect, p))
  const table: SymbolTable = {
    dialect,
    entries,
    glyphs: new Map(),
    words: createWordIndex(entries.filter((e) => e.kind === 'word').map((e): [string, SymbolEntry] => [e.symbol, e])),
    keywords: createWordIndex(groupByFirstWord(entries)),
    operators: new Map(),
    detect: detector(entries),
    id: tableId(dialect, pairs),
  }
  for (const e of entries) {
    if (e.kind === 'glyph') addLongestFirst(table.glyphs, e.symbol.charCodeAt(0), e, (x) => x.symbol.length)
    if (!e.firstWord) table.operators.set(e.keyword, e)
  }
  return table
}

function tableId(dialect: Dialect, pairs: readonly SymbolPair[]): string {
  const text = dialect + '\0' + pairs.map((p) => `${p.keyword}\u0001${p.symbol}`).join('\0')
  return Bun.hash(text).toString(16).padStart(16, '0')
}

const defaults = new Map<Dialect, SymbolTable>()

export function defaultTable(dialect: Dialect): SymbolTable {
  let table = defaults.get(dialect)
  if (!table) {
    table = buildTable(dialect, DEFAULT_SYMBOLS[dialect])
    defaults.set(dialect, table)
  }
  return table
}
