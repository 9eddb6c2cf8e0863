/**
 * Just enough JSON Schema (the subset the OpenAPI document uses) to check that every response
 * the tests see is what /openapi.json promises.
 */
type Schema = Record<string, any>

export function schemaErrors(value: unknown, schema: Schema, doc: Schema, path = '$'): string[] {
  if (schema.$ref) return schemaErrors(value, resolveRef(schema.$ref, doc), doc, path)
  if (schema.oneOf) {
    const passing = (schema.oneOf as Schema[]).filter((s) => schemaErrors(value, s, doc, path).length === 0)
    return passing.length === 1 ? [] : [`${path}: matches ${passing.length} of oneOf`]
  }
  const errors: string[] = []
  if (schema.type && !([schema.type].flat() as string[]).some((t) => isType(value, t))) return [`${path}: expected ${schema.type}, got ${JSON.stringify(value)?.slice(0, 60)}`]
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`)
  if ('const' in schema && value !== schema.const) errors.push(`${path}: expected ${JSON.stringify(schema.const)}`)
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>
    for (const key of schema.required ?? []) if (!(key in obj)) errors.push(`${path}: missing ${key}`)
    for (const [key, item] of Object.entries(obj)) {
      const sub = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined)
      if (sub) errors.push(...schemaErrors(item, sub, doc, `${path}.${key}`))
      else if (schema.properties && schema.additionalProperties === false) errors.push(`${path}: unexpected ${key}`)
    }
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, k) => errors.push(...schemaErrors(item, schema.items, doc, `${path}[${k}]`)))
  return errors
}

function isType(value: unknown, type: string): boolean {
  if (type === 'integer') return Number.isInteger(value)
  if (type === 'null') return value === null
  if (type === 'array') return Array.isArray(value)
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value)
  return typeof value === type
}

function resolveRef(ref: string, doc: Schema): Schema {
  return ref.replace(/^#\//, '').split('/').reduce((node: Schema, key) => node[key], doc)
}

/** The response schema the document gives for `method path` and `status`. */
export function responseSchema(doc: Schema, method: string, path: string, status: number): Schema | undefined {
  return doc.paths?.[path]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.['application/json']?.schema
}
