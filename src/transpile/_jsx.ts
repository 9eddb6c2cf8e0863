import {
  CARRIAGE_RETURN, COLON, DOLLAR, DOT, DOUBLE_QUOTE, EQUALS, FIRST_NON_ASCII, GREATER_THAN, LESS_THAN,
  LINE_FEED, MINUS, OPEN_BRACE, SINGLE_QUOTE, SLASH, SPACE, TAB,
} from './_chars'
import { glyphAt, isAsciiIdPart, isAsciiIdStart, markText, type Scan } from './_scan'
import { BraceKind, Mode, PrevToken, setPrev, type TsScan } from './_ts-state'

const isSpace = (c: number): boolean => c === SPACE || c === TAB || c === LINE_FEED || c === CARRIAGE_RETURN

/** The last `</name` of each source, per name: an element opened after it has no closing tag. */
const lastClose = new WeakMap<Scan, Map<string, number>>()

function closedLater(s: Scan, name: string, lt: number): boolean {
  let byName = lastClose.get(s)
  if (byName === undefined) lastClose.set(s, (byName = new Map()))
  let last = byName.get(name)
  if (last === undefined) byName.set(name, (last = s.src.lastIndexOf(`</${name}`)))
  return last > lt
}

/**
 * Whether the `<` at `lt` opens a JSX element rather than a generic (`<T,>(x) => x`): a fragment,
 * or a tag name followed by what a tag can hold next. A glyph symbol is code, never part of a
 * name, so both directions decide alike. `<V>` and `<T extends U>` open an element only when a
 * `</V` follows somewhere: without one they are type parameters, as in the function type
 * `(<V>() => V) extends …`, which TSX allows in types.
 */
export function startsJsx(s: Scan, lt: number): boolean {
  const { src } = s
  const nameStart = (j: number): boolean => {
    const c = src.charCodeAt(j)
    return isAsciiIdStart(c) || c === DOLLAR || (c >= FIRST_NON_ASCII && glyphAt(s, j) === undefined)
  }
  const namePart = (j: number): boolean => {
    const c = src.charCodeAt(j)
    return isAsciiIdPart(c) || c === DOLLAR || c === MINUS || c === DOT || c === COLON || (c >= FIRST_NON_ASCII && glyphAt(s, j) === undefined)
  }
  let j = lt + 1
  if (src.charCodeAt(j) === GREATER_THAN) return true
  if (!nameStart(j)) return false
  while (namePart(j)) j++
  const name = src.slice(lt + 1, j)
  while (isSpace(src.charCodeAt(j))) j++
  const c = src.charCodeAt(j)
  if (c === GREATER_THAN) return closedLater(s, name, lt)
  if (c === SLASH || c === OPEN_BRACE) return true
  if (!nameStart(j)) return false
  const word = j
  while (namePart(j)) j++
  if (src.slice(word, j) === 'extends') return closedLater(s, name, lt)
  while (isSpace(src.charCodeAt(j))) j++
  const d = src.charCodeAt(j)
  return d === EQUALS || d === GREATER_THAN || d === SLASH || d === OPEN_BRACE || nameStart(j)
}

/** Inside `<tag …>`: names and attribute strings are text; `{…}` is code. */
export function scanJsxTag(t: TsScan): void {
  const s = t.scan
  const { src, length } = s
  let j = s.pos
  while (j < length) {
    const c = src.charCodeAt(j)
    if (c === OPEN_BRACE) return openExpression(t, j, BraceKind.JsxAttribute)
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const close = src.indexOf(String.fromCharCode(c), j + 1)
      markText(s, j + 1, close < 0 ? length : close)
      j = close < 0 ? length : close + 1
    } else if (c === SLASH && src.charCodeAt(j + 1) === GREATER_THAN) {
      s.pos = j + 2
      return closeElement(t)
    } else if (c === GREATER_THAN) {
      s.pos = j + 1
      t.mode = Mode.JsxChildren
      return
    } else j++
  }
  s.pos = length
}

/** Between tags: text up to a child element, a closing tag or a `{…}` expression. */
export function scanJsxChildren(t: TsScan): void {
  const s = t.scan
  const { src, length } = s
  const end = jsxTextEnd(src, s.pos, length)
  markText(s, s.pos, end)
  if (end === length) s.pos = length
  else if (src.charCodeAt(end) === OPEN_BRACE) openExpression(t, end, BraceKind.JsxChild)
  else if (src.charCodeAt(end + 1) === SLASH) {
    const close = src.indexOf('>', end + 2)
    s.pos = close < 0 ? length : close + 1
    closeElement(t)
  } else {
    s.pos = end + 1
    t.elements.push(Mode.JsxChildren)
    t.mode = Mode.JsxTag
  }
}

/** Where JSX text from `from` ends: at the first `{` or `<`, or at the end of the input. */
function jsxTextEnd(src: string, from: number, length: number): number {
  for (let j = from; j < length; j++) {
    const c = src.charCodeAt(j)
    if (c === OPEN_BRACE || c === LESS_THAN) return j
  }
  return length
}

/** `{` in a tag or between tags: code follows until the matching `}`. */
function openExpression(t: TsScan, brace: number, kind: BraceKind): void {
  t.scan.pos = brace + 1
  t.braces.push(kind)
  t.mode = Mode.Code
  setPrev(t, PrevToken.Operator, true)
}

function closeElement(t: TsScan): void {
  t.mode = t.elements.pop() ?? Mode.Code
  setPrev(t, PrevToken.Close, false)
}
