/**
 * The typescript dialect's scanner (JavaScript, TypeScript, JSX): see `_scan.ts` for how both
 * scanners work, the fast-path rule, and how to add an operator.
 */
import {
  AMPERSAND, BACKSLASH, BACKTICK, BANG, BYTE_ORDER_MARK, CARRIAGE_RETURN, CLOSE_BRACE, DOLLAR, DOT,
  DOUBLE_QUOTE, EN_QUAD, EQUALS, FIRST_NON_ASCII, GREATER_THAN, HAIR_SPACE, HASH, IDEOGRAPHIC_SPACE,
  LESS_THAN, LINE_FEED, LINE_SEPARATOR, NO_BREAK_SPACE, OPEN_BRACE, OPEN_BRACKET, OPEN_PAREN,
  PARAGRAPH_SEPARATOR, SINGLE_QUOTE, SLASH, SPACE, STAR, TAB, CLOSE_BRACKET, CLOSE_PAREN,
} from './_chars'
import {
  asciiWordEnd, charClassTable, convertGlyph, convertWordSymbol, emitEntry, fail, glyphAt, isAsciiIdStart,
  isAsciiIdPart, isDigit, keywordAt, markText, numberEnd, oneLineStringEnd, scanWordEnd, type Scan,
} from './_scan'
import { scanJsxChildren, scanJsxTag, startsJsx } from './_jsx'
import { BraceKind, Mode, PrevToken, setPrev, type TsScan } from './_ts-state'
import { createWordIndex, findWord } from './_words'
import type { SpecifierHook } from './specifiers'
import type { SymbolEntry } from './types'

/** After these words an expression starts, so `/` opens a regular expression. */
const EXPR_AFTER = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do',
  'else', 'yield', 'await', 'extends', 'default',
])
const BLOCK_AFTER = new Set(['else', 'do', 'try', 'finally'])
const CONTROL = new Set(['if', 'while', 'for', 'with'])
const DECLARES = new Set(['const', 'let', 'var', 'function', 'class'])
/** Words a module specifier string follows, for the optional specifier hook. */
const MODULE_WORDS = ['from', 'import', 'require']
const CONTEXT_LIST = [...EXPR_AFTER, ...BLOCK_AFTER, ...CONTROL, ...DECLARES, ...MODULE_WORDS]
/** The words the rules above look at, so other identifiers are never sliced out of the source. */
const CONTEXT_WORDS = createWordIndex<string>(CONTEXT_LIST.map((w) => [w, w]))
/**
 * Per first char, a bit per length of the context words starting with it: a cheap first test.
 * 16 bits, so lengths up to 15 (the longest context word, `instanceof`, has 10).
 */
const CONTEXT_SHAPES = (() => {
  const shapes = new Uint16Array(FIRST_NON_ASCII)
  for (const w of CONTEXT_LIST) shapes[w.charCodeAt(0)]! |= 1 << w.length
  return shapes
})()

/** The context word at `src[start, end)`, or '' for any other name. */
function contextWord(src: string, start: number, end: number): string {
  const first = src.charCodeAt(start)
  if (first >= FIRST_NON_ASCII || end - start > 15 || (CONTEXT_SHAPES[first]! & (1 << (end - start))) === 0) return ''
  return findWord(CONTEXT_WORDS, src, start, end) ?? ''
}

export function scanTypescript(s: Scan, jsx: boolean, onSpecifier?: SpecifierHook): void {
  const t: TsScan = {
    scan: s, jsx, mode: Mode.Code, braces: [], conditionParens: [], elements: [], templateStarts: [],
    prevToken: PrevToken.Start, prevWord: '', exprAllowed: true, onSpecifier,
  }
  skipHashbang(s)
  while (s.pos < s.length) {
    if (t.mode === Mode.Code) walkCode(t)
    else if (t.mode === Mode.Template) scanTemplateText(t)
    else if (t.mode === Mode.JsxTag) scanJsxTag(t)
    else scanJsxChildren(t)
  }
  const template = t.templateStarts[t.templateStarts.length - 1]
  if (template !== undefined) fail(s, template, 'UNTERMINATED_TEMPLATE', 'unterminated template literal: its closing backtick is missing')
}

function skipHashbang(s: Scan): void {
  const bom = s.src.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0
  if (s.src.charCodeAt(bom) !== HASH || s.src.charCodeAt(bom + 1) !== BANG) return
  s.pos = lineEnd(s, bom)
  markText(s, bom, s.pos)
}

function lineEnd(s: Scan, from: number): number {
  const { src, length } = s
  let j = from
  while (j < length) {
    const c = src.charCodeAt(j)
    if (c === LINE_FEED || c === CARRIAGE_RETURN || c === LINE_SEPARATOR || c === PARAGRAPH_SEPARATOR) break
    j++
  }
  return j
}

/**
 * Char classes of `walkCode`, one per ASCII char in `CHAR_CLASS`. `Stop` chars go to
 * `scanCodeToken`; `Other` is every ASCII char the table does not name: an operator that no
 * symbol stands for and that changes nothing but the previous token; it stays first, as 0 is what
 * `charClassTable` leaves in unnamed slots. `NonAscii` is never in the table: `walkCode` gives it
 * to every char from `FIRST_NON_ASCII` up.
 */
enum CharClass {
  Other, Space, Word, Digit, Dot, Stop,
  OpenParen, CloseParen, CloseBracket, Semicolon,
  Equals, Bang, AndOr, PlusMinus, Star, Question, Less,
  NonAscii,
}

const CHAR_CLASS = charClassTable(CharClass.Word, [
  [' \t\n\r\v\f', CharClass.Space], ['$', CharClass.Word], ['0123456789', CharClass.Digit], ['.', CharClass.Dot],
  ['"\'/`{}#', CharClass.Stop], ['(', CharClass.OpenParen], [')', CharClass.CloseParen], [']', CharClass.CloseBracket],
  [';', CharClass.Semicolon], ['=', CharClass.Equals], ['!', CharClass.Bang], ['&|', CharClass.AndOr],
  ['+-', CharClass.PlusMinus], ['*', CharClass.Star], ['?', CharClass.Question], ['<', CharClass.Less],
])

/**
 * Code in one tight loop, with the previous-token state in locals: spaces, names, numbers,
 * brackets, glyphs and the operators code → φ never converts. Everything else (strings,
 * comments and regexes, templates, braces, non-ASCII names, names that are symbols or keywords,
 * `===`, logical `!`, `&&`, `||`, a `<` that may open JSX) goes to `scanCodeToken`.
 */
function walkCode(t: TsScan): void {
  const s = t.scan
  const parens = t.conditionParens
  const { src, length, table, wordSymbols, idPart } = s
  const keywords = s.direction === 'reverse' ? table.keywords : undefined
  // The previous-token state lives in locals here, written back to `t` on the way out.
  let { prevToken: prev, exprAllowed, prevWord } = t
  let i = s.pos
  walk: while (i < length) {
    const c = src.charCodeAt(i)
    const k = c < FIRST_NON_ASCII ? (CHAR_CLASS[c] as CharClass) : CharClass.NonAscii
    if (k === CharClass.Space) {
      i = spacesEnd(src, length, i + 1)
      continue
    }
    if (k === CharClass.NonAscii && isUnicodeSpace(c)) {
      i++
      continue
    }
    let end = i + 1
    let kind: PrevToken = PrevToken.Operator
    let expr = true
    let word = ''
    switch (k) {
      case CharClass.Word: {
        end = asciiWordEnd(src, length, end, idPart)
        if (src.charCodeAt(end) >= FIRST_NON_ASCII) break walk
        if (prev === PrevToken.Dot) {
          kind = PrevToken.Property
          expr = false
        } else if ((wordSymbols && findWord(wordSymbols, src, i, end) !== undefined) || (keywords && findWord(keywords, src, i, end) !== undefined)) {
          break walk
        } else {
          word = contextWord(src, i, end)
          kind = PrevToken.Word
          expr = word !== '' && EXPR_AFTER.has(word)
        }
        break
      }
      case CharClass.Digit:
        end = numberEnd(src, length, i)
        kind = PrevToken.Literal
        expr = false
        break
      case CharClass.Dot:
        if (isDigit(src.charCodeAt(end))) {
          end = numberEnd(src, length, i)
          kind = PrevToken.Literal
          expr = false
        } else if (src.charCodeAt(end) === DOT && src.charCodeAt(end + 1) === DOT) end += 2
        else {
          kind = PrevToken.Dot
          expr = false
        }
        break
      case CharClass.OpenParen:
        parens.push(prev === PrevToken.Word && CONTROL.has(prevWord))
        // Remembered only so the specifier hook can tell `import(`/`require(` from other calls.
        if (prev === PrevToken.Word && (prevWord === 'import' || prevWord === 'require')) word = prevWord + '('
        break
      case CharClass.CloseParen:
        expr = parens.pop() ?? false
        kind = expr ? PrevToken.StatementEnd : PrevToken.Close
        break
      case CharClass.CloseBracket:
        kind = PrevToken.Close
        expr = false
        break
      case CharClass.Semicolon:
        kind = PrevToken.StatementEnd
        break
      case CharClass.Equals: {
        const c1 = src.charCodeAt(end)
        if (c1 === GREATER_THAN) {
          end++
          kind = PrevToken.Arrow
        } else if (c1 === EQUALS) {
          if (src.charCodeAt(end + 1) === EQUALS) break walk
          end++
        }
        break
      }
      case CharClass.Bang:
        if (src.charCodeAt(end) === EQUALS) end += src.charCodeAt(end + 1) === EQUALS ? 2 : 1
        else if (exprAllowed) break walk
        else {
          // After an operand, `!` is TS's non-null assertion.
          kind = PrevToken.Close
          expr = false
        }
        break
      case CharClass.AndOr:
        if (src.charCodeAt(end) === c) {
          if (src.charCodeAt(end + 1) !== EQUALS) break walk
          end += 2
        }
        break
      case CharClass.PlusMinus:
        if (src.charCodeAt(end) === c) {
          end++
          kind = prev
          expr = exprAllowed
        }
        break
      case CharClass.Star:
        if (src.charCodeAt(end) === STAR) end++
        kind = PrevToken.Star
        break
      case CharClass.Question:
        if (src.charCodeAt(end) === DOT && !isDigit(src.charCodeAt(end + 1))) {
          end++
          kind = PrevToken.Dot
          expr = false
        }
        break
      case CharClass.Less:
        if (t.jsx && exprAllowed) break walk
        break
      case CharClass.NonAscii: {
        const entry = glyphAt(s, i)
        if (entry === undefined) break walk
        // A glyph sets the whole state, so none needs writing back first.
        s.pos = i
        scanGlyph(t, entry)
        i = s.pos
        ;({ prevToken: prev, exprAllowed, prevWord } = t)
        continue
      }
      case CharClass.Stop:
        break walk
    }
    i = end
    prev = kind
    exprAllowed = expr
    prevWord = word
  }
  s.pos = i
  setPrev(t, prev, exprAllowed, prevWord)
  if (i < length) scanCodeToken(t)
}

/** The tokens `walkCode` leaves (see there). */
function scanCodeToken(t: TsScan): void {
  const s = t.scan
  const c = s.src.charCodeAt(s.pos)
  if (isAsciiIdStart(c) || c === DOLLAR || c >= FIRST_NON_ASCII) scanWord(t, s.pos)
  else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) scanString(t)
  else if (c === SLASH) scanSlash(t)
  else if (c === BACKTICK) startTemplate(t, s.pos + 1)
  else if (c === HASH) scanPrivateName(t)
  else if (c === OPEN_BRACE) openBrace(t)
  else if (c === CLOSE_BRACE) closeBrace(t)
  else if (c === LESS_THAN) scanLess(t)
  else convertibleOperator(t, s.pos, c === EQUALS ? '===' : c === BANG ? '!' : c === AMPERSAND ? '&&' : '||')
}

function spacesEnd(src: string, length: number, from: number): number {
  let j = from
  while (j < length) {
    const c = src.charCodeAt(j)
    if (c < FIRST_NON_ASCII && CHAR_CLASS[c] === CharClass.Space) j++
    else break
  }
  return j
}

const isUnicodeSpace = (c: number): boolean =>
  c === NO_BREAK_SPACE || c === BYTE_ORDER_MARK || c === LINE_SEPARATOR || c === PARAGRAPH_SEPARATOR || (c >= EN_QUAD && c <= HAIR_SPACE) || c === IDEOGRAPHIC_SPACE

function scanGlyph(t: TsScan, entry: SymbolEntry): void {
  convertGlyph(t.scan, t.scan.pos, entry)
  afterEntry(t, entry)
}

/** Leaves the state as if the entry's keyword text had been scanned. */
function afterEntry(t: TsScan, entry: SymbolEntry): void {
  if (entry.lastWord) setPrev(t, PrevToken.Word, EXPR_AFTER.has(entry.lastWord), entry.lastWord)
  else setPrev(t, PrevToken.Operator, true)
}

function scanPrivateName(t: TsScan): void {
  const s = t.scan
  s.pos = scanWordEnd(s, s.pos + 1)
  setPrev(t, PrevToken.Property, false)
}

function scanWord(t: TsScan, start: number): void {
  const s = t.scan
  const end = scanWordEnd(s, start)
  s.pos = end
  if (t.prevToken === PrevToken.Dot) return setPrev(t, PrevToken.Property, false)
  const spelled = findWord(s.table.words, s.src, start, end)
  if (spelled !== undefined) {
    convertWordSymbol(s, start, end, spelled)
    return afterEntry(t, spelled)
  }
  if (s.direction === 'reverse' && reverseKeyword(t, start, end)) return
  const word = contextWord(s.src, start, end)
  setPrev(t, PrevToken.Word, EXPR_AFTER.has(word), word)
}

/** Code → φ: the name at `src[start, end)` becomes its symbol where it is the keyword. */
function reverseKeyword(t: TsScan, start: number, end: number): boolean {
  const s = t.scan
  const entry = keywordAt(s, start, end)
  if (entry === undefined) return false
  const keywordEnd = start + entry.keyword.length
  if (!keywordInContext(t, entry.keyword, keywordEnd)) return false
  emitEntry(s, start, keywordEnd, entry)
  s.pos = keywordEnd
  afterEntry(t, entry)
  return true
}

/** Contextual keywords are converted only where they act as keywords. */
function keywordInContext(t: TsScan, keyword: string, end: number): boolean {
  if (keyword === 'from') {
    const q = t.scan.src.charCodeAt(nextNonSpace(t.scan, end))
    return q === DOUBLE_QUOTE || q === SINGLE_QUOTE
  }
  if (keyword === 'as') {
    const endsValue = t.prevToken === PrevToken.Word || t.prevToken === PrevToken.Property || t.prevToken === PrevToken.Literal || t.prevToken === PrevToken.Close || t.prevToken === PrevToken.Star
    return endsValue && !DECLARES.has(t.prevWord) && !'.=,);:]}?'.includes(t.scan.src[nextNonSpace(t.scan, end)] ?? ';')
  }
  if (keyword === 'async') return startsAsyncTarget(t.scan, end)
  return true
}

function nextNonSpace(s: Scan, from: number): number {
  let j = from
  while (j < s.length) {
    const c = s.src.charCodeAt(j)
    if (c !== SPACE && c !== TAB) return j
    j++
  }
  return -1
}

/** `async function`, `async x =>`, `async method()`, `async *gen()`, `async (a) =>`. */
function startsAsyncTarget(s: Scan, end: number): boolean {
  const j = nextNonSpace(s, end)
  if (j < 0) return false
  const c = s.src.charCodeAt(j)
  if (isAsciiIdStart(c) || c === DOLLAR || c === STAR || c === OPEN_BRACKET || c >= FIRST_NON_ASCII) return true
  if (c !== OPEN_PAREN) return false
  let depth = 0
  for (let k = j; k < s.length && k < j + 4096; k++) {
    const d = s.src.charCodeAt(k)
    if (d === OPEN_PAREN) depth++
    else if (d === CLOSE_PAREN && --depth === 0) {
      const arrow = nextNonSpace(s, k + 1)
      return arrow >= 0 && s.src.startsWith('=>', arrow)
    }
  }
  return false
}

function scanString(t: TsScan): void {
  const s = t.scan
  const start = s.pos
  s.pos = oneLineStringEnd(s, start, start)
  markText(s, start + 1, s.pos - 1)
  if (t.onSpecifier !== undefined) reportSpecifier(t, t.onSpecifier, start + 1, s.pos - 1)
  setPrev(t, PrevToken.Literal, false)
}

/** `from '…'`, `import '…'`, `import('…'`, `require('…'`: the string names a module. */
function reportSpecifier(t: TsScan, hook: SpecifierHook, start: number, end: number): void {
  const word = t.prevWord
  if (t.prevToken === PrevToken.Word && (word === 'from' || word === 'import')) hook(start, end, 'static')
  else if (t.prevToken === PrevToken.Operator && word === 'import(') hook(start, end, 'dynamic')
  else if (t.prevToken === PrevToken.Operator && word === 'require(') hook(start, end, 'require')
}

function scanSlash(t: TsScan): void {
  const s = t.scan
  const next = s.src.charCodeAt(s.pos + 1)
  const start = s.pos
  if (next === SLASH) {
    s.pos = lineEnd(s, s.pos + 2)
    markText(s, start, s.pos)
  } else if (next === STAR) {
    const close = s.src.indexOf('*/', s.pos + 2)
    if (close < 0) fail(s, s.pos, 'UNTERMINATED_COMMENT', 'unterminated block comment: `*/` is missing')
    s.pos = close + 2
    markText(s, start, s.pos)
  } else if (t.exprAllowed && scanRegex(t)) {
    markText(s, start + 1, s.src.lastIndexOf('/', s.pos - 1))
    setPrev(t, PrevToken.Literal, false)
  }
  else {
    s.pos += next === EQUALS ? 2 : 1
    setPrev(t, PrevToken.Operator, true)
  }
}

/** A regular expression literal; false (nothing consumed) when the line ends first: then it was a division. */
function scanRegex(t: TsScan): boolean {
  const s = t.scan
  const { src, length } = s
  let j = s.pos + 1
  let inClass = false
  while (j < length) {
    const c = src.charCodeAt(j)
    if (c === LINE_FEED || c === CARRIAGE_RETURN || c === LINE_SEPARATOR || c === PARAGRAPH_SEPARATOR) return false
    if (c === BACKSLASH) j += 2
    else {
      if (c === OPEN_BRACKET) inClass = true
      else if (c === CLOSE_BRACKET) inClass = false
      else if (c === SLASH && !inClass) break
      j++
    }
  }
  if (j >= length) return false
  j++
  // The flags.
  while (j < length && isAsciiIdPart(src.charCodeAt(j))) j++
  s.pos = j
  return true
}

function startTemplate(t: TsScan, textStart: number): void {
  t.templateStarts.push(textStart - 1)
  t.scan.pos = textStart
  t.mode = Mode.Template
}

function scanTemplateText(t: TsScan): void {
  const s = t.scan
  const { src, length } = s
  let j = s.pos
  while (j < length) {
    const c = src.charCodeAt(j)
    if (c === BACKSLASH) j += 2
    else if (c === BACKTICK) {
      markText(s, s.pos, j)
      s.pos = j + 1
      t.templateStarts.pop()
      t.mode = Mode.Code
      return setPrev(t, PrevToken.Literal, false)
    } else if (c === DOLLAR && src.charCodeAt(j + 1) === OPEN_BRACE) {
      markText(s, s.pos, j)
      s.pos = j + 2
      t.braces.push(BraceKind.Template)
      t.mode = Mode.Code
      return setPrev(t, PrevToken.Operator, true)
    } else j++
  }
  markText(s, s.pos, length)
  s.pos = length
}

/** A `<` where an operand may start: a JSX element, or else a comparison or a generic. */
function scanLess(t: TsScan): void {
  const s = t.scan
  if (startsJsx(s, s.pos)) {
    s.pos++
    t.elements.push(Mode.Code)
    t.mode = Mode.JsxTag
  } else operatorEnd(t, s.pos + 1, PrevToken.Operator)
}

function openBrace(t: TsScan): void {
  const s = t.scan
  s.pos++
  const object = t.exprAllowed && t.prevToken !== PrevToken.Arrow && t.prevToken !== PrevToken.StatementEnd && t.prevToken !== PrevToken.Start &&
    !(t.prevToken === PrevToken.Word && BLOCK_AFTER.has(t.prevWord))
  t.braces.push(object ? BraceKind.Object : BraceKind.Block)
  setPrev(t, object ? PrevToken.Operator : PrevToken.StatementEnd, true)
}

function closeBrace(t: TsScan): void {
  const s = t.scan
  s.pos++
  const kind = t.braces.pop()
  if (kind === BraceKind.Template) t.mode = Mode.Template
  else if (kind === BraceKind.JsxChild) t.mode = Mode.JsxChildren
  else if (kind === BraceKind.JsxAttribute) t.mode = Mode.JsxTag
  else if (kind === BraceKind.Object) setPrev(t, PrevToken.Close, false)
  else setPrev(t, PrevToken.StatementEnd, true)
}

function operatorEnd(t: TsScan, end: number, prev: PrevToken, exprAllowed = true, word = ''): void {
  t.scan.pos = end
  setPrev(t, prev, exprAllowed, word)
}

function convertibleOperator(t: TsScan, start: number, op: string): void {
  const s = t.scan
  const end = start + op.length
  const entry = s.table.operators.get(op)
  if (entry !== undefined && s.direction === 'reverse') emitEntry(s, start, end, entry)
  operatorEnd(t, end, PrevToken.Operator)
}
