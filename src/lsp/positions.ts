import type { Position, Range } from 'vscode-languageserver'
import { codeColumn, phiColumn } from '../transpile/columns'
import type { Conversion } from './types'

const lineOf = (doc: Conversion['phi'], line: number): string =>
  doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '')

/** A φ position in the converted code: same line, the column through the symbol/keyword walk. */
export function toCode(c: Conversion, p: Position): Position {
  const column = codeColumn(lineOf(c.phi, p.line), lineOf(c.code, p.line), p.character + 1, c.table)
  return { line: p.line, character: column - 1 }
}

/** A converted-code position in the φ text: `toCode`'s inverse. */
export function toPhi(c: Conversion, p: Position): Position {
  const column = phiColumn(lineOf(c.phi, p.line), lineOf(c.code, p.line), p.character + 1, c.table)
  return { line: p.line, character: column - 1 }
}

export const rangeToPhi = (c: Conversion, r: Range): Range => ({ start: toPhi(c, r.start), end: toPhi(c, r.end) })

/** A φ position as an offset in the converted code. */
export const codeOffset = (c: Conversion, p: Position): number => c.code.offsetAt(toCode(c, p))

/** A span of the converted code (`start`, `length`) as a φ range. */
export function spanToPhi(c: Conversion, start: number, length: number): Range {
  return rangeToPhi(c, { start: c.code.positionAt(start), end: c.code.positionAt(start + length) })
}
