import { log } from '../util/log'
import type { ValidationMode } from './types'

/** Reads a boolean environment variable: 1/true/yes/on and 0/false/no/off, any case. */
export function envFlag(name: string, fallback: boolean, env: Record<string, string | undefined> = process.env): boolean {
  const raw = env[name]?.trim().toLowerCase()
  if (raw === undefined || raw === '') return fallback
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true
  if (['0', 'false', 'no', 'off'].includes(raw)) return false
  return fallback
}

export function validationModeFromEnv(env: Record<string, string | undefined> = process.env): ValidationMode {
  return { validate: envFlag('PHICODE_VALIDATION', true, env), strict: envFlag('PHICODE_STRICT', false, env) }
}

const warned = new Set<string>()

/**
 * Reads a numeric environment variable. A malformed value (`abc`, `1.5` where a whole number is
 * needed, below `min`) is reported once per process, naming the variable, and the default used:
 * a typo in a tuning knob should not stop a run, nor pass unnoticed.
 */
export function envNumber(
  name: string,
  fallback: number,
  { min = 0, integer = true }: { min?: number; integer?: boolean } = {},
  env: Record<string, string | undefined> = process.env,
): number {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (Number.isFinite(value) && value >= min && (!integer || Number.isSafeInteger(value))) return value
  const key = `${name}=${raw}`
  if (!warned.has(key)) {
    warned.add(key)
    log.warn(`${name}=${JSON.stringify(raw)} is not ${integer ? 'a whole number' : 'a number'} ≥ ${min}; using the default, ${fallback}`)
  }
  return fallback
}
