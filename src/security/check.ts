import type { Dialect, SymbolTable } from '../transpile/types'
import { engineTimeoutMs, findEngine, runEngine } from './engine'
import { scanSource } from './scan'
import type { Finding } from './types'

export interface CheckOptions {
  phi: boolean
  table?: SymbolTable
  jsx?: boolean
  /**
   * `closed`: an engine that fails or times out counts as a finding (the API); `open`: it is
   * reported through `onEngineFailure` and the check goes on (CLI runs in warn mode).
   */
  engineFailure: 'closed' | 'open'
  onEngineFailure?: (reason: string) => void
}

/** Both stages: the built-in scanner, then phimmuno-engine when one is installed. */
export async function checkSource(source: string, dialect: Dialect, options: CheckOptions): Promise<Finding[]> {
  const findings = scanSource(source, dialect, { phi: options.phi, table: options.table, jsx: options.jsx })
  const engine = findEngine()
  if (!engine) return findings
  const verdict = await runEngine(engine, source, engineTimeoutMs())
  if (verdict.status === 'clean') return findings
  if (verdict.status === 'threat') return [...findings, engineFinding('phimmuno', verdict.reason)]
  if (options.engineFailure === 'closed') return [...findings, engineFinding('phimmuno-failed', `${verdict.reason}; refused because the check could not complete`)]
  options.onEngineFailure?.(verdict.reason)
  return findings
}

const engineFinding = (rule: string, message: string): Finding => ({ rule, severity: 'high', message, line: 1, column: 1, match: '' })

/** `main.py:3:5: py-shell (high): runs a shell command — os.system(` */
export const formatFinding = (file: string, f: Finding): string =>
  `${file}:${f.line}:${f.column}: ${f.rule} (${f.severity}): ${f.message}${f.match ? ` — ${f.match}` : ''}`
