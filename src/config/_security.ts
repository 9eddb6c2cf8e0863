import { ConfigError } from '../errors'
import type { RULES as Rules } from '../security/rules'
import { closest } from '../util/suggest'
import type { SecurityConfig, SecurityMode } from './types'

const MODES: readonly SecurityMode[] = ['off', 'warn', 'block']
const FIELDS = ['mode', 'allow', 'allowPaths']
/**
 * The scanner's rules, and `phimmuno` for what phimmuno-engine reports. Required only for a
 * config that names rules: every run loads a config, few name a rule (issue 16).
 */
function ruleIds(): string[] {
  // Stryker disable next-line StringLiteral: a specifier bun build must resolve
  const { RULES } = require('../security/rules') as { RULES: typeof Rules }
  return [...RULES.python, ...RULES.typescript].map((r) => r.id).concat('phimmuno')
}

const DEFAULT_SECURITY: SecurityConfig = { mode: 'warn', allow: [], allowPaths: [] }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

const hint = (word: string, known: readonly string[]): string => {
  const near = closest(word, known)
  return near ? ` (did you mean "${near}"?)` : ''
}

/**
 * `"security": {"mode", "allow", "allowPaths"}`. Unlike elsewhere in the config, an unknown
 * field is an error: a misspelt `allow` silently ignored would leave a user believing a rule is
 * off, or a misspelt mode that the check is stricter than it is.
 */
export function readSecurity(value: unknown, where: string): SecurityConfig {
  if (value === undefined) return DEFAULT_SECURITY
  const at = `${where}: security`
  if (!isObject(value)) throw new ConfigError(at, 'must be an object such as {"mode": "warn"}')
  for (const key of Object.keys(value)) {
    if (!FIELDS.includes(key)) throw new ConfigError(`${at}.${key}`, `is not a security setting${hint(key, FIELDS)}; they are ${FIELDS.join(', ')}`)
  }
  const mode = value.mode ?? 'warn'
  if (!MODES.includes(mode as SecurityMode)) {
    throw new ConfigError(`${at}.mode`, `must be "off", "warn" or "block", got ${JSON.stringify(mode)}`)
  }
  const allow = strings(value.allow, `${at}.allow`, 'rule ids such as ["py-subprocess"]')
  const known = allow.length > 0 ? ruleIds() : []
  allow.forEach((id, k) => {
    if (!known.includes(id)) {
      throw new ConfigError(`${at}.allow[${k}]`, `"${id}" is not a rule${hint(id, known)}; phicode --security-status lists them`)
    }
  })
  const allowPaths = strings(value.allowPaths, `${at}.allowPaths`, 'globs such as ["scripts/**"]')
  return { mode: mode as SecurityMode, allow, allowPaths }
}

function strings(value: unknown, field: string, example: string): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new ConfigError(field, `must be a list of ${example}`)
  value.forEach((item, k) => {
    if (typeof item !== 'string' || item.trim() === '') throw new ConfigError(`${field}[${k}]`, `must be a non-empty string, got ${JSON.stringify(item)}`)
  })
  return value as string[]
}
