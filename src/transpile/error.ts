import {
  CARRIAGE_RETURN, LINE_FEED, LOW_SURROGATE_FIRST, LOW_SURROGATE_LAST,
} from './_chars'
export type TranspileErrorCode =
  | 'UNTERMINATED_STRING'
  | 'UNTERMINATED_FSTRING'
  | 'UNTERMINATED_TEMPLATE'
  | 'UNTERMINATED_COMMENT'
  | 'UNTERMINATED_REGEX'
  | 'SYMBOL_IN_SOURCE'
  | 'NESTING_TOO_DEEP'

/**
 * The one error the transpiler throws. `line` and `column` are 1-based; the column counts
 * code points, as editors do.
 */
export class TranspileError extends Error {
  override readonly name = 'TranspileError'

  constructor(
    readonly code: TranspileErrorCode,
    readonly reason: string,
    readonly line: number,
    readonly column: number,
    readonly filename = '<input>',
  ) {
    super(`${filename}:${line}:${column}: ${reason}`)
  }
}

export function locate(source: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < source.length; i++) {
    const c = source.charCodeAt(i)
    if (c === LINE_FEED || (c === CARRIAGE_RETURN && source.charCodeAt(i + 1) !== LINE_FEED)) {
      line++
      lineStart = i + 1
    }
  }
  let column = 1
  for (let i = lineStart; i < offset; i++) {
    const c = source.charCodeAt(i)
    if (c < LOW_SURROGATE_FIRST || c > LOW_SURROGATE_LAST) column++
  }
  return { line, column }
}

export function failAt(
  source: string,
  offset: number,
  code: TranspileErrorCode,
  reason: string,
  filename?: string,
): never {
  const { line, column } = locate(source, offset)
  throw new TranspileError(code, reason, line, column, filename)
}
