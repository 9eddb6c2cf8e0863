import type { RunCache } from '../cache/run-cache'
import type { LoadedConfig } from '../config/types'
import type { Dialect } from '../transpile/types'
import type { DialectDecision, FileKind } from '../kinds'

export type InterpreterKind = 'cpython' | 'pypy' | 'node' | 'bun'

/** An interpreter found on this machine, with shims (pyenv, asdf) resolved to the real binary. */
export interface Interpreter {
  kind: InterpreterKind
  /** The real executable (never a shim). */
  path: string
  /** e.g. `3.11.7`, `7.3.11`, `20.20.2`. */
  version: string
  /** For Python: the language version the implementation runs, e.g. `3.9.16` for PyPy 7.3.11. */
  languageVersion?: string
}

/** What kind of file an entry is, by extension. */
export type EntryKind = FileKind

export interface ResolvedEntry {
  /** Absolute path of the file to run. */
  path: string
  kind: EntryKind
  dialect: Dialect
  /** What decided the dialect: a guess (project marker, content) is named when the entry fails to parse. */
  decision?: DialectDecision
  /** The project root (by markers) of the entry's own directory: its config and cache live there. */
  root: string
  /**
   * Set when the entry was named as a module (`phicode pkg.tool`): the dotted name Python would
   * give it under `python -m`, used for `__spec__`/relative imports of package entries.
   */
  module?: string
  /** With `module`: the directory holding its top-level package, first on `sys.path`. */
  base?: string
  /** With `module`: no file of the project, a module the interpreter imports from its own path (`path` is only a name then). */
  installed?: true
  /**
   * `path` with every link followed, as a run plan remembers it (its witness of the entry's full
   * stat sees a link that now leads elsewhere): a planned run need not ask the resolver again.
   */
  real?: string
}

export interface RunOptions {
  entry: ResolvedEntry
  /** Arguments for the module (its argv after the program name). */
  args: string[]
  interpreter: Interpreter
  config: LoadedConfig
  cwd: string
  debug: boolean
  /** The entry project's cache; undefined when caching is off. */
  cache?: RunCache
  /** `-c CODE` or `-` (stdin): the program as plain code, run instead of the entry's file, which is then only a place (the working directory). */
  inline?: { name: '-c' | '-'; code: string }
  /** A planned Python run: where to keep what its interpreter was sent first, for the plan's next run to replay (`python/opening.ts`). */
  openingFile?: string
}

/** How a run ended: an exit code, or the signal that killed the program (re-raised by the CLI). */
export type RunOutcome = { exitCode: number; signal?: undefined } | { signal: NodeJS.Signals; exitCode?: undefined }
