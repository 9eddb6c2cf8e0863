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
