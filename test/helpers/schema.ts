/**
 * Replies checked against what /openapi.json promises, by @cfworker/json-schema (a validator
 * that shares no code with the server's own schema library).
 */
import { Validator } from '@cfworker/json-schema'

type Schema = Record<string, any>

const validators = new Map<string, Validator>()

/**
 * `schema` (a part of `doc`) as a standalone 2020-12 schema: the document's components become
 * its `$defs`, since a validator resolves `$ref` pointers only through schema keywords.
 */
function validatorFor(schema: Schema, doc: Schema): Validator {
  const text = JSON.stringify({ ...schema, $defs: doc.components?.schemas ?? {} }).replaceAll('"#/components/schemas/', '"#/$defs/')
  let validator = validators.get(text)
  if (!validator) validators.set(text, (validator = new Validator(JSON.parse(text), '2020-12', false)))
  return validator
}

/** Where `value` departs from `schema`, one line each (none when it conforms). */
export function schemaErrors(value: unknown, schema: Schema, doc: Schema): string[] {
  const result = validatorFor(schema, doc).validate(value)
  return result.valid ? [] : result.errors.map((e) => `${e.instanceLocation} (${e.keywordLocation}): ${e.error}`)
}

/** The response schema the document gives for `method path` and `status`. */
export function responseSchema(doc: Schema, method: string, path: string, status: number): Schema | undefined {
  return doc.paths?.[path]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.['application/json']?.schema
}
