import { readFileSync } from 'node:fs'
import { relative, sep } from 'node:path'
import { contentMark, type RunCache } from '../cache'
import type { LoadedConfig, SecurityConfig } from '../config/types'
import { EXIT, PhicodeError } from '../errors'
import { kindOf } from '../kinds'
import { TranspileError } from '../transpile/error'
import { decodeSource } from '../transpile/source'
import type { Dialect } from '../transpile/types'
import { checkSource, formatFinding } from './check'
import { findEngine } from './engine'

export interface GuardedEntry {
  path: string
  dialect: Dialect
  phi: boolean
  /** The program's text when it has no file (`-c`, stdin); `path` then only names it. */
  source?: string
}

/** An `allowPaths` glob matches the entry's path relative to the project root (or, for an absolute glob, its absolute path). */
function pathAllowed(path: string, root: string, globs: readonly string[]): boolean {
  if (globs.length === 0) return false
  const inProject = relative(root, path).split(sep).join('/')
  return globs.some((glob) => new Bun.Glob(glob).match(glob.startsWith('/') ? path : inProject))
}

/** The verdict that depends on the cache's memory of an earlier warning, not on the file alone. */
export const SEEN_BEFORE = 'not checked again (warned about this content before)'

/**
 * The check before a CLI run, as the project's `"security"` config says: `off` skips it, `warn`
 * prints each finding once per file content (a file warned about runs quietly until it changes;
 * the mark lives in the project's cache), `block` stops the run (exit 79) on any finding.
 * Findings of allowed rules, and files under allowed paths, never count. Only the entry is read.
 * Resolves with what was done, for --debug.
 */
export async function guardEntry(entry: GuardedEntry, config: LoadedConfig, warn: (message: string) => void, cache?: RunCache): Promise<string> {
  const security = config.config.security
  if (security.mode === 'off') return 'not checked (security mode "off")'
  if (pathAllowed(entry.path, config.root, security.allowPaths)) return 'not checked (the file matches security.allowPaths)'
  const block = security.mode === 'block'
  const source = entry.source ?? decodeSource(readFileSync(entry.path)).text
  // Blocking never trusts an earlier verdict; warnings repeat only for new content or settings.
  const mark = block ? undefined : contentMark(cache, 'security', markFields(entry, config, security), source)
  if (mark?.seen) return SEEN_BEFORE
  let engineFailed = false
  let findings
  try {
    findings = await checkSource(source, entry.dialect, {
      phi: entry.phi,
      table: config.tables[entry.dialect],
      jsx: entry.phi || (kindOf(entry.path)?.jsx ?? false),
      engineFailure: block ? 'closed' : 'open',
      onEngineFailure: (reason) => {
        engineFailed = true
        warn(`security: ${reason}; ran without the engine's check`)
      },
    })
  } catch (error) {
    // Code the scanner cannot read does not run either; the run reports the error properly.
    if (error instanceof TranspileError) return 'not checked (the scanner cannot read it)'
    throw error
  }
  findings = findings.filter((f) => !security.allow.includes(f.rule))
  for (const finding of findings) warn(`security: ${formatFinding(entry.path, finding)}`)
  if (block && findings.length > 0) {
    throw new PhicodeError(
      `${entry.path}: not run, the security scanner found ${findings.length} threat${findings.length > 1 ? 's' : ''} (security mode "block"; --bypass runs it anyway)`,
      EXIT.SECURITY,
    )
  }
  // Only warnings are remembered (a clean file is cheap to check again), and never a check the engine could not finish.
  if (findings.length > 0 && !engineFailed) mark?.make()
  return `checked: ${findings.length} finding${findings.length === 1 ? '' : 's'}`
}

/** Everything besides the content that decides the warnings: the file, how it is read, the allowed rules, the engine. */
const markFields = (entry: GuardedEntry, config: LoadedConfig, security: SecurityConfig): string[] => [
  entry.path,
  entry.dialect,
  entry.phi ? config.tables[entry.dialect].id : 'plain',
  security.allow.join(','),
  findEngine() ?? '',
]
