import { glyphAt, isAsciiIdPart, isAsciiIdStart, markText, type Scan } from './_scan'
import { B_JSX_ATTR, B_JSX_CHILD, CODE, JSX_CHILDREN, JSX_TAG, P_CLOSE, P_OP, setPrev, type TsScan } from './_ts-state'

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13

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
    return isAsciiIdStart(c) || c === 36 || (c >= 128 && glyphAt(s, j) === undefined)
  }
  const namePart = (j: number): boolean => {
    const c = src.charCodeAt(j)
    return isAsciiIdPart(c) || c === 36 || c === 45 || c === 46 || c === 58 || (c >= 128 && glyphAt(s, j) === undefined)
  }
  let j = lt + 1
  if (src.charCodeAt(j) === 62) return true
  if (!nameStart(j)) return false
  while (namePart(j)) j++
  const name = src.slice(lt + 1, j)
  while (isSpace(src.charCodeAt(j))) j++
  const c = src.charCodeAt(j)
  if (c === 62) return closedLater(s, name, lt)
  if (c === 47 || c === 123) return true
  if (!nameStart(j)) return false
  const word = j
  while (namePart(j)) j++
  if (src.slice(word, j) === 'extends') return closedLater(s, name, lt)
  while (isSpace(src.charCodeAt(j))) j++
  const d = src.charCodeAt(j)
  return d === 61 || d === 62 || d === 47 || d === 123 || nameStart(j)
}

/** Inside `<tag …>`: names and attribute strings are text; `{…}` is code. */
export function scanJsxTag(t: TsScan): void {
  const { s } = t
  const { src, n } = s
  let j = s.i
  while (j < n) {
    const c = src.charCodeAt(j)
    if (c === 123) return openExpression(t, j, B_JSX_ATTR)
    if (c === 34 || c === 39) {
      const close = src.indexOf(String.fromCharCode(c), j + 1)
      markText(s, j + 1, close < 0 ? n : close)
      j = close < 0 ? n : close + 1
    } else if (c === 47 && src.charCodeAt(j + 1) === 62) {
      s.i = j + 2
      return closeElement(t)
    } else if (c === 62) {
      s.i = j + 1
      t.mode = JSX_CHILDREN
      return
    } else j++
  }
  s.i = n
}

/** Between tags: text up to a child element, a closing tag or a `{…}` expression. */
export function scanJsxChildren(t: TsScan): void {
  const { s } = t
  const { src, n } = s
  let j = s.i
  while (j < n) {
    const c = src.charCodeAt(j)
    if (c === 123) {
      markText(s, s.i, j)
      return openExpression(t, j, B_JSX_CHILD)
    }
    if (c === 60) {
      markText(s, s.i, j)
      if (src.charCodeAt(j + 1) === 47) {
        const close = src.indexOf('>', j + 2)
        s.i = close < 0 ? n : close + 1
        return closeElement(t)
      }
      s.i = j + 1
      t.elements.push(JSX_CHILDREN)
      t.mode = JSX_TAG
      return
    }
    j++
  }
  markText(s, s.i, n)
  s.i = n
}

/** `{` in a tag or between tags: code follows until the matching `}`. */
function openExpression(t: TsScan, brace: number, kind: number): void {
  t.s.i = brace + 1
  t.braces.push(kind)
  t.mode = CODE
  setPrev(t, P_OP, true)
}

function closeElement(t: TsScan): void {
  t.mode = t.elements.pop() ?? CODE
  setPrev(t, P_CLOSE, false)
}
