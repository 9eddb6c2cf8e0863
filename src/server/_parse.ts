import type { z } from 'zod'
import { HttpError } from './_http'

type Body = Record<string, unknown>
type Issue = z.core.$ZodIssue

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`)

const EXPECTED: Record<string, string> = { string: 'a string', int: 'an integer', number: 'a number', boolean: 'a boolean', array: 'an array', object: 'an object' }

/** The first problem zod found, as `field 'x' …` in words a client can act on. */
function describe(issue: Issue, body: Body): HttpError {
  const [field, ...rest] = issue.path.map(String)
  const name = field ?? '(body)'
  const item = rest.length > 0 ? `item ${rest.join('.')} ` : ''
  const value = rest.reduce<unknown>((node, key) => (node as Body | undefined)?.[key], body[name])
  if (value === undefined) return new HttpError(400, `field '${name}' is required`, { field: name })
  let text: string
  switch (issue.code) {
    case 'invalid_type':
      text = `${item}must be ${EXPECTED[issue.expected] ?? issue.expected}, got ${kind(value)}`
      break
    case 'invalid_value':
      text = `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${(JSON.stringify(value) ?? kind(value)).slice(0, 40)}`
      break
    case 'too_big':
      text = issue.origin === 'array' ? `may hold at most ${issue.maximum} items, got ${(value as unknown[]).length}` : `must be at most ${issue.maximum}, got ${value}`
      break
    case 'too_small':
      text = issue.origin === 'array' ? `must hold at least ${issue.minimum} items` : `must be at least ${issue.minimum}, got ${value}`
      break
    default:
      // Messages written in the shapes (e.g. a pattern's) already read as the end of a sentence.
      text = `${item}${issue.message}`
  }
  return new HttpError(400, `field '${name}' ${text}`, { field: name })
}

/**
 * `body` checked against `shape`: its output (defaults filled), or a 400 naming the first field
 * at fault. A JSON `null` counts as an absent field.
 */
export function parseBody<S extends z.ZodType>(shape: S, body: Body): z.output<S> {
  // fromEntries defines own properties, so a `__proto__` key stays a field and never a prototype.
  const present: Body = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null))
  const result = shape.safeParse(present)
  if (!result.success) throw describe(result.error.issues[0]!, present)
  return result.data
}
