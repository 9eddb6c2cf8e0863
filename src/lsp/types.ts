import type { TextDocument } from 'vscode-languageserver-textdocument'
import type { TranspileError } from '../transpile/error'
import type { Dialect, SymbolTable } from '../transpile/types'

/** One conversion of a φ text: both texts, line for line, and the table that relates their columns. */
export interface Conversion {
  phi: TextDocument
  code: TextDocument
  table: SymbolTable
}

/** An open φ document as the server knows it. */
export interface PhiDocument {
  uri: string
  path: string
  dialect: Dialect
  table: SymbolTable
  /** The text in the editor now. */
  text: TextDocument
  /** The last conversion that succeeded (for a broken text, the one before the break). */
  converted: Conversion | undefined
  /** Why the current text does not convert. */
  error: TranspileError | undefined
  /** Why the project's config could not be read (the default symbols apply meanwhile). */
  configError: string | undefined
}
