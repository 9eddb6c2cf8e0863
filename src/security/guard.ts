import { readFileSync } from 'node:fs'
import type { LoadedConfig } from '../config/types'
import { EXIT, PhicodeError } from '../errors'
import { kindOf } from '../kinds'
import { TranspileError } from '../transpile/error'
import { decodeSource } from '../transpile/source'
import type { Dialect } from '../transpile/types'
import { checkSource, formatFinding } from './check'

export interface GuardedEntry {
  path: string
  dialect: Dialect
  phi: boolean
}

/**
 * The check before a CLI run: findings are warnings, or stop the run (exit 79) when the
 * project's config says `"security": {"mode": "block"}`. Only the entry file is read, once.
 */
export async function guardEntry(entry: GuardedEntry, config: LoadedConfig, warn: (message: string) => void): Promise<void> {
  const block = config.config.security.mode === 'block'
  const source = decodeSource(readFileSync(entry.path)).text
  let findings
  try {
    findings = await checkSource(source, entry.dialect, {
      phi: entry.phi,
      table: config.tables[entry.dialect],
      jsx: entry.phi || (kindOf(entry.path)?.jsx ?? false),
      engineFailure: block ? 'closed' : 'open',
      onEngineFailure: (reason) => warn(`security: ${reason}; ran without the engine's check`),
    })
  } catch (error) {
    // Code the scanner cannot read does not run either; the run reports the error properly.
    if (error instanceof TranspileError) return
    throw error
  }
  for (const finding of findings) warn(`security: ${formatFinding(entry.path, finding)}`)
  if (block && findings.length > 0) {
    throw new PhicodeError(
      `${entry.path}: not run, the security scanner found ${findings.length} threat${findings.length > 1 ? 's' : ''} (security mode "block"; --bypass runs it anyway)`,
      EXIT.SECURITY,
    )
  }
}
