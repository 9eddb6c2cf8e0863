import { z } from 'zod'
import { BUILD } from '../../version'
import type { Handler } from '../context'
import { Blocked, ConvertResponse, ErrorReply, ExecuteResponse, Finding, Health, Info, Ready, type RequestShapes, Symbols } from '../shapes'

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

/** A JSON body of the component `schema`. */
export const body = (schema: ComponentName, description: string) => ({ description, content: { 'application/json': { schema: ref(schema) } } })
export const error = (description: string) => body('Error', description)

export const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } }

export const REJECTIONS = {
  '400': error('Malformed request: empty body, invalid UTF-8 or JSON, not an object, a missing field or a wrong type (`field` names it)'),
  '401': error('`Authorization: Bearer <token>` missing or wrong (only when the server has PHICODE_API_TOKEN)'),
  '413': error('Request body larger than the server limit'),
}

const RESPONSES = { ExecuteResponse, ConvertResponse, Finding, Error: ErrorReply, Blocked, Info, Symbols, Health, Ready }

export type ComponentName = keyof RequestShapes | keyof typeof RESPONSES

/** What the document says of one operation; `handler` answers it (see routes/index.ts). */
interface Operation {
  handler: Handler
  summary: string
  /** Its request body: the component and a description. */
  request?: [ComponentName, string]
  responses: Record<string, unknown>
  /** `[]`: served without the token. */
  security?: []
}

export type Routes = Record<string, Partial<Record<'GET' | 'POST', Operation>>>

type JsonSchema = Record<string, unknown>

/**
 * JSON Schemas (2020-12, the dialect of OpenAPI 3.1) of `shapes`, referring to one another under
 * #/components/schemas. Requests are described as clients write them (defaults optional, other
 * fields allowed), responses as the server writes them (every field listed, no others).
 */
function components(shapes: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>()
  for (const [id, shape] of Object.entries(shapes)) registry.add(shape, { id })
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}` })
  // Each is a component of this document, not a document of its own.
  for (const schema of Object.values(schemas)) {
    delete schema.$schema
    delete schema.$id
  }
  return schemas as Record<string, JsonSchema>
}

/** The OpenAPI 3.1 description of every route, request and response; served at /openapi.json. */
export function openApiDocument(requests: RequestShapes, routes: Routes): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'phicode API',
      version: BUILD.version,
      description: 'Convert and execute φ-syntax Python and TypeScript. Executions run in a sandboxed child process with a time limit, an output cap and process limits.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Needed on every route but /health when the server runs with PHICODE_API_TOKEN' } },
      schemas: {
        ...components({ ...requests }, 'input'),
        ...components(RESPONSES, 'output'),
      },
    },
    security: [{ bearer: [] }, {}],
    paths: Object.fromEntries(Object.entries(routes).map(([path, methods]) => [path, Object.fromEntries(Object.entries(methods).map(([method, op]) => [method.toLowerCase(), describe(op!)]))])),
  }
}

function describe({ summary, request, responses, security }: Operation): Record<string, unknown> {
  return {
    summary,
    ...(security && { security }),
    ...(request && { requestBody: { required: true, ...body(...request) } }),
    responses,
  }
}
