import { EXIT, PhicodeError } from '../errors'
import { envNumber } from '../config/env'

/** Backoff steps in units (a unit is a second unless PHIEMON_BACKOFF_MS says otherwise). */
const BACKOFF_STEPS = [1, 2, 4, 8, 16, 30] as const

export const DEFAULTS = {
  maxRestarts: 5,
  graceMs: 5_000,
  stableMs: 30_000,
  startupGraceMs: 1_000,
  backoffUnitMs: 1_000,
  logMaxBytes: 10 * 1024 * 1024,
  logFiles: 3,
} as const

/** The wait before the restart that follows `streak` crash restarts: 1, 2, 4, 8, 16, then 30 units. */
export function backoffDelay(streak: number, unitMs: number): number {
  return BACKOFF_STEPS[Math.min(streak, BACKOFF_STEPS.length - 1)]! * unitMs
}

/**
 * `PHIEMON_BACKOFF_MS`: the length of one backoff unit in milliseconds (default 1000). Meant for
 * tests, which check the doubling sequence without waiting a minute.
 */
export function backoffUnitFromEnv(env: Record<string, string | undefined> = process.env): number {
  return envNumber('PHIEMON_BACKOFF_MS', DEFAULTS.backoffUnitMs, { min: 1, integer: false }, env)
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)?$/
const SIZE = /^(\d+)([KMG])?B?$/i

/** `5`, `2.5` (seconds), `500ms`, `10s`, `2m` → milliseconds. */
export function parseDuration(flag: string, raw: string): number {
  const match = DURATION.exec(raw.trim())
  if (!match) throw new PhicodeError(`--${flag} takes a duration such as 5, 2.5, 500ms, 10s or 2m, not ${JSON.stringify(raw)}`, EXIT.USAGE)
  const scale = match[2] === 'ms' ? 1 : match[2] === 'm' ? 60_000 : 1000
  return Math.round(Number(match[1]) * scale)
}

/** `1048576`, `512K`, `10M`, `1G` → bytes. */
export function parseSize(flag: string, raw: string): number {
  const match = SIZE.exec(raw.trim())
  if (!match) throw new PhicodeError(`--${flag} takes a size such as 1048576, 512K, 10M or 1G, not ${JSON.stringify(raw)}`, EXIT.USAGE)
  const scale = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[(match[2] ?? '').toUpperCase() as 'K' | 'M' | 'G'] ?? 1
  const bytes = Number(match[1]) * scale
  if (bytes < 1024) throw new PhicodeError(`--${flag} must be at least 1K`, EXIT.USAGE)
  return bytes
}

/** A whole number within bounds, for counts given on the command line. */
export function parseCount(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw)
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new PhicodeError(`--${flag} takes a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}`, EXIT.USAGE)
  }
  return value
}
