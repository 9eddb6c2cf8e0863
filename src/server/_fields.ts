import { HttpError } from './_http'

type Body = Record<string, unknown>

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`)

const bad = (field: string, message: string) => new HttpError(400, `field '${field}' ${message}`, { field })

export function requiredString(body: Body, field: string): string {
  const value = body[field]
  if (value === undefined) throw bad(field, 'is required')
  if (typeof value !== 'string') throw bad(field, `must be a string, got ${kind(value)}`)
  return value
}

export function optionalString(body: Body, field: string): string | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw bad(field, `must be a string, got ${kind(value)}`)
  return value
}

export function oneOf<T extends string>(body: Body, field: string, options: readonly T[], fallback?: T): T {
  const value = fallback === undefined ? requiredString(body, field) : (optionalString(body, field) ?? fallback)
  if (!options.includes(value as T)) throw bad(field, `must be one of ${options.map((o) => `"${o}"`).join(', ')}, got ${JSON.stringify(value.slice(0, 40))}`)
  return value as T
}

export function stringList(body: Body, field: string, maxItems: number): string[] {
  const value = body[field]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw bad(field, `must be an array of strings, got ${kind(value)}`)
  if (value.length > maxItems) throw bad(field, `may hold at most ${maxItems} items, got ${value.length}`)
  value.forEach((item, k) => {
    if (typeof item !== 'string') throw bad(field, `must be an array of strings; item ${k} is ${kind(item)}`)
    if (item.includes('\0')) throw bad(field, `item ${k} contains a NUL character`)
  })
  return value as string[]
}

export function integerIn(body: Body, field: string, min: number, max: number, fallback: number): number {
  const value = body[field]
  if (value === undefined || value === null) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value)) throw bad(field, `must be an integer, got ${kind(value)}`)
  if (value < min || value > max) throw bad(field, `must be between ${min} and ${max}, got ${value}`)
  return value
}
