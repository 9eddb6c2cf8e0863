import { createWordIndex } from './_words'
import { DEFAULT_SYMBOLS, PYTHON_HARD_KEYWORDS } from './symbols'
import type { Dialect, SymbolEntry, SymbolPair, SymbolTable } from './types'

const FIRST_WORD = /^[A-Za-z_$][\w$]*/
const LAST_WORD = /[A-Za-z_$][\w$]*$/
const ASCII_WORD = /^[A-Za-z_][A-Za-z0-9_]*$/

function toEntry(dialect: Dialect, pair: SymbolPair): SymbolEntry {
  const firstWord = FIRST_WORD.exec(pair.keyword)?.[0] ?? ''
  const kind = ASCII_WORD.test(pair.symbol) ? 'word' : 'glyph'
  return {
    ...pair,
    kind,
    wordStart: firstWord !== '',
    wordEnd: /[\w$]$/.test(pair.keyword),
    firstWord,
    lastWord: LAST_WORD.exec(pair.keyword)?.[0] ?? '',
    // A word after a `.` is an attribute name (`A.fn`), so a word symbol never converts there,
    // and code → φ leaves such a keyword spelled out (`from . import`) so that it reads back.
    afterDot: dialect === 'python' && kind === 'glyph' && PYTHON_HARD_KEYWORDS.has(pair.keyword),
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
 * already be valid (see `applyCustomSymbols`): one symbol per keyword and one keyword per symbol.
 * `aliases` are further symbols read going forward (φ → code) but never written; their symbols
 * must differ from the pairs' ones.
 */
export function buildTable(dialect: Dialect, pairs: readonly SymbolPair[], aliases: readonly SymbolPair[] = []): SymbolTable {
  const entries = pairs.map((p) => toEntry(dialect, p))
  const aliasEntries = aliases.map((p) => toEntry(dialect, p))
  const read = [...entries, ...aliasEntries]
  const table: SymbolTable = {
    dialect,
    entries,
    aliases: aliasEntries,
    glyphs: new Map(),
    words: createWordIndex(read.filter((e) => e.kind === 'word').map((e): [string, SymbolEntry] => [e.symbol, e])),
    keywords: createWordIndex(groupByFirstWord(entries)),
    operators: new Map(),
    detect: detector(read),
    id: tableId(dialect, pairs, aliases),
  }
  for (const e of read) if (e.kind === 'glyph') addLongestFirst(table.glyphs, e.symbol.charCodeAt(0), e, (x) => x.symbol.length)
  for (const e of entries) if (!e.firstWord) table.operators.set(e.keyword, e)
  return table
}

/**
 * A project's table: its pairs, plus each default symbol a custom one replaced as an alias, so
 * φ files written before the project changed a symbol keep running (code → φ writes the custom
 * one). A default symbol that now stands for another keyword is that keyword's only.
 */
export function projectTable(dialect: Dialect, pairs: readonly SymbolPair[]): SymbolTable {
  const symbolOf = new Map(pairs.map((p) => [p.keyword, p.symbol]))
  const taken = new Set(pairs.map((p) => p.symbol))
  const aliases = DEFAULT_SYMBOLS[dialect].filter((d) => {
    const current = symbolOf.get(d.keyword)
    return current !== undefined && current !== d.symbol && !taken.has(d.symbol)
  })
  return buildTable(dialect, pairs, aliases)
}

function tableId(dialect: Dialect, pairs: readonly SymbolPair[], aliases: readonly SymbolPair[]): string {
  // A loop, not a callback per pair (see `pairs` in symbols.ts).
  const spell = (list: readonly SymbolPair[]) => {
    const parts: string[] = []
    for (const p of list) parts.push(`${p.keyword}\u0001${p.symbol}`)
    return parts.join('\0')
  }
  const text = dialect + '\0' + spell(pairs) + (aliases.length > 0 ? '\0\u0002' + spell(aliases) : '')
  return Bun.hash(text).toString(16).padStart(16, '0')
}

const defaults = new Map<Dialect, SymbolTable>()

/** The default table of a dialect, its lookups compiled on first use (see `deferred`). */
export function defaultTable(dialect: Dialect): SymbolTable {
  let table = defaults.get(dialect)
  if (!table) {
    table = deferred(dialect, DEFAULT_SYMBOLS[dialect])
    defaults.set(dialect, table)
  }
  return table
}

const LOOKUPS = ['entries', 'aliases', 'glyphs', 'words', 'keywords', 'operators', 'detect'] as const

/**
 * A table whose id is there at once and whose lookups are compiled when first read: a run whose
 * modules all come from the cache needs only the id, for the keys, and compiling costs start-up
 * time. The first read replaces every lookup by its plain value.
 */
function deferred(dialect: Dialect, pairs: readonly SymbolPair[]): SymbolTable {
  const table = { dialect, id: tableId(dialect, pairs, []) } as SymbolTable
  const compile = () => {
    const built = buildTable(dialect, pairs)
    for (const key of LOOKUPS) Object.defineProperty(table, key, { value: built[key], enumerable: true, writable: true, configurable: true })
  }
  for (const key of LOOKUPS) {
    Object.defineProperty(table, key, {
      enumerable: true,
      configurable: true,
      get() {
        compile()
        return table[key]
      },
    })
  }
  return table
}
