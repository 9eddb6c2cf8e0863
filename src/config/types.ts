import type { Dialect, SymbolTable } from '../transpile/types'

/** `off`: no check; `warn`: findings are warnings, once per file content; `block`: findings stop the run. */
export type SecurityMode = 'off' | 'warn' | 'block'

/** `"security"` in the config: how CLI runs treat the scanner's findings (the API always blocks). */
export interface SecurityConfig {
  mode: SecurityMode
  /** Rule ids (`py-subprocess`, `ts-spawn`, `phimmuno` …) whose findings are ignored. */
  allow: string[]
  /** Globs, relative to the project root, of files never checked. */
  allowPaths: string[]
}

/** `.(φ)/config.json` as phicode reads it: the seed's format plus per-dialect sections. */
export interface PhicodeConfig {
  file_extension: string
  /** Dialect for entry files with no flag or pragma; detected from content when absent. */
  language?: Dialect
  /** keyword → symbol for the python dialect (the seed's field). */
  symbols: Record<string, string>
  python: { symbols: Record<string, string> }
  typescript: { symbols: Record<string, string> }
  security: SecurityConfig
}

export interface LoadedConfig {
  /** The project root the config belongs to. */
  root: string
  /** The file read, or undefined when the defaults apply. */
  file: string | undefined
  config: PhicodeConfig
  tables: Record<Dialect, SymbolTable>
  /** One line per skipped mapping, to be shown once. */
  warnings: string[]
}

export interface ValidationMode {
  /** `PHICODE_VALIDATION`, default true: check identifiers and collisions. */
  validate: boolean
  /** `PHICODE_STRICT`, default false: a collision is an error, not a warning. */
  strict: boolean
}
