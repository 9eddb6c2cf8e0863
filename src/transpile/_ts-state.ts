import type { Scan } from './_scan'
import type { SpecifierHook } from './specifiers'

/*
 * The TypeScript scanner's state kinds, as enums: a value of one kind cannot be assigned where
 * another is expected (`Mode.Code` is no `BraceKind`), and `bun build` inlines each member as
 * its number, so the compiled scanner compares integers.
 */

/** What the scanner is walking: code, template text, a JSX tag, or JSX children. */
export enum Mode {
  Code,
  /** Between a template's backtick (or a `}` closing its `${`) and its next `${` or backtick. */
  Template,
  /** Inside `<tag …>` or `</tag>`: names and attribute strings are text, `{…}` is code. */
  JsxTag,
  /** Between a JSX element's tags: text up to a child element, a closing tag or a `{…}`. */
  JsxChildren,
}

/** What the previous significant token was: decides regex vs division and `{` block vs object. */
export enum PrevToken {
  /** Nothing yet: the start of the input. */
  Start,
  /** `;`, a block's `}`, or the `)` of an `if (…)`-like head: a statement may start. */
  StatementEnd,
  Word,
  /** `.` or `?.`: a property name follows. */
  Dot,
  Property,
  /** A number, string, regex or template. */
  Literal,
  /** `)`, `]`, an object's `}`, a closing JSX element, or TypeScript's non-null `!`. */
  Close,
  Arrow,
  Star,
  Operator,
}

/** What an open `{` belongs to, so its `}` returns to the right mode. */
export enum BraceKind {
  Block,
  Object,
  /** `${` in a template. */
  Template,
  JsxChild,
  JsxAttribute,
}

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
