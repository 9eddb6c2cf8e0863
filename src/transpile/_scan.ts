import { failAt, type TranspileErrorCode } from './error'
import type { WordIndex } from './_words'
import type { Direction, SymbolEntry, SymbolTable } from './types'

/** What the scanners of both dialects share: the input, the output under construction, the table. */
export interface Scan {
  readonly src: string
  readonly n: number
  readonly table: SymbolTable
  readonly dir: Direction
  readonly filename: string | undefined
  /** 1 for the ASCII chars an identifier may hold in this dialect (`$` only in JavaScript). */
  readonly idPart: Uint8Array
  /** `table.words` when the table has ASCII word symbols: without, names need no lookup going forward. */
  readonly wordSymbols: WordIndex<SymbolEntry> | undefined
  i: number
  /** Output so far (appends build a rope); `src` from `last` on is not copied yet. */
  out: string
  last: number
  /** Output before a keyword whose conversion waits for the end of its line, and that keyword. */
  held: string
  heldWord: string
  /** End offset and last char of the previous replacement, to space a symbol after another. */
  replEnd: number
  replChar: number
  used: Set<SymbolEntry>
  /** When set (see `codeMask`), every span of non-code text is recorded here as start, end pairs. */
  text: number[] | undefined
}

export function createScan(src: string, table: SymbolTable, dir: Direction, filename: string | undefined): Scan {
  return {
    src, n: src.length, table, dir, filename,
    idPart: table.dialect === 'typescript' ? JS_ID_PART : PY_ID_PART,
    wordSymbols: wordSymbolsOf(table),
    i: 0, out: '', last: 0, held: '', heldWord: '', replEnd: -1, replChar: 0, used: new Set(), text: undefined,
  }
}

const wordSymbolTables = new WeakMap<SymbolTable, WordIndex<SymbolEntry> | undefined>()

/** `table.words` if the table has ASCII word symbols; worked out once per table. */
function wordSymbolsOf(table: SymbolTable): WordIndex<SymbolEntry> | undefined {
  if (!wordSymbolTables.has(table)) wordSymbolTables.set(table, hasWordSymbol(table) ? table.words : undefined)
  return wordSymbolTables.get(table)
}

const hasWordSymbol = (table: SymbolTable): boolean =>
  table.entries.some((e) => e.kind === 'word') || table.aliases.some((e) => e.kind === 'word')

/** Records `src[start, end)` as text (string or template content, a comment, JSX text) for `codeMask`. */
export function markText(s: Scan, start: number, end: number): void {
  if (s.text !== undefined && end > start) s.text.push(start, end)
}

export function finishScan(s: Scan): string {
  if (s.last === 0) return s.src
  return s.out + s.src.slice(s.last)
}

function idPartTable(extra: string): Uint8Array {
  const t = new Uint8Array(128)
  for (let c = 0; c < 128; c++) if (isAsciiIdPart(c) || extra.includes(String.fromCharCode(c))) t[c] = 1
  return t
}

export const isAsciiIdStart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95

export const isAsciiIdPart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95

export const isDigit = (c: number): boolean => c >= 48 && c <= 57

const PY_ID_PART = idPartTable('')
const JS_ID_PART = idPartTable('$')

/** The glyph symbol starting at `pos`, if any. */
export function glyphAt(s: Scan, pos: number): SymbolEntry | undefined {
  const candidates = s.table.glyphs.get(s.src.charCodeAt(pos))
  if (!candidates) return undefined
  for (const e of candidates) if (e.symbol.length === 1 || s.src.startsWith(e.symbol, pos)) return e
  return undefined
}

/** A char an identifier can hold: a keyword beside it needs a space to stay a keyword. */
function gluesToWord(s: Scan, c: number): boolean {
  return c < 128 ? s.idPart[c] === 1 : true
}

/** Advances past an identifier run; glyph symbols end it, since a symbol is a token of its own. */
export function scanWordEnd(s: Scan, start: number): number {
  const { src, n, idPart } = s
  let j = start
  while (j < n) {
    const c = src.charCodeAt(j)
    if (c < 128) {
      if (idPart[c] === 1) j++
      else break
    } else if (s.table.glyphs.has(c) && glyphAt(s, j)) break
    else j++
  }
  return j
}

function replaceRange(s: Scan, start: number, end: number, text: string): void {
  if (start > s.last) s.out += s.src.slice(s.last, start)
  s.out += text
  s.last = end
  s.replEnd = end
  s.replChar = text.charCodeAt(text.length - 1)
}

/** Writes `entry` in place of `src[start, end)`, in the scan's direction. */
export function emitEntry(s: Scan, start: number, end: number, entry: SymbolEntry): void {
  s.used.add(entry)
  if (s.dir === 'reverse') return replaceRange(s, start, end, entry.symbol)
  let text = entry.keyword
  if (entry.wordStart && start > 0) {
    const before = start === s.replEnd ? s.replChar : s.src.charCodeAt(start - 1)
    if (gluesToWord(s, before)) text = ' ' + text
  }
  // A glyph right after spaces itself; any other identifier char needs the space here.
  if (entry.wordEnd && end < s.n && gluesToWord(s, s.src.charCodeAt(end)) && !glyphAt(s, end)) text += ' '
  replaceRange(s, start, end, text)
}

/**
 * Holds back the word at `src[start, end)` until `releaseWord` decides whether it becomes its
 * symbol (Python's soft keywords are known only at the end of their line).
 */
export function holdWord(s: Scan, start: number, end: number): void {
  if (start > s.last) s.out += s.src.slice(s.last, start)
  s.held = s.out
  s.heldWord = s.src.slice(start, end)
  s.out = ''
  s.last = end
}

export function releaseWord(s: Scan, entry: SymbolEntry | undefined): void {
  if (entry) s.used.add(entry)
  s.out = s.held + (entry ? entry.symbol : s.heldWord) + s.out
  s.held = ''
}

export function fail(s: Scan, pos: number, code: TranspileErrorCode, reason: string): never {
  failAt(s.src, pos, code, reason, s.filename)
}

export function symbolInSource(s: Scan, pos: number, entry: SymbolEntry): never {
  fail(
    s,
    pos,
    'SYMBOL_IN_SOURCE',
    `'${entry.symbol}' is already used in code here; as φ it would read as '${entry.keyword}', so converting would change the program`,
  )
}
