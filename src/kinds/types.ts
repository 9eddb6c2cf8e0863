import type { Loader } from 'bun'
import type { Dialect } from '../transpile/types'

/** What a file is, by its extension. */
export type FileKind = 'phi' | 'python' | 'typescript' | 'javascript'

export interface KindOfFile {
  kind: FileKind
  /** The dialect its extension implies; undefined for φ, whose dialect is decided (see `decideDialect`). */
  dialect: Dialect | undefined
  /** Whether it is read with JSX, as Bun reads it (a `.ts` file keeps `<T>x` casts). */
  jsx: boolean
  /** The loader Bun runs it with; undefined for Python. */
  loader: Loader | undefined
  /** A module format the extension fixes (`.mjs`/`.mts`, `.cjs`/`.cts`); otherwise the syntax decides. */
  format?: 'esm' | 'cjs'
}

/** What decided a φ file's dialect, strongest first. `marker` and `content` are guesses. */
type DialectSource = 'extension' | 'flag' | 'pragma' | 'config' | 'marker' | 'content'

export interface DialectDecision {
  dialect: Dialect
  by: DialectSource
  /** The project marker that decided, when `by` is `marker`: an absolute path. */
  marker?: string
}
