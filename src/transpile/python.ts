import {
  emitEntry, fail, glyphAt, holdWord, isAsciiIdPart, isAsciiIdStart, isDigit, markText,
  releaseWord, scanWordEnd, symbolInSource, type Scan,
} from './_scan'
import { findWord } from './_words'
import type { SymbolEntry, SymbolTable } from './types'

/**
 * Frames of the f-string machinery: `text` is f-string text (or a format spec), `field` a
 * replacement field's code, `paren` an open bracket in code. The top frame decides the mode.
 */
const TEXT = 0
const FIELD = 1
const PAREN = 2

interface TextFrame {
  k: typeof TEXT
  quote: number
  triple: boolean
  raw: boolean
  spec: boolean
  /** Offset of the f-string's prefix, for errors. */
  start: number
}
type Frame = TextFrame | { k: typeof FIELD } | { k: typeof PAREN }

/** Token classes the soft-keyword rule needs. */
const T_WORD = 0
const T_LITERAL = 1
const T_OPEN = 2
const T_COLON = 3
const T_UNARY = 4
const T_OTHER = 5

/**
 * `match` and `case` are keywords only as the first token of a logical line whose second token
 * can start an expression, and which ends in `:` (`match`) or holds a `:` outside brackets
 * (`case`, whose body may follow on the same line); anywhere else they are names.
 */
interface SoftLine {
  tokens: number
  /** The line's first word is held back, waiting for the line's end. */
  entry: SymbolEntry | undefined
  secondStartsExpr: boolean
  endsWithColon: boolean
  hasColon: boolean
}

interface PyScan {
  s: Scan
  frames: Frame[]
  afterDot: boolean
  soft: SoftLine | undefined
}

const FIELD_FRAME: Frame = { k: FIELD }
const PAREN_FRAME: Frame = { k: PAREN }

export function scanPython(s: Scan): void {
  const hasSoft = s.dir === 'reverse' && hasSoftKeywords(s.table)
  const p: PyScan = {
    s,
    frames: [],
    afterDot: false,
    soft: hasSoft ? { tokens: 0, entry: undefined, secondStartsExpr: false, endsWithColon: false, hasColon: false } : undefined,
  }
  const glyphsOnly = s.dir === 'forward' && s.wordSymbols === undefined
  while (s.i < s.n) {
    const top = topFrame(p.frames)
    if (top?.k === TEXT) scanFStringText(p, top)
    else if (top === undefined && glyphsOnly) walkToGlyph(p)
    else walkCode(p)
  }
  const open = innermostText(p.frames)
  if (open) fail(s, open.start, 'UNTERMINATED_FSTRING', 'unterminated f-string: its closing quote is missing')
  endLogicalLine(p)
}

const softKeywordTables = new WeakMap<SymbolTable, boolean>()

/** Whether the table converts `match` or `case`; worked out once per table. */
function hasSoftKeywords(table: SymbolTable): boolean {
  let soft = softKeywordTables.get(table)
  if (soft === undefined) {
    soft = table.entries.some((e) => e.keyword === 'match' || e.keyword === 'case')
    softKeywordTables.set(table, soft)
  }
  return soft
}

const topFrame = (frames: Frame[]): Frame | undefined => (frames.length === 0 ? undefined : frames[frames.length - 1])

/** ASCII chars that change nothing going forward outside f-strings: all but quotes and `#`. */
const QUIET = (() => {
  const table = new Uint8Array(128).fill(1)
  for (const ch of `"'#`) table[ch.charCodeAt(0)] = 0
  return table
})()

/**
 * φ → Python outside f-strings when every symbol is a glyph: there only a glyph, a string or a
 * comment can change the output (bracket depth matters only inside f-strings and to soft
 * keywords, which only code → φ converts), so the other ASCII text is skipped without being
 * tokenized. Returns at an f-string, or dispatches a non-ASCII name to `scanToken`.
 */
function walkToGlyph(p: PyScan): void {
  const { s } = p
  const { src, n } = s
  let i = s.i
  // A token starts here: where a string prefix may start.
  let from = i
  while ((i = quietEnd(src, n, i)) < n) {
    const c = src.charCodeAt(i)
    if (c < 128) {
      if (c === 35) i = commentEnd(src, n, i)
      else {
        scanQuoted(p, prefixStart(src, from, i), i)
        if (p.frames.length !== 0) return
        i = s.i
      }
    } else {
      const glyph = glyphAt(s, i)
      if (glyph === undefined) break
      scanGlyph(p, i, glyph)
      i = s.i
    }
    from = i
  }
  s.i = i
  if (i < n) scanToken(p)
}

/**
 * Skips quiet ASCII. Bounded rather than stopped by the NaN of a read past the end: once its
 * char read has returned NaN, JSC compiles such a loop for doubles, about 3× slower here.
 */
function quietEnd(src: string, n: number, from: number): number {
  let i = from
  while (i < n) {
    const c = src.charCodeAt(i)
    if (c >= 128 || QUIET[c] === 0) break
    i++
  }
  return i
}

/**
 * Where the string prefix glued to the quote at `q` starts (`q` when there is none), given that
 * a token starts at `from`. Letters after `.`, `+` or `-` may end a number (`1.f"…"`, `1e-f"…"`),
 * so there the tokens from `from` on decide.
 */
function prefixStart(src: string, from: number, q: number): number {
  let w = q
  while (w > from && isAsciiIdPart(src.charCodeAt(w - 1))) w--
  if (w === q || !isStringPrefix(src, w, q)) return q
  if (w === from) return w
  const before = src.charCodeAt(w - 1)
  if ((before === 46 || before === 43 || before === 45) && lastTokenStart(src, from, q) !== w) return q
  return w
}

/** Start of the last token in `src[from, to)`, counting only what can absorb letters: names and numbers. */
function lastTokenStart(src: string, from: number, to: number): number {
  let j = from
  let start = from
  while (j < to) {
    start = j
    const c = src.charCodeAt(j)
    if (isAsciiIdStart(c)) j = asciiWordEnd(src, to, j + 1)
    else if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(j + 1)))) j = numberEnd(src, to, j)
    else j++
  }
  return start
}

/** Char classes of `walkCode`; `C_STOP` chars (and non-ASCII ones) go to `scanToken`. */
const C_OTHER = 0
const C_SPACE = 1
const C_NEWLINE = 2
const C_WORD = 3
const C_DIGIT = 4
const C_DOT = 5
const C_STOP = 6
const C_HASH = 7
const C_BACKSLASH = 8
const C_OPEN = 9
const C_CLOSE = 10
const C_BANG = 11
const C_UNARY = 12

const CHAR_CLASS = (() => {
  const table = new Uint8Array(128)
  const set = (chars: string, k: number) => {
    for (const ch of chars) table[ch.charCodeAt(0)] = k
  }
  for (let c = 0; c < 128; c++) if (isAsciiIdStart(c)) table[c] = C_WORD
  set(' \t\f', C_SPACE)
  set('\n\r', C_NEWLINE)
  set('0123456789', C_DIGIT)
  set('.', C_DOT)
  set(`"':`, C_STOP)
  set('#', C_HASH)
  set('\\', C_BACKSLASH)
  set('([{', C_OPEN)
  set(')]}', C_CLOSE)
  set('!', C_BANG)
  set('-+~*', C_UNARY)
  return table
})()

/**
 * Code outside f-string text, walked in one tight loop: spaces, comments, names, numbers and
 * brackets, with names that are symbols or keywords handed to `scanWord`. Strings (and the
 * prefixes glued to them), non-ASCII text, colons and `!` conversions go to `scanToken`; a `}`
 * that closes a replacement field returns to the f-string's text.
 */
function walkCode(p: PyScan): void {
  const { s, frames } = p
  const { src, n, wordSymbols } = s
  const keywords = s.dir === 'reverse' ? s.table.keywords : undefined
  let i = s.i
  while (i < n) {
    const c = src.charCodeAt(i)
    const k = c < 128 ? CHAR_CLASS[c]! : C_STOP
    if (k === C_SPACE) i++
    else if (k === C_WORD) {
      const end = asciiWordEnd(src, n, i + 1)
      const next = src.charCodeAt(end)
      if (next === 34 || next === 39 || next >= 128) break
      s.i = end
      if ((wordSymbols && findWord(wordSymbols, src, i, end) !== undefined) || (keywords && findWord(keywords, src, i, end) !== undefined)) {
        scanWord(p, i, end)
      } else noteToken(p, T_WORD)
      i = s.i
    } else if (k === C_NEWLINE) {
      i++
      if (frames.length === 0) endLogicalLine(p)
    } else if (k === C_DIGIT || (k === C_DOT && isDigit(src.charCodeAt(i + 1)))) {
      i = numberEnd(src, n, i)
      noteToken(p, T_LITERAL)
    } else if (k === C_DOT) {
      const ellipsis = src.charCodeAt(i + 1) === 46 && src.charCodeAt(i + 2) === 46
      i += ellipsis ? 3 : 1
      noteToken(p, T_OTHER)
      p.afterDot = !ellipsis
    } else if (k === C_OPEN) {
      i++
      noteToken(p, T_OPEN)
      frames.push(PAREN_FRAME)
    } else if (k === C_CLOSE) {
      i++
      const top = topFrame(frames)
      const closesField = top?.k === FIELD && c === 125
      if (top?.k === PAREN || closesField) frames.pop()
      noteToken(p, T_OTHER)
      if (closesField) {
        s.i = i
        return
      }
    } else if (k === C_HASH) {
      const end = commentEnd(src, n, i)
      markText(s, i, end)
      i = end
    }
    else if (k === C_BACKSLASH) i = continuationEnd(src, i)
    else if (k === C_STOP || (k === C_BANG && src.charCodeAt(i + 1) !== 61 && topFrame(frames)?.k === FIELD)) break
    else {
      i++
      noteToken(p, k === C_UNARY ? T_UNARY : T_OTHER)
    }
  }
  s.i = i
  if (i < n) scanToken(p)
}

/** The tokens `walkCode` leaves: strings, names glued to a quote, non-ASCII text, `:` and `!r`. */
function scanToken(p: PyScan): void {
  const { s } = p
  const c = s.src.charCodeAt(s.i)
  if (c === 34 || c === 39) scanQuoted(p, s.i, s.i)
  else if (c === 58) scanColon(p)
  else if (c === 33) skipConversion(p)
  else scanWordOrPrefixedString(p, c)
}

function asciiWordEnd(src: string, n: number, from: number): number {
  let j = from
  while (j < n && isAsciiIdPart(src.charCodeAt(j))) j++
  return j
}

function innermostText(frames: Frame[]): TextFrame | undefined {
  for (let k = frames.length - 1; k >= 0; k--) {
    const f = frames[k]!
    if (f.k === TEXT) return f
  }
  return undefined
}

function commentEnd(src: string, n: number, hash: number): number {
  let j = hash + 1
  while (j < n) {
    const c = src.charCodeAt(j)
    if (c === 10 || c === 13) break
    j++
  }
  return j
}

/** A backslash joins the next physical line to this logical line. */
function continuationEnd(src: string, backslash: number): number {
  let j = backslash + 1
  if (src.charCodeAt(j) === 13) j++
  if (src.charCodeAt(j) === 10) j++
  return j
}

function noteToken(p: PyScan, kind: number): void {
  p.afterDot = false
  const line = p.soft
  if (line === undefined || p.frames.length !== 0) return
  if (line.tokens === 1 && line.entry !== undefined) {
    line.secondStartsExpr = kind === T_WORD || kind === T_LITERAL || kind === T_OPEN || kind === T_UNARY
  }
  line.tokens++
  line.endsWithColon = kind === T_COLON
  if (kind === T_COLON) line.hasColon = true
}

function endLogicalLine(p: PyScan): void {
  const line = p.soft
  if (line === undefined) return
  const entry = line.entry
  if (entry !== undefined) {
    const colon = entry.keyword === 'match' ? line.endsWithColon : line.hasColon
    releaseWord(p.s, line.secondStartsExpr && colon ? entry : undefined)
  }
  line.tokens = 0
  line.entry = undefined
  line.hasColon = false
}

const PREFIX_CHARS = 'rRuUbBfFtT'

function isStringPrefix(src: string, start: number, end: number): boolean {
  if (end - start > 2) return false
  for (let k = start; k < end; k++) if (!PREFIX_CHARS.includes(src[k]!)) return false
  return true
}

/** The string whose prefix starts at `start` (`q` if it has none) and whose quote is at `q`. */
function scanQuoted(p: PyScan, start: number, q: number): void {
  let formatted = false
  let raw = false
  for (let k = start; k < q; k++) {
    const lower = p.s.src.charCodeAt(k) | 32
    if (lower === 102 || lower === 116) formatted = true
    else if (lower === 114) raw = true
  }
  scanString(p, start, q, formatted, raw)
}

function scanWordOrPrefixedString(p: PyScan, c: number): void {
  const { s } = p
  const start = s.i
  if (c >= 128) {
    const glyph = glyphAt(s, start)
    if (glyph) return scanGlyph(p, start, glyph)
  }
  const end = scanWordEnd(s, start)
  const next = s.src.charCodeAt(end)
  if ((next === 34 || next === 39) && isStringPrefix(s.src, start, end)) return scanQuoted(p, start, end)
  s.i = end
  scanWord(p, start, end)
}

function scanGlyph(p: PyScan, start: number, entry: SymbolEntry): void {
  const { s } = p
  if (s.dir === 'reverse') symbolInSource(s, start, entry)
  s.i = start + entry.symbol.length
  emitEntry(s, start, s.i, entry)
  noteToken(p, entry.firstWord ? T_WORD : T_OTHER)
}

function scanWord(p: PyScan, start: number, end: number): void {
  const { s } = p
  const spelled = findWord(s.table.words, s.src, start, end)
  if (spelled !== undefined && (!p.afterDot || spelled.afterDot)) {
    if (s.dir === 'reverse') symbolInSource(s, start, spelled)
    emitEntry(s, start, end, spelled)
  } else if (s.dir === 'reverse') {
    reverseKeyword(p, start, end)
  }
  noteToken(p, T_WORD)
}

function reverseKeyword(p: PyScan, start: number, end: number): void {
  const { s } = p
  const candidates = findWord(s.table.keywords, s.src, start, end)
  if (candidates === undefined) return
  for (const entry of candidates) {
    const kwEnd = start + entry.keyword.length
    if (kwEnd !== end && !(s.src.startsWith(entry.keyword, start) && !isAsciiIdPart(s.src.charCodeAt(kwEnd)))) continue
    if (p.afterDot && !entry.afterDot) return
    if (entry.keyword === 'match' || entry.keyword === 'case') return deferSoftKeyword(p, entry, start, end)
    emitEntry(s, start, kwEnd, entry)
    s.i = kwEnd
    return
  }
}

function deferSoftKeyword(p: PyScan, entry: SymbolEntry, start: number, end: number): void {
  const line = p.soft
  if (line === undefined || p.frames.length !== 0 || line.tokens !== 0) return
  holdWord(p.s, start, end)
  line.entry = entry
}

function numberEnd(src: string, n: number, start: number): number {
  let j = start
  const hex = src.charCodeAt(j) === 48 && (src.charCodeAt(j + 1) | 32) === 120
  while (j < n) {
    const c = src.charCodeAt(j)
    if (isAsciiIdPart(c) || c === 46) j++
    else if ((c === 43 || c === 45) && !hex && (src.charCodeAt(j - 1) | 32) === 101) j++
    else break
  }
  return j
}

/** A colon opens a format spec in a replacement field, and may be half of `:=`. */
function scanColon(p: PyScan): void {
  const { s, frames } = p
  if (topFrame(frames)?.k === FIELD) {
    s.i++
    const text = innermostText(frames)!
    frames.push({ ...text, spec: true })
    return
  }
  if (s.src.charCodeAt(s.i + 1) === 61) {
    const walrus = s.table.operators.get(':=')
    if (walrus !== undefined && s.dir === 'reverse') emitEntry(s, s.i, s.i + 2, walrus)
    s.i += 2
    noteToken(p, T_OTHER)
    return
  }
  s.i++
  noteToken(p, T_COLON)
}

/** `!r`, `!s`, `!a` after a replacement field's expression. */
function skipConversion(p: PyScan): void {
  const { s } = p
  let j = s.i + 1
  while (j < s.n && isAsciiIdPart(s.src.charCodeAt(j))) j++
  s.i = j
}

/**
 * A string literal from its prefix at `start`, quote at `q`. Plain strings are skipped whole;
 * an f-string pushes a text frame and the main loop walks its text and fields.
 */
function scanString(p: PyScan, start: number, q: number, formatted: boolean, raw: boolean): void {
  const { s } = p
  const { src } = s
  const quote = src.charCodeAt(q)
  const triple = src.charCodeAt(q + 1) === quote && src.charCodeAt(q + 2) === quote
  noteToken(p, T_LITERAL)
  if (formatted) {
    s.i = q + (triple ? 3 : 1)
    p.frames.push({ k: TEXT, quote, triple, raw, spec: false, start })
    return
  }
  s.i = triple ? skipTriple(s, start, q, quote) : skipSingle(s, start, q, quote)
  const delimiter = triple ? 3 : 1
  markText(s, q + delimiter, s.i - delimiter)
}

function skipSingle(s: Scan, start: number, q: number, quote: number): number {
  const { src, n } = s
  let j = q + 1
  while (j < n) {
    const c = src.charCodeAt(j)
    if (c === quote) return j + 1
    if (c === 92) j += src.charCodeAt(j + 1) === 13 && src.charCodeAt(j + 2) === 10 ? 3 : 2
    else if (c === 10 || c === 13) break
    else j++
  }
  fail(s, start, 'UNTERMINATED_STRING', 'unterminated string literal: the line ends before its closing quote')
}

/** A backslash or the closing quotes: what a triple-quoted string's body is searched for, natively. */
const TRIPLE_DOUBLE_STOP = /\\|"""/g
const TRIPLE_SINGLE_STOP = /\\|'''/g

function skipTriple(s: Scan, start: number, q: number, quote: number): number {
  const stop = quote === 34 ? TRIPLE_DOUBLE_STOP : TRIPLE_SINGLE_STOP
  stop.lastIndex = q + 3
  while (stop.test(s.src)) {
    // After a backslash, skip the char it escapes; after the closing quotes, the string is done.
    if (s.src.charCodeAt(stop.lastIndex - 1) !== 92) return stop.lastIndex
    stop.lastIndex++
  }
  fail(s, start, 'UNTERMINATED_STRING', 'unterminated triple-quoted string literal')
}

/** Walks f-string text (or a format spec) up to a field, the closing quote, or the spec's end. */
function scanFStringText(p: PyScan, top: TextFrame): void {
  const { s, frames } = p
  const { src, n } = s
  const { quote, triple, spec } = top
  const from = s.i
  let j = s.i
  let textEnd = n
  while (j < n) {
    textEnd = j
    const c = src.charCodeAt(j)
    if (c === 92) {
      j = skipFStringEscape(src, j, top.raw)
    } else if (c === quote) {
      if (spec) {
        // A quote inside a spec ends the string: close the spec and field, then the string.
        frames.pop()
        frames.pop()
        break
      }
      if (!triple || (src.charCodeAt(j + 1) === quote && src.charCodeAt(j + 2) === quote)) {
        j += triple ? 3 : 1
        frames.pop()
        break
      }
      j++
    } else if (c === 123) {
      if (!spec && src.charCodeAt(j + 1) === 123) j += 2
      else {
        j++
        frames.push(FIELD_FRAME)
        break
      }
    } else if (c === 125) {
      if (spec) {
        j++
        frames.pop()
        frames.pop()
        break
      }
      j += src.charCodeAt(j + 1) === 125 ? 2 : 1
    } else if ((c === 10 || c === 13) && !triple) {
      fail(s, top.start, 'UNTERMINATED_FSTRING', 'unterminated f-string: the line ends before its closing quote')
    } else j++
  }
  markText(s, from, Math.min(textEnd, n))
  s.i = j
  if (j >= n) s.i = n
}

/** `\{` leaves the brace to start a field; `\N{NAME}` is one escape in a non-raw string. */
function skipFStringEscape(src: string, j: number, raw: boolean): number {
  const next = src.charCodeAt(j + 1)
  if (next === 123 || next === 125) return j + 1
  if (!raw && next === 78 && src.charCodeAt(j + 2) === 123) {
    const close = src.indexOf('}', j + 3)
    return close < 0 ? src.length : close + 1
  }
  if (next === 13 && src.charCodeAt(j + 2) === 10) return j + 3
  return j + 2
}
