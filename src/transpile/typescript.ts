import {
  emitEntry, fail, glyphAt, isAsciiIdPart, isAsciiIdStart, isDigit, scanWordEnd, symbolInSource,
  type Scan,
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
/** The words the rules above look at, so other identifiers are never sliced out of the source. */
const CONTEXT_WORDS = createWordIndex<string>(
  [...EXPR_AFTER, ...BLOCK_AFTER, ...CONTROL, ...DECLARES, ...MODULE_WORDS].map((w) => [w, w]),
)

export function scanTypescript(s: Scan, jsx: boolean, onSpecifier?: SpecifierHook): void {
  const t: TsScan = {
    s, jsx, mode: CODE, braces: [], parens: [], elements: [], templates: [],
    prev: P_START, prevWord: '', exprAllowed: true, onSpecifier,
  }
  skipHashbang(s)
  while (s.i < s.n) {
    if (t.mode === CODE) scanCodeToken(t)
    else if (t.mode === TEMPLATE) scanTemplateText(t)
    else if (t.mode === JSX_TAG) scanJsxTag(t)
    else scanJsxChildren(t)
  }
  const template = t.templates[t.templates.length - 1]
  if (template !== undefined) fail(s, template, 'UNTERMINATED_TEMPLATE', 'unterminated template literal: its closing backtick is missing')
}

function skipHashbang(s: Scan): void {
  const bom = s.src.charCodeAt(0) === 0xfeff ? 1 : 0
  if (s.src.charCodeAt(bom) === 35 && s.src.charCodeAt(bom + 1) === 33) s.i = lineEnd(s, bom)
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

function scanCodeToken(t: TsScan): void {
  const { s } = t
  const c = s.src.charCodeAt(s.i)
  if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12) s.i++
  else if (isAsciiIdStart(c) || c === 36) scanWord(t, s.i)
  else if (c === 34 || c === 39) scanString(t, c)
  else if (c === 47) scanSlash(t)
  else if (c === 96) startTemplate(t, s.i + 1)
  else if (isDigit(c) || (c === 46 && isDigit(s.src.charCodeAt(s.i + 1)))) scanNumber(t)
  else if (c >= 128) scanNonAscii(t, c)
  else if (c === 35) scanPrivateName(t)
  else scanPunctuation(t, c)
}

function scanNonAscii(t: TsScan, c: number): void {
  const { s } = t
  if (c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200a) || c === 0x3000) {
    s.i++
    return
  }
  const entry = glyphAt(s, s.i)
  if (entry === undefined) return scanWord(t, s.i)
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
  const word = findWord(CONTEXT_WORDS, s.src, start, end) ?? ''
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

function scanNumber(t: TsScan): void {
  const { s } = t
  const { src, n } = s
  let j = s.i
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
  s.i = j
  setPrev(t, P_LITERAL, false)
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
  if (next === 47) s.i = lineEnd(s, s.i + 2)
  else if (next === 42) {
    const close = s.src.indexOf('*/', s.i + 2)
    if (close < 0) fail(s, s.i, 'UNTERMINATED_COMMENT', 'unterminated block comment: `*/` is missing')
    s.i = close + 2
  } else if (t.exprAllowed && scanRegex(t)) setPrev(t, P_LITERAL, false)
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
      s.i = j + 1
      t.templates.pop()
      t.mode = CODE
      return setPrev(t, P_LITERAL, false)
    } else if (c === 36 && src.charCodeAt(j + 1) === 123) {
      s.i = j + 2
      t.braces.push(B_TEMPLATE)
      t.mode = CODE
      return setPrev(t, P_OP, true)
    } else j++
  }
  s.i = n
}

function scanPunctuation(t: TsScan, c: number): void {
  const { s } = t
  if (c === 123) return openBrace(t)
  if (c === 125) return closeBrace(t)
  s.i++
  if (c === 40) {
    const word = t.prev === P_WORD ? t.prevWord : ''
    t.parens.push(CONTROL.has(word))
    // Remembered only so the specifier hook can tell `import(`/`require(` from other calls.
    setPrev(t, P_OP, true, word === 'import' || word === 'require' ? word + '(' : '')
  } else if (c === 41) {
    const control = t.parens.pop() ?? false
    setPrev(t, control ? P_STMT : P_CLOSE, control)
  } else if (c === 93) setPrev(t, P_CLOSE, false)
  else if (c === 59) setPrev(t, P_STMT, true)
  else if (c === 46) scanDot(t)
  else if (c === 60 && t.jsx && t.exprAllowed && startsJsx(s, s.i - 1)) {
    t.elements.push(CODE)
    t.mode = JSX_TAG
  } else scanOperator(t, c)
}

function scanDot(t: TsScan): void {
  const { s } = t
  if (s.src.charCodeAt(s.i) === 46 && s.src.charCodeAt(s.i + 1) === 46) {
    s.i += 2
    return setPrev(t, P_OP, true)
  }
  setPrev(t, P_DOT, false)
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

/** Operators, longest first where the reverse direction cares: `===`, `!==`, `&&=`, `=>`. */
function scanOperator(t: TsScan, c: number): void {
  const { s } = t
  const start = s.i - 1
  const { src } = s
  const c1 = src.charCodeAt(s.i)
  const c2 = src.charCodeAt(s.i + 1)
  if (c === 61) {
    if (c1 === 62) return operatorEnd(t, start + 2, P_ARROW)
    if (c1 === 61 && c2 === 61) return convertibleOperator(t, start, '===')
    return operatorEnd(t, start + (c1 === 61 ? 2 : 1), P_OP)
  }
  if (c === 33) {
    if (c1 === 61) return operatorEnd(t, start + (c2 === 61 ? 3 : 2), P_OP)
    // A `!` where an operand is expected is logical not; after one it is TS's non-null assertion.
    if (t.exprAllowed) return convertibleOperator(t, start, '!')
    return operatorEnd(t, start + 1, P_CLOSE, false)
  }
  if ((c === 38 || c === 124) && c1 === c) {
    if (c2 === 61) return operatorEnd(t, start + 3, P_OP)
    return convertibleOperator(t, start, c === 38 ? '&&' : '||')
  }
  if ((c === 43 || c === 45) && c1 === c) return operatorEnd(t, start + 2, t.prev, t.exprAllowed)
  if (c === 42) return operatorEnd(t, start + (c1 === 42 ? 2 : 1), P_STAR)
  if (c === 63 && c1 === 46 && !isDigit(c2)) return operatorEnd(t, start + 2, P_DOT, false)
  operatorEnd(t, start + 1, P_OP)
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
