import {
  emitEntry, fail, glyphAt, holdWord, isAsciiIdPart, isAsciiIdStart, isDigit, releaseWord,
  scanWordEnd, symbolInSource, type Scan,
} from './_scan'
import { findWord } from './_words'
import type { SymbolEntry } from './types'

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
  const hasSoft = s.dir === 'reverse' && s.table.entries.some((e) => e.keyword === 'match' || e.keyword === 'case')
  const p: PyScan = {
    s,
    frames: [],
    afterDot: false,
    soft: hasSoft ? { tokens: 0, entry: undefined, secondStartsExpr: false, endsWithColon: false, hasColon: false } : undefined,
  }
  const { src, n } = s
  while (s.i < n) {
    if (p.frames.length !== 0) {
      const top = p.frames[p.frames.length - 1]!
      if (top.k === TEXT) {
        scanFStringText(p, top)
        continue
      }
    }
    const c = src.charCodeAt(s.i)
    if (c === 32 || c === 9 || c === 12) {
      do s.i++
      while (src.charCodeAt(s.i) === 32)
    }
    else if (c === 10 || c === 13) {
      s.i++
      if (p.frames.length === 0) endLogicalLine(p)
    } else if (c === 35) skipComment(s)
    else if (c === 92) skipContinuation(s)
    else if (isAsciiIdStart(c) || c >= 128) scanWordOrPrefixedString(p, c)
    else if (c === 34 || c === 39) scanString(p, s.i, s.i, false, false)
    else if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(s.i + 1)))) scanNumber(p)
    else scanPunctuation(p, c)
  }
  const open = innermostText(p.frames)
  if (open) fail(s, open.start, 'UNTERMINATED_FSTRING', 'unterminated f-string: its closing quote is missing')
  endLogicalLine(p)
}

function innermostText(frames: Frame[]): TextFrame | undefined {
  for (let k = frames.length - 1; k >= 0; k--) {
    const f = frames[k]!
    if (f.k === TEXT) return f
  }
  return undefined
}

function skipComment(s: Scan): void {
  const { src, n } = s
  let j = s.i + 1
  while (j < n) {
    const c = src.charCodeAt(j)
    if (c === 10 || c === 13) break
    j++
  }
  s.i = j
}

/** A backslash joins the next physical line to this logical line. */
function skipContinuation(s: Scan): void {
  const { src } = s
  let j = s.i + 1
  if (src.charCodeAt(j) === 13) j++
  if (src.charCodeAt(j) === 10) j++
  s.i = j
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

function isStringPrefix(word: string): boolean {
  if (word.length > 2) return false
  for (let k = 0; k < word.length; k++) if (!PREFIX_CHARS.includes(word[k]!)) return false
  return true
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
  if ((next === 34 || next === 39) && isStringPrefix(s.src.slice(start, end))) {
    const prefix = s.src.slice(start, end).toLowerCase()
    return scanString(p, start, end, prefix.includes('f') || prefix.includes('t'), prefix.includes('r'))
  }
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

function scanNumber(p: PyScan): void {
  const { s } = p
  const { src, n } = s
  let j = s.i
  const hex = src.charCodeAt(j) === 48 && (src.charCodeAt(j + 1) | 32) === 120
  while (j < n) {
    const c = src.charCodeAt(j)
    if (isAsciiIdPart(c) || c === 46) j++
    else if ((c === 43 || c === 45) && !hex && (src.charCodeAt(j - 1) | 32) === 101) j++
    else break
  }
  s.i = j
  noteToken(p, T_LITERAL)
}

function scanPunctuation(p: PyScan, c: number): void {
  const { s, frames } = p
  const top = frames[frames.length - 1]
  const next = s.src.charCodeAt(s.i + 1)
  if (c === 46) {
    const ellipsis = next === 46 && s.src.charCodeAt(s.i + 2) === 46
    s.i += ellipsis ? 3 : 1
    noteToken(p, T_OTHER)
    p.afterDot = !ellipsis
  } else if (c === 40 || c === 91 || c === 123) {
    s.i++
    noteToken(p, T_OPEN)
    frames.push(PAREN_FRAME)
  } else if (c === 41 || c === 93 || c === 125) {
    s.i++
    if (top?.k === PAREN || (top?.k === FIELD && c === 125)) frames.pop()
    noteToken(p, T_OTHER)
  } else if (c === 58) scanColon(p, top, next)
  else if (c === 33 && top?.k === FIELD && next !== 61) skipConversion(p)
  else {
    s.i++
    noteToken(p, c === 45 || c === 43 || c === 126 || c === 42 ? T_UNARY : T_OTHER)
  }
}

function scanColon(p: PyScan, top: Frame | undefined, next: number): void {
  const { s, frames } = p
  if (top?.k === FIELD) {
    s.i++
    const text = innermostText(frames)!
    frames.push({ ...text, spec: true })
    return
  }
  if (next === 61) {
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

function skipTriple(s: Scan, start: number, q: number, quote: number): number {
  const { src, n } = s
  let j = q + 3
  while (j < n) {
    const c = src.charCodeAt(j)
    if (c === 92) j += 2
    else if (c === quote && src.charCodeAt(j + 1) === quote && src.charCodeAt(j + 2) === quote) return j + 3
    else j++
  }
  fail(s, start, 'UNTERMINATED_STRING', 'unterminated triple-quoted string literal')
}

/** Walks f-string text (or a format spec) up to a field, the closing quote, or the spec's end. */
function scanFStringText(p: PyScan, top: TextFrame): void {
  const { s, frames } = p
  const { src, n } = s
  const { quote, triple, spec } = top
  let j = s.i
  while (j < n) {
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
