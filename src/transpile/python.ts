/**
 * The python dialect's scanner: see `_scan.ts` for how both scanners work, the fast-path rule,
 * and how to add an operator.
 */
import {
  BACKSLASH, BANG, CARRIAGE_RETURN, CLOSE_BRACE, COLON, DOT, DOUBLE_QUOTE, EQUALS, FIRST_NON_ASCII,
  HASH, LINE_FEED, LOWER_CASE_BIT, LOWER_F, LOWER_R, LOWER_T, MINUS, OPEN_BRACE, PLUS, SINGLE_QUOTE,
  UPPER_N,
} from './_chars'
import {
  asciiWordEnd, charClassTable, convertGlyph, convertWordSymbol, emitEntry, fail, glyphAt, holdWord,
  isAsciiIdStart, isDigit, keywordAt, markText, numberEnd, oneLineStringEnd, releaseWord, scanWordEnd,
  type Scan,
} from './_scan'
import { findWord } from './_words'
import type { SymbolEntry, SymbolTable } from './types'

/**
 * Frames of the f-string machinery: `Text` is f-string text (or a format spec), `Field` a
 * replacement field's code, `Paren` an open bracket in code. The top frame decides the mode.
 */
enum FrameKind {
  Text,
  Field,
  Paren,
}

interface TextFrame {
  kind: FrameKind.Text
  /** The quote char, and whether it is tripled. */
  quote: number
  triple: boolean
  raw: boolean
  /** This frame is the format spec after a field's `:` (`{x:>{width}}`), not the string's text. */
  formatSpec: boolean
  /** Offset of the f-string's prefix, for errors. */
  prefixAt: number
}
type Frame = TextFrame | { kind: FrameKind.Field } | { kind: FrameKind.Paren }

/** Token classes the soft-keyword rule needs (see `SoftLine`). */
enum LineToken {
  /** A name, or a symbol standing for one: may start an expression. */
  Word,
  /** A number or string: may start an expression. */
  Literal,
  /** `(`, `[` or `{`: may start an expression. */
  Open,
  /** A `:` outside brackets: `match x:` ends with one, `case 1: pass` holds one. */
  Colon,
  /** `-`, `+`, `~` or `*`: may start an expression (`match -x:`, `case *rest:`). */
  Unary,
  Other,
}

/**
 * `match` and `case` are keywords only as the first token of a logical line whose second token
 * can start an expression, and which ends in `:` (`match`) or holds a `:` outside brackets
 * (`case`, whose body may follow on the same line); anywhere else they are names.
 */
interface SoftLine {
  tokenCount: number
  /** The line's first word, held back until the line's end decides whether it is a keyword. */
  heldEntry: SymbolEntry | undefined
  secondStartsExpr: boolean
  endsWithColon: boolean
  hasColon: boolean
}

interface PyScan {
  scan: Scan
  frames: Frame[]
  /** The previous token is a `.`: the name that follows is an attribute. */
  afterDot: boolean
  /** Tracked only going code → φ with a table that converts `match` or `case`. */
  softLine: SoftLine | undefined
}

const FIELD_FRAME: Frame = { kind: FrameKind.Field }
const PAREN_FRAME: Frame = { kind: FrameKind.Paren }

export function scanPython(s: Scan): void {
  const hasSoft = s.direction === 'reverse' && hasSoftKeywords(s.table)
  const p: PyScan = {
    scan: s,
    frames: [],
    afterDot: false,
    softLine: hasSoft ? { tokenCount: 0, heldEntry: undefined, secondStartsExpr: false, endsWithColon: false, hasColon: false } : undefined,
  }
  const glyphsOnly = s.direction === 'forward' && s.wordSymbols === undefined
  while (s.pos < s.length) {
    const top = topFrame(p.frames)
    if (top?.kind === FrameKind.Text) scanFStringText(p, top)
    else if (top === undefined && glyphsOnly) walkToGlyph(p)
    else walkCode(p)
  }
  const open = innermostText(p.frames)
  if (open) fail(s, open.prefixAt, 'UNTERMINATED_FSTRING', 'unterminated f-string: its closing quote is missing')
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
  const table = new Uint8Array(FIRST_NON_ASCII).fill(1)
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
  const s = p.scan
  const { src, length } = s
  let i = s.pos
  // A token starts here: where a string prefix may start.
  let from = i
  while ((i = quietEnd(src, length, i)) < length) {
    const c = src.charCodeAt(i)
    if (c < FIRST_NON_ASCII) {
      if (c === HASH) i = commentEnd(src, length, i)
      else {
        scanQuoted(p, prefixStart(s, from, i), i)
        if (p.frames.length !== 0) return
        i = s.pos
      }
    } else {
      const glyph = glyphAt(s, i)
      if (glyph === undefined) break
      scanGlyph(p, i, glyph)
      i = s.pos
    }
    from = i
  }
  s.pos = i
  if (i < length) scanToken(p)
}

/**
 * Skips quiet ASCII. Bounded rather than stopped by the NaN of a read past the end: once its
 * char read has returned NaN, JSC compiles such a loop for doubles, about 3× slower here.
 */
function quietEnd(src: string, length: number, from: number): number {
  let i = from
  while (i < length) {
    const c = src.charCodeAt(i)
    if (c >= FIRST_NON_ASCII || QUIET[c] === 0) break
    i++
  }
  return i
}

/**
 * Where the string prefix glued to the quote at `q` starts (`q` when there is none), given that
 * a token starts at `from`. Letters after `.`, `+` or `-` may end a number (`1.f"…"`, `1e-f"…"`),
 * so there the tokens from `from` on decide.
 */
function prefixStart(s: Scan, from: number, q: number): number {
  const { src, idPart } = s
  let w = q
  while (w > from && idPart[src.charCodeAt(w - 1)] === 1) w--
  if (w === q || !isStringPrefix(src, w, q)) return q
  if (w === from) return w
  const before = src.charCodeAt(w - 1)
  if ((before === DOT || before === PLUS || before === MINUS) && lastTokenStart(s, from, q) !== w) return q
  return w
}

/** Start of the last token in `src[from, to)`, counting only what can absorb letters: names and numbers. */
function lastTokenStart(s: Scan, from: number, to: number): number {
  const { src, idPart } = s
  let j = from
  let start = from
  while (j < to) {
    start = j
    const c = src.charCodeAt(j)
    if (isAsciiIdStart(c)) j = asciiWordEnd(src, to, j + 1, idPart)
    else if (isDigit(c) || (c === DOT && isDigit(src.charCodeAt(j + 1)))) j = numberEnd(src, to, j)
    else j++
  }
  return start
}

/**
 * Char classes of `walkCode`, one per ASCII char in `CHAR_CLASS`. `Stop` chars (and non-ASCII
 * ones) go to `scanToken`; `Other` is every ASCII char the table does not name: an operator that
 * no symbol stands for. `Other` stays first: 0 is what `charClassTable` leaves in unnamed slots.
 */
enum CharClass {
  Other, Space, Newline, Word, Digit, Dot, Stop,
  Hash, Backslash, Open, Close, Bang, Unary,
}

const CHAR_CLASS = charClassTable(CharClass.Word, [
  [' \t\f', CharClass.Space], ['\n\r', CharClass.Newline], ['0123456789', CharClass.Digit], ['.', CharClass.Dot],
  [`"':`, CharClass.Stop], ['#', CharClass.Hash], ['\\', CharClass.Backslash],
  ['([{', CharClass.Open], [')]}', CharClass.Close], ['!', CharClass.Bang], ['-+~*', CharClass.Unary],
])

/**
 * Code outside f-string text, walked in one tight loop: spaces, comments, names, numbers and
 * brackets, with names that are symbols or keywords handed to `scanWord`. Strings (and the
 * prefixes glued to them), non-ASCII text, colons and `!` conversions go to `scanToken`; a `}`
 * that closes a replacement field returns to the f-string's text.
 */
function walkCode(p: PyScan): void {
  const s = p.scan
  const { frames } = p
  const { src, length, wordSymbols, idPart } = s
  const keywords = s.direction === 'reverse' ? s.table.keywords : undefined
  let i = s.pos
  while (i < length) {
    const c = src.charCodeAt(i)
    const k = c < FIRST_NON_ASCII ? (CHAR_CLASS[c] as CharClass) : CharClass.Stop
    if (k === CharClass.Space) i++
    else if (k === CharClass.Word) {
      const end = asciiWordEnd(src, length, i + 1, idPart)
      const next = src.charCodeAt(end)
      if (next === DOUBLE_QUOTE || next === SINGLE_QUOTE || next >= FIRST_NON_ASCII) break
      s.pos = end
      if ((wordSymbols && findWord(wordSymbols, src, i, end) !== undefined) || (keywords && findWord(keywords, src, i, end) !== undefined)) {
        scanWord(p, i, end)
      } else noteToken(p, LineToken.Word)
      i = s.pos
    } else if (k === CharClass.Newline) {
      i++
      if (frames.length === 0) endLogicalLine(p)
    } else if (k === CharClass.Digit || (k === CharClass.Dot && isDigit(src.charCodeAt(i + 1)))) {
      i = numberEnd(src, length, i)
      noteToken(p, LineToken.Literal)
    } else if (k === CharClass.Dot) {
      const ellipsis = src.charCodeAt(i + 1) === DOT && src.charCodeAt(i + 2) === DOT
      i += ellipsis ? 3 : 1
      noteToken(p, LineToken.Other)
      p.afterDot = !ellipsis
    } else if (k === CharClass.Open) {
      i++
      noteToken(p, LineToken.Open)
      frames.push(PAREN_FRAME)
    } else if (k === CharClass.Close) {
      i++
      const top = topFrame(frames)
      const closesField = top?.kind === FrameKind.Field && c === CLOSE_BRACE
      if (top?.kind === FrameKind.Paren || closesField) frames.pop()
      noteToken(p, LineToken.Other)
      if (closesField) {
        s.pos = i
        return
      }
    } else if (k === CharClass.Hash) {
      const end = commentEnd(src, length, i)
      markText(s, i, end)
      i = end
    }
    else if (k === CharClass.Backslash) i = continuationEnd(src, i)
    else if (k === CharClass.Stop || (k === CharClass.Bang && src.charCodeAt(i + 1) !== EQUALS && topFrame(frames)?.kind === FrameKind.Field)) break
    else {
      i++
      noteToken(p, k === CharClass.Unary ? LineToken.Unary : LineToken.Other)
    }
  }
  s.pos = i
  if (i < length) scanToken(p)
}

/** The tokens `walkCode` leaves: strings, names glued to a quote, non-ASCII text, `:` and `!r`. */
function scanToken(p: PyScan): void {
  const s = p.scan
  const c = s.src.charCodeAt(s.pos)
  if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) scanQuoted(p, s.pos, s.pos)
  else if (c === COLON) scanColon(p)
  else if (c === BANG) skipConversion(p)
  else scanWordOrPrefixedString(p, c)
}

function innermostText(frames: Frame[]): TextFrame | undefined {
  for (let k = frames.length - 1; k >= 0; k--) {
    const f = frames[k]!
    if (f.kind === FrameKind.Text) return f
  }
  return undefined
}

function commentEnd(src: string, length: number, hash: number): number {
  let j = hash + 1
  while (j < length) {
    const c = src.charCodeAt(j)
    if (c === LINE_FEED || c === CARRIAGE_RETURN) break
    j++
  }
  return j
}

/** A backslash joins the next physical line to this logical line. */
function continuationEnd(src: string, backslash: number): number {
  let j = backslash + 1
  if (src.charCodeAt(j) === CARRIAGE_RETURN) j++
  if (src.charCodeAt(j) === LINE_FEED) j++
  return j
}

function noteToken(p: PyScan, kind: LineToken): void {
  p.afterDot = false
  const line = p.softLine
  if (line === undefined || p.frames.length !== 0) return
  if (line.tokenCount === 1 && line.heldEntry !== undefined) {
    line.secondStartsExpr = kind === LineToken.Word || kind === LineToken.Literal || kind === LineToken.Open || kind === LineToken.Unary
  }
  line.tokenCount++
  line.endsWithColon = kind === LineToken.Colon
  if (kind === LineToken.Colon) line.hasColon = true
}

function endLogicalLine(p: PyScan): void {
  const line = p.softLine
  if (line === undefined) return
  const entry = line.heldEntry
  if (entry !== undefined) {
    const colon = entry.keyword === 'match' ? line.endsWithColon : line.hasColon
    releaseWord(p.scan, line.secondStartsExpr && colon ? entry : undefined)
  }
  line.tokenCount = 0
  line.heldEntry = undefined
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
    const lower = p.scan.src.charCodeAt(k) | LOWER_CASE_BIT
    if (lower === LOWER_F || lower === LOWER_T) formatted = true
    else if (lower === LOWER_R) raw = true
  }
  scanString(p, start, q, formatted, raw)
}

function scanWordOrPrefixedString(p: PyScan, c: number): void {
  const s = p.scan
  const start = s.pos
  if (c >= FIRST_NON_ASCII) {
    const glyph = glyphAt(s, start)
    if (glyph) return scanGlyph(p, start, glyph)
  }
  const end = scanWordEnd(s, start)
  const next = s.src.charCodeAt(end)
  if ((next === DOUBLE_QUOTE || next === SINGLE_QUOTE) && isStringPrefix(s.src, start, end)) return scanQuoted(p, start, end)
  s.pos = end
  scanWord(p, start, end)
}

function scanGlyph(p: PyScan, start: number, entry: SymbolEntry): void {
  convertGlyph(p.scan, start, entry)
  noteToken(p, entry.firstWord ? LineToken.Word : LineToken.Other)
}

function scanWord(p: PyScan, start: number, end: number): void {
  const s = p.scan
  const spelled = findWord(s.table.words, s.src, start, end)
  if (spelled !== undefined && (!p.afterDot || spelled.afterDot)) convertWordSymbol(s, start, end, spelled)
  else if (s.direction === 'reverse') {
    reverseKeyword(p, start, end)
  }
  noteToken(p, LineToken.Word)
}

/** Code → φ: the name at `src[start, end)` becomes its symbol where it is the keyword. */
function reverseKeyword(p: PyScan, start: number, end: number): void {
  const s = p.scan
  const entry = keywordAt(s, start, end)
  if (entry === undefined || (p.afterDot && !entry.afterDot)) return
  if (entry.keyword === 'match' || entry.keyword === 'case') return deferSoftKeyword(p, entry, start, end)
  const keywordEnd = start + entry.keyword.length
  emitEntry(s, start, keywordEnd, entry)
  s.pos = keywordEnd
}

function deferSoftKeyword(p: PyScan, entry: SymbolEntry, start: number, end: number): void {
  const line = p.softLine
  if (line === undefined || p.frames.length !== 0 || line.tokenCount !== 0) return
  holdWord(p.scan, start, end)
  line.heldEntry = entry
}

/** A colon opens a format spec in a replacement field, and may be half of `:=`. */
function scanColon(p: PyScan): void {
  const s = p.scan
  const { frames } = p
  if (topFrame(frames)?.kind === FrameKind.Field) {
    s.pos++
    const text = innermostText(frames)!
    frames.push({ ...text, formatSpec: true })
    return
  }
  if (s.src.charCodeAt(s.pos + 1) === EQUALS) {
    const walrus = s.table.operators.get(':=')
    if (walrus !== undefined && s.direction === 'reverse') emitEntry(s, s.pos, s.pos + 2, walrus)
    s.pos += 2
    noteToken(p, LineToken.Other)
    return
  }
  s.pos++
  noteToken(p, LineToken.Colon)
}

/** `!r`, `!s`, `!a` after a replacement field's expression. */
function skipConversion(p: PyScan): void {
  const s = p.scan
  s.pos = asciiWordEnd(s.src, s.length, s.pos + 1, s.idPart)
}

/**
 * A string literal from its prefix at `start`, quote at `q`. Plain strings are skipped whole;
 * an f-string pushes a text frame and the main loop walks its text and fields.
 */
function scanString(p: PyScan, start: number, q: number, formatted: boolean, raw: boolean): void {
  const s = p.scan
  const { src } = s
  const quote = src.charCodeAt(q)
  const triple = src.charCodeAt(q + 1) === quote && src.charCodeAt(q + 2) === quote
  noteToken(p, LineToken.Literal)
  if (formatted) {
    s.pos = q + (triple ? 3 : 1)
    p.frames.push({ kind: FrameKind.Text, quote, triple, raw, formatSpec: false, prefixAt: start })
    return
  }
  s.pos = triple ? skipTriple(s, start, q, quote) : oneLineStringEnd(s, start, q)
  const delimiter = triple ? 3 : 1
  markText(s, q + delimiter, s.pos - delimiter)
}

/** A backslash or the closing quotes: what a triple-quoted string's body is searched for, natively. */
const TRIPLE_DOUBLE_STOP = /\\|"""/g
const TRIPLE_SINGLE_STOP = /\\|'''/g

function skipTriple(s: Scan, start: number, q: number, quote: number): number {
  const stop = quote === DOUBLE_QUOTE ? TRIPLE_DOUBLE_STOP : TRIPLE_SINGLE_STOP
  stop.lastIndex = q + 3
  while (stop.test(s.src)) {
    // After a backslash, skip the char it escapes; after the closing quotes, the string is done.
    if (s.src.charCodeAt(stop.lastIndex - 1) !== BACKSLASH) return stop.lastIndex
    stop.lastIndex++
  }
  fail(s, start, 'UNTERMINATED_STRING', 'unterminated triple-quoted string literal')
}

/** Walks f-string text (or a format spec) up to a field, the closing quote, or the spec's end. */
function scanFStringText(p: PyScan, top: TextFrame): void {
  const s = p.scan
  const { frames } = p
  const { src, length } = s
  const { quote, triple, formatSpec } = top
  const from = s.pos
  let j = s.pos
  let textEnd = length
  while (j < length) {
    textEnd = j
    const c = src.charCodeAt(j)
    if (c === BACKSLASH) {
      j = skipFStringEscape(src, j, top.raw)
    } else if (c === quote) {
      if (formatSpec) {
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
    } else if (c === OPEN_BRACE) {
      if (!formatSpec && src.charCodeAt(j + 1) === OPEN_BRACE) j += 2
      else {
        j++
        frames.push(FIELD_FRAME)
        break
      }
    } else if (c === CLOSE_BRACE) {
      if (formatSpec) {
        j++
        frames.pop()
        frames.pop()
        break
      }
      j += src.charCodeAt(j + 1) === CLOSE_BRACE ? 2 : 1
    } else if ((c === LINE_FEED || c === CARRIAGE_RETURN) && !triple) {
      fail(s, top.prefixAt, 'UNTERMINATED_FSTRING', 'unterminated f-string: the line ends before its closing quote')
    } else j++
  }
  markText(s, from, Math.min(textEnd, length))
  s.pos = j
  if (j >= length) s.pos = length
}

/** `\{` leaves the brace to start a field; `\N{NAME}` is one escape in a non-raw string. */
function skipFStringEscape(src: string, j: number, raw: boolean): number {
  const next = src.charCodeAt(j + 1)
  if (next === OPEN_BRACE || next === CLOSE_BRACE) return j + 1
  if (!raw && next === UPPER_N && src.charCodeAt(j + 2) === OPEN_BRACE) {
    const close = src.indexOf('}', j + 3)
    return close < 0 ? src.length : close + 1
  }
  if (next === CARRIAGE_RETURN && src.charCodeAt(j + 2) === LINE_FEED) return j + 3
  return j + 2
}
