import type { Dialect, SymbolTable } from '../transpile/types'

/** Which checker reported a diagnostic. */
export type CheckerName = 'typescript' | 'pyright' | 'phicode'

/** One diagnostic, placed in the file the user wrote: a φ file's own line and column. */
export interface CheckDiagnostic {
  /** Absolute path: the φ file, or a plain file of the project. */
  file: string
  /** 1-based. */
  line: number
  /** 1-based, UTF-16 units, in the φ text (after symbols). */
  column: number
  severity: 'error' | 'warning' | 'note'
  /** The checker's own code: `TS2322`, pyright's rule (`reportAttributeAccessIssue`), `syntax` for φ that does not convert. */
  code: string
  message: string
  checker: CheckerName
}

/** One φ module of a project as the checker sees it: under a name the checker reads as code. */
export interface PhiModule {
  /** The φ file. */
  path: string
  /** The plain file the checker is told about: `x.φ.tsx` beside it (typescript), `x.py` (python). */
  virtualPath: string
  dialect: Dialect
  /** The φ source, and the code it converts to (lines never move). */
  phi: string
  code: string
  table: SymbolTable
  /** Set when the source cannot be converted: the checker gets no file, the error is the diagnostic. */
  error?: { line: number; column: number; message: string }
}

/** A position in a file: 1-based line and column. */
export interface Position {
  path: string
  line: number
  column: number
}
