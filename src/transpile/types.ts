import type { WordIndex } from './_words'

export type Dialect = 'python' | 'typescript'

/** `forward` turns φ source into plain code; `reverse` turns plain code into φ. */
export type Direction = 'forward' | 'reverse'

/** One keyword ↔ symbol pair as written in a config file or a default table. */
export interface SymbolPair {
  /** The code text the symbol stands for: `def`, `:=`, `else if`, `console.log`. */
  keyword: string
  /** The φ spelling: one or more non-ASCII characters, or an ASCII identifier. */
  symbol: string
}

export interface SymbolEntry extends SymbolPair {
  /** `glyph`: non-ASCII, matched anywhere in code; `word`: ASCII identifier, matched whole. */
  kind: 'glyph' | 'word'
  /** The keyword starts / ends with an identifier character, so it may need a space beside it. */
  wordStart: boolean
  wordEnd: boolean
  /** First and last identifier of the keyword (`else`/`if` for `else if`), `''` for operators. */
  firstWord: string
  lastWord: string
  /** Converted even right after a `.`: Python hard keywords with a glyph symbol (`from . import x`). */
  afterDot: boolean
}

export interface SymbolTable {
  dialect: Dialect
  /** One per keyword: the symbols code → φ writes. */
  entries: readonly SymbolEntry[]
  /** Default symbols a project's custom ones replaced: still read going forward, never written. */
  aliases: readonly SymbolEntry[]
  /** Glyph entries (aliases too) by the char code of their first UTF-16 unit, longest symbol first. */
  glyphs: Map<number, SymbolEntry[]>
  /** ASCII word symbols (aliases too) by their spelling. */
  words: WordIndex<SymbolEntry>
  /** Entries (not aliases) whose keyword begins with an identifier, by that identifier, longest keyword first. */
  keywords: WordIndex<SymbolEntry[]>
  /** Entries whose keyword is an operator (`:=`, `===`, `&&`, `!`). */
  operators: Map<string, SymbolEntry>
  /** Finds any symbol in a source: the forward fast path. */
  detect: RegExp
  /** Stable digest of the pairs, for cache keys. */
  id: string
}

export interface ConvertOptions {
  dialect?: Dialect
  /** A table from `loadConfig`/`buildTable`; the dialect's default table when omitted. */
  table?: SymbolTable
  /** Scan JSX (typescript dialect only); on for `.jsx`/`.tsx`/`.js` files. */
  jsx?: boolean
  /** Named in error messages. */
  filename?: string
}

export interface ConvertResult {
  code: string
  /** Symbols that were replaced, in table order. */
  symbolsUsed: string[]
}
