import {
  BACKSLASH, CARRIAGE_RETURN, DIGIT_0, DIGIT_9, DOT, FIRST_NON_ASCII, LINE_FEED, LOWER_A, LOWER_CASE_BIT,
  LOWER_E, LOWER_X, LOWER_Z, MINUS, PLUS, UNDERSCORE, UPPER_A, UPPER_Z,
} from './_chars'
import { findWord, type WordIndex } from './_words'
import { failAt, type TranspileErrorCode } from './error'
import type { Direction, SymbolEntry, SymbolTable } from './types'

/*
 * How the scanners work. `python.ts` and `typescript.ts` each walk the source once, left to
 * right, tracking only what decides whether a word or glyph is code: strings, comments, f-string
 * and template text, regexes, JSX text, and (TypeScript) the previous token, which tells a regex
 * from a division and a block from an object. A symbol or keyword found in code is replaced in
 * place (`emitEntry`); everything else is copied through untouched, so lines never move.
 *
 * The fast-path rule. Each scanner has a tight loop (`walkCode`, and Python's `walkToGlyph`) that
 * handles in locals only what can neither be converted nor change the mode: spaces, names that
 * are no symbol or keyword, numbers, brackets, and operators the table cannot hold. Any char that
 * might start something else breaks out of the loop to the scanner's token dispatch (`scanToken`,
 * `scanCodeToken`), the slow path, which may convert and change the mode. So a char class that
 * the tight loop consumes must never begin a convertible token; when in doubt, break out: the
 * slow path is always correct, only slower. Before any of this, `convert` returns φ source with
 * no symbol in it (`table.detect`) unchanged.
 *
 * Adding an operator that a symbol can stand for (like `===` → `≡`, `:=` → `≔`):
 * 1. Add the pair to the dialect's defaults in `symbols.ts`; `buildTable` files an entry whose
 *    keyword has no identifier in `table.operators`, keyed by its text.
 * 2. Code → φ only (φ → code finds the glyph like any other): make the tight loop break out at
 *    the operator's first char when the whole operator follows, and keep consuming the other
 *    operators that start with that char. See `CharClass.Equals` in `typescript.ts` (breaks for
 *    `===`, consumes `=`, `==`, `=>`) and `CharClass.Stop` in `python.ts` (`:` always breaks,
 *    for `:=`).
 * 3. In the slow path, recognise it and call `convertibleOperator` (TypeScript) or do as
 *    `scanColon` does (Python): emit only going code → φ; going φ → code the glyph is found by
 *    `glyphAt` as any symbol is.
 * 4. Set the state after it as after any operator (TypeScript: `PrevToken.Operator`, an
 *    expression may follow; Python: `noteToken`).
 * 5. Tests: a hand-written case each way in `test/unit/transpile/<dialect>.test.ts`, then the
 *    corpus round trip and the tokenizer oracle (`test/unit/transpile/corpus.test.ts`) and the
 *    fuzz tests; `bench/transpile.ts` before and after.
 */

/** What the scanners of both dialects share: the input, the output under construction, the table. */
export interface Scan {
  readonly src: string
  readonly length: number
  readonly table: SymbolTable
  readonly direction: Direction
  readonly filename: string | undefined
  /** 1 for the ASCII chars an identifier may hold in this dialect (`$` only in JavaScript). */
  readonly idPart: Uint8Array
  /** `table.words` when the table has ASCII word symbols: without, names need no lookup going forward. */
  readonly wordSymbols: WordIndex<SymbolEntry> | undefined
  /** The offset the scanner has reached. */
  pos: number
  /** Output so far (appends build a rope); `src` from `copied` on is not in it yet. */
  output: string
  copied: number
  /** Output before a keyword whose conversion waits for the end of its line, and that keyword. */
  heldOutput: string
  heldWord: string
  /** End offset and last char of the previous replacement, to space a symbol after another. */
  replacedEnd: number
  replacedLastChar: number
  usedEntries: Set<SymbolEntry>
  /** When set (see `codeMask`), every span of non-code text is recorded here as start, end pairs. */
  textSpans: number[] | undefined
}

export function createScan(src: string, table: SymbolTable, direction: Direction, filename: string | undefined): Scan {
  return {
    src, length: src.length, table, direction, filename,
    idPart: table.dialect === 'typescript' ? JS_ID_PART : PY_ID_PART,
    wordSymbols: wordSymbolsOf(table),
    pos: 0, output: '', copied: 0, heldOutput: '', heldWord: '', replacedEnd: -1, replacedLastChar: 0,
    usedEntries: new Set(), textSpans: undefined,
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
  if (s.textSpans !== undefined && end > start) s.textSpans.push(start, end)
}

export function finishScan(s: Scan): string {
  if (s.copied === 0) return s.src
  return s.output + s.src.slice(s.copied)
}

function idPartTable(extra: string): Uint8Array {
  const table = new Uint8Array(FIRST_NON_ASCII)
  for (let c = 0; c < FIRST_NON_ASCII; c++) if (isAsciiIdPart(c) || extra.includes(String.fromCharCode(c))) table[c] = 1
  return table
}

export const isAsciiIdStart = (c: number): boolean =>
  (c >= LOWER_A && c <= LOWER_Z) || (c >= UPPER_A && c <= UPPER_Z) || c === UNDERSCORE

export const isAsciiIdPart = (c: number): boolean =>
  (c >= LOWER_A && c <= LOWER_Z) || (c >= UPPER_A && c <= UPPER_Z) || (c >= DIGIT_0 && c <= DIGIT_9) || c === UNDERSCORE

export const isDigit = (c: number): boolean => c >= DIGIT_0 && c <= DIGIT_9

const PY_ID_PART = idPartTable('')
const JS_ID_PART = idPartTable('$')

/**
 * A char → class table for a tight loop: `classes` maps the chars of each class; identifier
 * starts get `word`, every other ASCII char 0 (the loop's "other").
 */
export function charClassTable<Class extends number>(word: Class, classes: ReadonlyArray<readonly [string, Class]>): Uint8Array {
  const table = new Uint8Array(FIRST_NON_ASCII)
  for (let c = 0; c < FIRST_NON_ASCII; c++) if (isAsciiIdStart(c)) table[c] = word
  for (const [chars, k] of classes) for (const ch of chars) table[ch.charCodeAt(0)] = k
  return table
}

/** The end of the ASCII identifier chars from `from` on (`idPart`: the scan's table). */
export function asciiWordEnd(src: string, length: number, from: number, idPart: Uint8Array): number {
  let j = from
  while (j < length) {
    const c = src.charCodeAt(j)
    if (c < FIRST_NON_ASCII && idPart[c] === 1) j++
    else break
  }
  return j
}

/**
 * The end of the number starting at `start` (a digit, or a `.` before one): digits and letters
 * (`0x1f`, `1e5`, `2n`, `3j`), a sign right after an exponent's `e`, and one `.` before any
 * letter, as both languages read them: `1..x`, `1e5.x`, `0x1.x` and `1j.x` end before the last `.`.
 */
export function numberEnd(src: string, length: number, start: number): number {
  let j = start
  const hex = src.charCodeAt(j) === DIGIT_0 && (src.charCodeAt(j + 1) | LOWER_CASE_BIT) === LOWER_X
  let dotAllowed = true
  while (j < length) {
    const c = src.charCodeAt(j)
    if (c === DOT) {
      if (!dotAllowed) break
      dotAllowed = false
      j++
    } else if (isAsciiIdPart(c)) {
      if (c !== UNDERSCORE && !isDigit(c)) dotAllowed = false
      j++
    } else if ((c === PLUS || c === MINUS) && !hex && (src.charCodeAt(j - 1) | LOWER_CASE_BIT) === LOWER_E) j++
    else break
  }
  return j
}

/**
 * The offset after the closing quote of the one-line string whose opening quote is at `quote`
 * (a backslash escapes the next char, CRLF included); fails at `start` when the line ends first.
 */
export function oneLineStringEnd(s: Scan, start: number, quote: number): number {
  const { src, length } = s
  const quoteChar = src.charCodeAt(quote)
  let j = quote + 1
  while (j < length) {
    const c = src.charCodeAt(j)
    if (c === quoteChar) return j + 1
    if (c === BACKSLASH) j += src.charCodeAt(j + 1) === CARRIAGE_RETURN && src.charCodeAt(j + 2) === LINE_FEED ? 3 : 2
    else if (c === LINE_FEED || c === CARRIAGE_RETURN) break
    else j++
  }
  fail(s, start, 'UNTERMINATED_STRING', 'unterminated string literal: the line ends before its closing quote')
}

/** The glyph symbol starting at `pos`, if any. */
export function glyphAt(s: Scan, pos: number): SymbolEntry | undefined {
  const candidates = s.table.glyphs.get(s.src.charCodeAt(pos))
  if (!candidates) return undefined
  for (const e of candidates) if (e.symbol.length === 1 || s.src.startsWith(e.symbol, pos)) return e
  return undefined
}

/** A char an identifier can hold: a keyword beside it needs a space to stay a keyword. */
function gluesToWord(s: Scan, c: number): boolean {
  return c < FIRST_NON_ASCII ? s.idPart[c] === 1 : true
}

/** Advances past an identifier run; glyph symbols end it, since a symbol is a token of its own. */
export function scanWordEnd(s: Scan, start: number): number {
  const { src, length, idPart } = s
  let j = start
  while (j < length) {
    const c = src.charCodeAt(j)
    if (c < FIRST_NON_ASCII) {
      if (idPart[c] === 1) j++
      else break
    } else if (s.table.glyphs.has(c) && glyphAt(s, j)) break
    else j++
  }
  return j
}

/** Converts the glyph `entry` found at `start` (refused going code → φ) and moves past it. */
export function convertGlyph(s: Scan, start: number, entry: SymbolEntry): void {
  if (s.direction === 'reverse') symbolInSource(s, start, entry)
  s.pos = start + entry.symbol.length
  emitEntry(s, start, s.pos, entry)
}

/** Converts the word symbol `entry` spelled at `src[start, end)` (refused going code → φ). */
export function convertWordSymbol(s: Scan, start: number, end: number, entry: SymbolEntry): void {
  if (s.direction === 'reverse') symbolInSource(s, start, entry)
  emitEntry(s, start, end, entry)
}

/**
 * The entry whose keyword is spelled at `start`, the name there ending at `end`: the whole
 * name (`return`), or a longer keyword that goes on past it (`else if`) and ends where a name
 * does. Longest keyword first; the caller still decides whether the context makes it one.
 */
export function keywordAt(s: Scan, start: number, end: number): SymbolEntry | undefined {
  const candidates = findWord(s.table.keywords, s.src, start, end)
  if (candidates === undefined) return undefined
  for (const entry of candidates) {
    const keywordEnd = start + entry.keyword.length
    if (keywordEnd === end) return entry
    if (!s.src.startsWith(entry.keyword, start)) continue
    const after = s.src.charCodeAt(keywordEnd)
    if (after >= FIRST_NON_ASCII || s.idPart[after] === 1) continue
    return entry
  }
  return undefined
}

function replaceRange(s: Scan, start: number, end: number, text: string): void {
  if (start > s.copied) s.output += s.src.slice(s.copied, start)
  s.output += text
  s.copied = end
  s.replacedEnd = end
  s.replacedLastChar = text.charCodeAt(text.length - 1)
}

/** Writes `entry` in place of `src[start, end)`, in the scan's direction. */
export function emitEntry(s: Scan, start: number, end: number, entry: SymbolEntry): void {
  s.usedEntries.add(entry)
  if (s.direction === 'reverse') return replaceRange(s, start, end, entry.symbol)
  let text = entry.keyword
  if (entry.wordStart && start > 0) {
    const before = start === s.replacedEnd ? s.replacedLastChar : s.src.charCodeAt(start - 1)
    if (gluesToWord(s, before)) text = ' ' + text
  }
  // A glyph right after spaces itself; any other identifier char needs the space here.
  if (entry.wordEnd && end < s.length && gluesToWord(s, s.src.charCodeAt(end)) && !glyphAt(s, end)) text += ' '
  replaceRange(s, start, end, text)
}

/**
 * Holds back the word at `src[start, end)` until `releaseWord` decides whether it becomes its
 * symbol (Python's soft keywords are known only at the end of their line).
 */
export function holdWord(s: Scan, start: number, end: number): void {
  if (start > s.copied) s.output += s.src.slice(s.copied, start)
  s.heldOutput = s.output
  s.heldWord = s.src.slice(start, end)
  s.output = ''
  s.copied = end
}

export function releaseWord(s: Scan, entry: SymbolEntry | undefined): void {
  if (entry) s.usedEntries.add(entry)
  s.output = s.heldOutput + (entry ? entry.symbol : s.heldWord) + s.output
  s.heldOutput = ''
}

export function fail(s: Scan, pos: number, code: TranspileErrorCode, reason: string): never {
  failAt(s.src, pos, code, reason, s.filename)
}

function symbolInSource(s: Scan, pos: number, entry: SymbolEntry): never {
  fail(
    s,
    pos,
    'SYMBOL_IN_SOURCE',
    `'${entry.symbol}' is already used in code here; as φ it would read as '${entry.keyword}', so converting would change the program`,
  )
}
