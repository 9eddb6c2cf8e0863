import {
  emitEntry, fail, glyphAt, isAsciiIdPart, isAsciiIdStart, isDigit, markText, scanWordEnd,
  symbolInSource, type Scan,
} from './_scan'
import { scanJsxChildren, scanJsxTag, startsJsx } from './_jsx'
import {
  B_BLOCK, B_JSX_ATTR, B_JSX_CHILD, B_OBJECT, B_TEMPLATE, CODE, JSX_CHILDREN, JSX_TAG, P_ARROW,
  P_CLOSE, P_DOT, P_LITERAL, P_OP, P_PROP, P_STAR, P_START, P_STMT, P_WORD, TEMPLATE, setPrev,
  type TsScan,
} from './_ts-state'
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
/** Per first char, a bit per length of the context words starting with it: a cheap first test. */
const CONTEXT_SHAPES = (() => {
  const shapes = new Uint16Array(128)
  for (const w of CONTEXT_LIST) shapes[w.charCodeAt(0)]! |= 1 << w.length
  return shapes
})()

/** The context word at `src[start, end)`, or '' for any other name. */
function contextWord(src: string, start: number, end: number): string {
  const first = src.charCodeAt(start)
  if (first >= 128 || end - start > 15 || (CONTEXT_SHAPES[first]! & (1 << (end - start))) === 0) return ''
  return findWord(CONTEXT_WORDS, src, start, end) ?? ''
}

export function scanTypescript(s: Scan, jsx: boolean, onSpecifier?: SpecifierHook): void {
  const t: TsScan = {
    s, jsx, mode: CODE, braces: [], parens: [], elements: [], templates: [],
    prev: P_START, prevWord: '', exprAllowed: true, onSpecifier,
  }
  skipHashbang(s)
  while (s.i < s.n) {
    if (t.mode === CODE) walkCode(t)
    else if (t.mode === TEMPLATE) scanTemplateText(t)
    else if (t.mode === JSX_TAG) scanJsxTag(t)
    else scanJsxChildren(t)
  }
  const template = t.templates[t.templates.length - 1]
  if (template !== undefined) fail(s, template, 'UNTERMINATED_TEMPLATE', 'unterminated template literal: its closing backtick is missing')
}

function skipHashbang(s: Scan): void {
  const bom = s.src.charCodeAt(0) === 0xfeff ? 1 : 0
  if (s.src.charCodeAt(bom) !== 35 || s.src.charCodeAt(bom + 1) !== 33) return
  s.i = lineEnd(s, bom)
  markText(s, bom, s.i)
}

function lineEnd(s: Scan, from: number): number {
  const { src, n } = s
  let j = from
  while (j < n) {
    const c = src.charCodeAt(j)
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) break
    j++
  }
  return j
}

/** Char classes of `walkCode`; `C_STOP` chars go to `scanCodeToken`. */
const C_OTHER = 0
const C_SPACE = 1
const C_WORD = 2
const C_DIGIT = 3
const C_DOT = 4
const C_STOP = 5
const C_OPEN_PAREN = 6
const C_CLOSE_PAREN = 7
const C_CLOSE_BRACKET = 8
const C_SEMICOLON = 9
const C_EQUALS = 10
const C_BANG = 11
const C_AND_OR = 12
const C_PLUS_MINUS = 13
const C_STAR = 14
const C_QUESTION = 15
const C_LESS = 16
const C_NON_ASCII = 17

/** 1 for the ASCII chars a JavaScript name may hold. */
const NAME_PART = (() => {
  const table = new Uint8Array(128)
  for (let c = 0; c < 128; c++) if (isAsciiIdPart(c) || c === 36) table[c] = 1
  return table
})()

const CHAR_CLASS = (() => {
  const table = new Uint8Array(128)
  const set = (chars: string, k: number) => {
    for (const ch of chars) table[ch.charCodeAt(0)] = k
  }
  for (let c = 0; c < 128; c++) if (isAsciiIdStart(c)) table[c] = C_WORD
  set(' \t\n\r\v\f', C_SPACE)
  set('$', C_WORD)
  set('0123456789', C_DIGIT)
  set('.', C_DOT)
  set('"\'/`{}#', C_STOP)
  set('(', C_OPEN_PAREN)
  set(')', C_CLOSE_PAREN)
  set(']', C_CLOSE_BRACKET)
  set(';', C_SEMICOLON)
  set('=', C_EQUALS)
  set('!', C_BANG)
  set('&|', C_AND_OR)
  set('+-', C_PLUS_MINUS)
  set('*', C_STAR)
  set('?', C_QUESTION)
  set('<', C_LESS)
  return table
})()

/**
 * Code in one tight loop, with the previous-token state in locals: spaces, names, numbers,
 * brackets, glyphs and the operators code → φ never converts. Everything else (strings,
 * comments and regexes, templates, braces, non-ASCII names, names that are symbols or keywords,
 * `===`, logical `!`, `&&`, `||`, a `<` that may open JSX) goes to `scanCodeToken`.
 */
function walkCode(t: TsScan): void {
  const { s, parens } = t
  const { src, n, table, wordSymbols } = s
  const keywords = s.dir === 'reverse' ? table.keywords : undefined
  let { prev, exprAllowed, prevWord } = t
  let i = s.i
  walk: while (i < n) {
    const c = src.charCodeAt(i)
    const k = c < 128 ? CHAR_CLASS[c]! : C_NON_ASCII
    if (k === C_SPACE) {
      i = spacesEnd(src, n, i + 1)
      continue
    }
    if (k === C_NON_ASCII && isUnicodeSpace(c)) {
      i++
      continue
    }
    let end = i + 1
    let kind = P_OP
    let expr = true
    let word = ''
    switch (k) {
      case C_WORD: {
        end = asciiWordEnd(src, n, end)
        if (src.charCodeAt(end) >= 128) break walk
        if (prev === P_DOT) {
          kind = P_PROP
          expr = false
        } else if ((wordSymbols && findWord(wordSymbols, src, i, end) !== undefined) || (keywords && findWord(keywords, src, i, end) !== undefined)) {
          break walk
        } else {
          word = contextWord(src, i, end)
          kind = P_WORD
          expr = word !== '' && EXPR_AFTER.has(word)
        }
        break
      }
      case C_DIGIT:
        end = numberEnd(src, n, i)
        kind = P_LITERAL
        expr = false
        break
      case C_DOT:
        if (isDigit(src.charCodeAt(end))) {
          end = numberEnd(src, n, i)
          kind = P_LITERAL
          expr = false
        } else if (src.charCodeAt(end) === 46 && src.charCodeAt(end + 1) === 46) end += 2
        else {
          kind = P_DOT
          expr = false
        }
        break
      case C_OPEN_PAREN:
        parens.push(prev === P_WORD && CONTROL.has(prevWord))
        // Remembered only so the specifier hook can tell `import(`/`require(` from other calls.
        if (prev === P_WORD && (prevWord === 'import' || prevWord === 'require')) word = prevWord + '('
        break
      case C_CLOSE_PAREN:
        expr = parens.pop() ?? false
        kind = expr ? P_STMT : P_CLOSE
        break
      case C_CLOSE_BRACKET:
        kind = P_CLOSE
        expr = false
        break
      case C_SEMICOLON:
        kind = P_STMT
        break
      case C_EQUALS: {
        const c1 = src.charCodeAt(end)
        if (c1 === 62) {
          end++
          kind = P_ARROW
        } else if (c1 === 61) {
          if (src.charCodeAt(end + 1) === 61) break walk
          end++
        }
        break
      }
      case C_BANG:
        if (src.charCodeAt(end) === 61) end += src.charCodeAt(end + 1) === 61 ? 2 : 1
        else if (exprAllowed) break walk
        else {
          // After an operand, `!` is TS's non-null assertion.
          kind = P_CLOSE
          expr = false
        }
        break
      case C_AND_OR:
        if (src.charCodeAt(end) === c) {
          if (src.charCodeAt(end + 1) !== 61) break walk
          end += 2
        }
        break
      case C_PLUS_MINUS:
        if (src.charCodeAt(end) === c) {
          end++
          kind = prev
          expr = exprAllowed
        }
        break
      case C_STAR:
        if (src.charCodeAt(end) === 42) end++
        kind = P_STAR
        break
      case C_QUESTION:
        if (src.charCodeAt(end) === 46 && !isDigit(src.charCodeAt(end + 1))) {
          end++
          kind = P_DOT
          expr = false
        }
        break
      case C_LESS:
        if (t.jsx && exprAllowed) break walk
        break
      case C_NON_ASCII: {
        const entry = glyphAt(s, i)
        if (entry === undefined) break walk
        // A glyph sets the whole state, so none needs writing back first.
        s.i = i
        scanGlyph(t, entry)
        i = s.i
        ;({ prev, exprAllowed, prevWord } = t)
        continue
      }
      case C_STOP:
        break walk
    }
    i = end
    prev = kind
    exprAllowed = expr
    prevWord = word
  }
  s.i = i
  setPrev(t, prev, exprAllowed, prevWord)
  if (i < n) scanCodeToken(t)
}

/** The tokens `walkCode` leaves (see there). */
function scanCodeToken(t: TsScan): void {
  const { s } = t
  const c = s.src.charCodeAt(s.i)
  if (isAsciiIdStart(c) || c === 36 || c >= 128) scanWord(t, s.i)
  else if (c === 34 || c === 39) scanString(t, c)
  else if (c === 47) scanSlash(t)
  else if (c === 96) startTemplate(t, s.i + 1)
  else if (c === 35) scanPrivateName(t)
  else if (c === 123) openBrace(t)
  else if (c === 125) closeBrace(t)
  else if (c === 60) scanLess(t)
  else convertibleOperator(t, s.i, c === 61 ? '===' : c === 33 ? '!' : c === 38 ? '&&' : '||')
}

function asciiWordEnd(src: string, n: number, from: number): number {
  let j = from
  while (j < n) {
    const c = src.charCodeAt(j)
    if (c < 128 && NAME_PART[c] === 1) j++
    else break
  }
  return j
}

function spacesEnd(src: string, n: number, from: number): number {
  let j = from
  while (j < n) {
    const c = src.charCodeAt(j)
    if (c < 128 && CHAR_CLASS[c] === C_SPACE) j++
    else break
  }
  return j
}

const isUnicodeSpace = (c: number): boolean =>
  c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200a) || c === 0x3000

function scanGlyph(t: TsScan, entry: SymbolEntry): void {
  const { s } = t
  if (s.dir === 'reverse') symbolInSource(s, s.i, entry)
  const start = s.i
  s.i += entry.symbol.length
  emitEntry(s, start, s.i, entry)
  afterEntry(t, entry)
}

/** Leaves the state as if the entry's keyword text had been scanned. */
function afterEntry(t: TsScan, entry: SymbolEntry): void {
  if (entry.lastWord) setPrev(t, P_WORD, EXPR_AFTER.has(entry.lastWord), entry.lastWord)
  else setPrev(t, P_OP, true)
}

function scanPrivateName(t: TsScan): void {
  const { s } = t
  s.i = scanWordEnd(s, s.i + 1)
  setPrev(t, P_PROP, false)
}

function scanWord(t: TsScan, start: number): void {
  const { s } = t
  const end = scanWordEnd(s, start)
  s.i = end
  if (t.prev === P_DOT) return setPrev(t, P_PROP, false)
  const spelled = findWord(s.table.words, s.src, start, end)
  if (spelled !== undefined) {
    if (s.dir === 'reverse') symbolInSource(s, start, spelled)
    emitEntry(s, start, end, spelled)
    return afterEntry(t, spelled)
  }
  if (s.dir === 'reverse' && reverseKeyword(t, start, end)) return
  const word = contextWord(s.src, start, end)
  setPrev(t, P_WORD, EXPR_AFTER.has(word), word)
}

function reverseKeyword(t: TsScan, start: number, end: number): boolean {
  const { s } = t
  const candidates = findWord(s.table.keywords, s.src, start, end)
  if (candidates === undefined) return false
  for (const entry of candidates) {
    const kwEnd = start + entry.keyword.length
    if (kwEnd !== end) {
      if (!s.src.startsWith(entry.keyword, start)) continue
      const after = s.src.charCodeAt(kwEnd)
      if (isAsciiIdPart(after) || after === 36 || after >= 128) continue
    }
    if (!keywordInContext(t, entry.keyword, kwEnd)) return false
    emitEntry(s, start, kwEnd, entry)
    s.i = kwEnd
    afterEntry(t, entry)
    return true
  }
  return false
}

/** Contextual keywords are converted only where they act as keywords. */
function keywordInContext(t: TsScan, keyword: string, end: number): boolean {
  if (keyword === 'from') {
    const q = t.s.src.charCodeAt(nextNonSpace(t.s, end))
    return q === 34 || q === 39
  }
  if (keyword === 'as') {
    const endsValue = t.prev === P_WORD || t.prev === P_PROP || t.prev === P_LITERAL || t.prev === P_CLOSE || t.prev === P_STAR
    return endsValue && !DECLARES.has(t.prevWord) && !'.=,);:]}?'.includes(t.s.src[nextNonSpace(t.s, end)] ?? ';')
  }
  if (keyword === 'async') return startsAsyncTarget(t.s, end)
  return true
}

function nextNonSpace(s: Scan, from: number): number {
  let j = from
  while (j < s.n) {
    const c = s.src.charCodeAt(j)
    if (c !== 32 && c !== 9) return j
    j++
  }
  return -1
}

/** `async function`, `async x =>`, `async method()`, `async *gen()`, `async (a) =>`. */
function startsAsyncTarget(s: Scan, end: number): boolean {
  const j = nextNonSpace(s, end)
  if (j < 0) return false
  const c = s.src.charCodeAt(j)
  if (isAsciiIdStart(c) || c === 36 || c === 42 || c === 91 || c >= 128) return true
  if (c !== 40) return false
  let depth = 0
  for (let k = j; k < s.n && k < j + 4096; k++) {
    const d = s.src.charCodeAt(k)
    if (d === 40) depth++
    else if (d === 41 && --depth === 0) {
      const arrow = nextNonSpace(s, k + 1)
      return arrow >= 0 && s.src.startsWith('=>', arrow)
    }
  }
  return false
}

function numberEnd(src: string, n: number, start: number): number {
  let j = start
  const hex = src.charCodeAt(j) === 48 && (src.charCodeAt(j + 1) | 32) === 120
  let dot = false
  while (j < n) {
    const c = src.charCodeAt(j)
    if (isAsciiIdPart(c)) j++
    else if (c === 46 && !dot && !hex) {
      dot = true
      j++
    } else if ((c === 43 || c === 45) && !hex && (src.charCodeAt(j - 1) | 32) === 101) j++
    else break
  }
  return j
}

function scanString(t: TsScan, quote: number): void {
  const { s } = t
  const { src, n } = s
  const start = s.i
  let j = start + 1
  while (j < n) {
    const c = src.charCodeAt(j)
    if (c === quote) {
      s.i = j + 1
      markText(s, start + 1, j)
      if (t.onSpecifier !== undefined) reportSpecifier(t, t.onSpecifier, start + 1, j)
      return setPrev(t, P_LITERAL, false)
    }
    if (c === 92) j += src.charCodeAt(j + 1) === 13 && src.charCodeAt(j + 2) === 10 ? 3 : 2
    else if (c === 10 || c === 13) break
    else j++
  }
  fail(s, start, 'UNTERMINATED_STRING', 'unterminated string literal: the line ends before its closing quote')
}

/** `from '…'`, `import '…'`, `import('…'`, `require('…'`: the string names a module. */
function reportSpecifier(t: TsScan, hook: SpecifierHook, start: number, end: number): void {
  const word = t.prevWord
  if (t.prev === P_WORD && (word === 'from' || word === 'import')) hook(start, end, 'static')
  else if (t.prev === P_OP && word === 'import(') hook(start, end, 'dynamic')
  else if (t.prev === P_OP && word === 'require(') hook(start, end, 'require')
}

function scanSlash(t: TsScan): void {
  const { s } = t
  const next = s.src.charCodeAt(s.i + 1)
  const start = s.i
  if (next === 47) {
    s.i = lineEnd(s, s.i + 2)
    markText(s, start, s.i)
  } else if (next === 42) {
    const close = s.src.indexOf('*/', s.i + 2)
    if (close < 0) fail(s, s.i, 'UNTERMINATED_COMMENT', 'unterminated block comment: `*/` is missing')
    s.i = close + 2
    markText(s, start, s.i)
  } else if (t.exprAllowed && scanRegex(t)) {
    markText(s, start + 1, s.src.lastIndexOf('/', s.i - 1))
    setPrev(t, P_LITERAL, false)
  }
  else {
    s.i += next === 61 ? 2 : 1
    setPrev(t, P_OP, true)
  }
}

/** A regular expression literal; false (nothing consumed) when the line ends first: then it was a division. */
function scanRegex(t: TsScan): boolean {
  const { s } = t
  const { src, n } = s
  let j = s.i + 1
  let inClass = false
  while (j < n) {
    const c = src.charCodeAt(j)
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return false
    if (c === 92) j += 2
    else {
      if (c === 91) inClass = true
      else if (c === 93) inClass = false
      else if (c === 47 && !inClass) break
      j++
    }
  }
  if (j >= n) return false
  j++
  while (j < n && isAsciiIdPart(src.charCodeAt(j))) j++
  s.i = j
  return true
}

function startTemplate(t: TsScan, textStart: number): void {
  t.templates.push(textStart - 1)
  t.s.i = textStart
  t.mode = TEMPLATE
}

function scanTemplateText(t: TsScan): void {
  const { s } = t
  const { src, n } = s
  let j = s.i
  while (j < n) {
    const c = src.charCodeAt(j)
    if (c === 92) j += 2
    else if (c === 96) {
      markText(s, s.i, j)
      s.i = j + 1
      t.templates.pop()
      t.mode = CODE
      return setPrev(t, P_LITERAL, false)
    } else if (c === 36 && src.charCodeAt(j + 1) === 123) {
      markText(s, s.i, j)
      s.i = j + 2
      t.braces.push(B_TEMPLATE)
      t.mode = CODE
      return setPrev(t, P_OP, true)
    } else j++
  }
  markText(s, s.i, n)
  s.i = n
}

/** A `<` where an operand may start: a JSX element, or else a comparison or a generic. */
function scanLess(t: TsScan): void {
  const { s } = t
  if (startsJsx(s, s.i)) {
    s.i++
    t.elements.push(CODE)
    t.mode = JSX_TAG
  } else operatorEnd(t, s.i + 1, P_OP)
}

function openBrace(t: TsScan): void {
  const { s } = t
  s.i++
  const object = t.exprAllowed && t.prev !== P_ARROW && t.prev !== P_STMT && t.prev !== P_START &&
    !(t.prev === P_WORD && BLOCK_AFTER.has(t.prevWord))
  t.braces.push(object ? B_OBJECT : B_BLOCK)
  setPrev(t, object ? P_OP : P_STMT, true)
}

function closeBrace(t: TsScan): void {
  const { s } = t
  s.i++
  const kind = t.braces.pop()
  if (kind === B_TEMPLATE) t.mode = TEMPLATE
  else if (kind === B_JSX_CHILD) t.mode = JSX_CHILDREN
  else if (kind === B_JSX_ATTR) t.mode = JSX_TAG
  else if (kind === B_OBJECT) setPrev(t, P_CLOSE, false)
  else setPrev(t, P_STMT, true)
}

function operatorEnd(t: TsScan, end: number, prev: number, exprAllowed = true, word = ''): void {
  t.s.i = end
  setPrev(t, prev, exprAllowed, word)
}

function convertibleOperator(t: TsScan, start: number, op: string): void {
  const { s } = t
  const end = start + op.length
  const entry = s.table.operators.get(op)
  if (entry !== undefined && s.dir === 'reverse') emitEntry(s, start, end, entry)
  operatorEnd(t, end, P_OP)
}
