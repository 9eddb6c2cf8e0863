import type { Scan } from './_scan'
import type { SpecifierHook } from './specifiers'

/** What the scanner is walking: code, template text, a JSX tag, or JSX children. */
export const CODE = 0
export const TEMPLATE = 1
export const JSX_TAG = 2
export const JSX_CHILDREN = 3

/** What the previous significant token was: decides regex vs division and `{` block vs object. */
export const P_START = 0
export const P_STMT = 1
export const P_WORD = 2
export const P_DOT = 3
export const P_PROP = 4
export const P_LITERAL = 5
export const P_CLOSE = 6
export const P_ARROW = 7
export const P_STAR = 8
export const P_OP = 9

/** What an open `{` belongs to, so its `}` returns to the right mode. */
export const B_BLOCK = 0
export const B_OBJECT = 1
export const B_TEMPLATE = 2
export const B_JSX_CHILD = 3
export const B_JSX_ATTR = 4

export interface TsScan {
  s: Scan
  jsx: boolean
  mode: number
  braces: number[]
  /** One flag per open `(`: it follows `if`/`while`/`for`/`with`, so its `)` ends a condition. */
  parens: boolean[]
  /** Per open JSX element, the mode to return to once it closes. */
  elements: number[]
  /** Offsets of open template literals, for errors. */
  templates: number[]
  prev: number
  prevWord: string
  exprAllowed: boolean
  /** Opt-in: told where each module specifier string is (see `scanImports`). */
  onSpecifier: SpecifierHook | undefined
}

export function setPrev(t: TsScan, prev: number, exprAllowed: boolean, word = ''): void {
  t.prev = prev
  t.exprAllowed = exprAllowed
  t.prevWord = word
}
