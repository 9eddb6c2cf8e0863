import type { Dialect } from '../transpile/types'

type Severity = 'high' | 'medium'

/** One match of a rule in code (never in a string or comment). */
export interface Finding {
  /** Stable id, e.g. `py-shell`; listed in docs/api.md. */
  rule: string
  severity: Severity
  message: string
  /** 1-based, in the source as given (φ included); the column counts code points. */
  line: number
  column: number
  /** The matched code, trimmed (for φ source: as transpiled). */
  match: string
}

export interface Rule {
  id: string
  severity: Severity
  message: string
  /** Every match contains one of these: a source holding none is not scanned by the rule at all. */
  words: readonly string[]
  /**
   * Matched against the code-only view of the source (strings and comments blanked). The match
   * index, or the `at` group when present, is where the finding points.
   */
  pattern: RegExp
  /**
   * Rules about what a call or import names (`require("child_process")`): the pattern ends where
   * a string literal starts, and `literal` must accept that literal's text from the original source.
   */
  literal?: RegExp
}

export type RuleSet = Record<Dialect, readonly Rule[]>

/** The outcome of an external engine run. */
export type EngineVerdict =
  | { status: 'clean' }
  | { status: 'threat'; reason: string }
  | { status: 'failed'; reason: string }
