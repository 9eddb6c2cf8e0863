import type { Branded, Scan } from './_scan'
import type { SpecifierHook } from './specifiers'

/** What the scanner is walking: code, template text, a JSX tag, or JSX children. */
export type Mode = Branded<'Mode'>
export const MODE_CODE = 0 as Mode
/** Between a template's backtick (or a `}` closing its `${`) and its next `${` or backtick. */
export const MODE_TEMPLATE = 1 as Mode
/** Inside `<tag …>` or `</tag>`: names and attribute strings are text, `{…}` is code. */
export const MODE_JSX_TAG = 2 as Mode
/** Between a JSX element's tags: text up to a child element, a closing tag or a `{…}`. */
export const MODE_JSX_CHILDREN = 3 as Mode

/** What the previous significant token was: decides regex vs division and `{` block vs object. */
export type PrevToken = Branded<'PrevToken'>
/** Nothing yet: the start of the input. */
export const PREV_START = 0 as PrevToken
/** `;`, a block's `}`, or the `)` of an `if (…)`-like head: a statement may start. */
export const PREV_STATEMENT_END = 1 as PrevToken
export const PREV_WORD = 2 as PrevToken
/** `.` or `?.`: a property name follows. */
export const PREV_DOT = 3 as PrevToken
export const PREV_PROPERTY = 4 as PrevToken
/** A number, string, regex or template. */
export const PREV_LITERAL = 5 as PrevToken
/** `)`, `]`, an object's `}`, a closing JSX element, or TypeScript's non-null `!`. */
export const PREV_CLOSE = 6 as PrevToken
export const PREV_ARROW = 7 as PrevToken
export const PREV_STAR = 8 as PrevToken
export const PREV_OPERATOR = 9 as PrevToken

/** What an open `{` belongs to, so its `}` returns to the right mode. */
export type BraceKind = Branded<'BraceKind'>
export const BRACE_BLOCK = 0 as BraceKind
export const BRACE_OBJECT = 1 as BraceKind
/** `${` in a template. */
export const BRACE_TEMPLATE = 2 as BraceKind
export const BRACE_JSX_CHILD = 3 as BraceKind
export const BRACE_JSX_ATTRIBUTE = 4 as BraceKind

export interface TsScan {
  scan: Scan
  jsx: boolean
  mode: Mode
  braces: BraceKind[]
  /** One flag per open `(`: it follows `if`/`while`/`for`/`with`, so its `)` ends a condition. */
  conditionParens: boolean[]
  /** Per open JSX element, the mode to return to once it closes. */
  elements: Mode[]
  /** Offsets of the backticks of open template literals, for errors. */
  templateStarts: number[]
  prevToken: PrevToken
  /** The previous token's text when the rules look at it (see `contextWord`), else ''. */
  prevWord: string
  /** An expression may start here: a `/` opens a regex, a `<` may open JSX. */
  exprAllowed: boolean
  /** Opt-in: told where each module specifier string is (see `scanImports`). */
  onSpecifier: SpecifierHook | undefined
}

export function setPrev(t: TsScan, prevToken: PrevToken, exprAllowed: boolean, word = ''): void {
  t.prevToken = prevToken
  t.exprAllowed = exprAllowed
  t.prevWord = word
}
