import type { LoadedConfig } from '../config/types'
import { decideDialect, DEFAULT_PHI_EXTENSION, plainExtensionFor } from '../kinds'
import { detectDialectFromContent, dialectPragma } from '../transpile/dialect'
import type { Dialect } from '../transpile/types'
import type { ExecuteType } from './types'

export interface ExecutionPlan {
  /** File the code is written to, in the execution's own directory. */
  file: string
  /** φ source, or plain Python / TypeScript. */
  phi: boolean
  dialect: Dialect
  /** The interpreter flag that pins the dialect, so what runs is what was scanned. */
  flag: '--cpython' | '--bun'
}

/**
 * `auto`: φ when the code holds a φ symbol or a `phicode:` pragma, else plain code; the dialect
 * by pragma, then the config's `language`, then the content rule (python on a tie).
 */
export function planExecution(code: string, type: ExecuteType, config: LoadedConfig): ExecutionPlan {
  const phi = type === 'phicode' || (type === 'auto' && looksLikePhi(code, config))
  const dialect: Dialect = phi
    ? decideDialect({ source: code, configured: config.config.language }).dialect
    : type === 'python' || type === 'typescript'
      ? type
      : detectDialectFromContent(code)
  const ext = phi ? DEFAULT_PHI_EXTENSION : plainExtensionFor(dialect)
  return { file: `main${ext}`, phi, dialect, flag: dialect === 'python' ? '--cpython' : '--bun' }
}

function looksLikePhi(code: string, config: LoadedConfig): boolean {
  return dialectPragma(code) !== undefined || config.tables.python.detect.test(code) || config.tables.typescript.detect.test(code)
}
