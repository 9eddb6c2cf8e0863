import * as transpile from '../transpile'
import type { Dialect } from '../transpile/types'

type CodeMask = (source: string, dialect: Dialect) => string

/**
 * The source with strings, comments and template/regex text blanked and every offset kept:
 * the transpiler's own scanner decides what is code (`codeMask` in src/transpile).
 */
export function codeOnly(source: string, dialect: Dialect): string {
  const codeMask = (transpile as { codeMask?: CodeMask }).codeMask
  if (!codeMask) throw new ScannerUnavailable()
  return codeMask(source, dialect)
}

/** Until src/transpile exports codeMask the scanner cannot tell code from strings. */
export class ScannerUnavailable extends Error {
  constructor() {
    super('the security scanner is unavailable: src/transpile has no codeMask yet')
  }
}
