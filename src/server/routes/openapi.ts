import { z } from 'zod'
import { BUILD } from '../../version'
import { cachedJson } from '../_http'
import type { Handler } from '../context'
import { Blocked, ConvertResponse, ErrorReply, ExecuteResponse, Finding, Health, Info, type RequestShapes, Symbols } from '../shapes'

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const body = (schema: string, description: string) => ({ description, content: { 'application/json': { schema: ref(schema) } } })
const error = (description: string) => body('Error', description)

const REJECTIONS = {
  '400': error('Malformed request: empty body, invalid UTF-8 or JSON, not an object, a missing field or a wrong type (`field` names it)'),
  '401': error('`Authorization: Bearer <token>` missing or wrong (only when the server has PHICODE_API_TOKEN)'),
  '413': error('Request body larger than the server limit'),
}

const NOT_FOUND = { '404': error('No such route'), '405': error('Route exists, but not for this method (see the Allow header)') }

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
export function openApiDocument(requests: RequestShapes): Record<string, unknown> {
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
        ...components({ ExecuteResponse, ConvertResponse, Finding, Error: ErrorReply, Blocked, Info, Symbols, Health }, 'output'),
      },
    },
    security: [{ bearer: [] }, {}],
    paths: {
      '/execute': {
        post: {
          summary: 'Run code in a sandboxed child process',
          requestBody: { required: true, ...body('ExecuteRequest', 'The code and how to run it') },
          responses: {
            '200': body('ExecuteResponse', 'The run finished, failed, timed out or was cut off: see success, exit_code, timed_out and truncated'),
            ...REJECTIONS,
            '403': body('Blocked', 'The security scanner found a threat in the code (or the external engine could not check it)'),
            '422': error('The code cannot be scanned in its dialect (e.g. an unterminated string); line and column say where'),
            '503': {
              ...error('All execution slots are busy and the queue is full, or the server is stopping'),
              headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } },
            },
          },
        },
      },
      '/convert': {
        post: {
          summary: 'Convert between φ and plain Python/TypeScript',
          requestBody: { required: true, ...body('ConvertRequest', 'The code and the target') },
          responses: {
            '200': body('ConvertResponse', 'The converted code'),
            ...REJECTIONS,
            '422': error('The code cannot be converted (unterminated string, a symbol already used in code, …); line and column say where'),
          },
        },
      },
      '/info': { get: { summary: 'Engine version, languages, interpreters, limits, security and sandbox', responses: { '200': body('Info', 'About this server'), '401': REJECTIONS['401'] } } },
      '/symbols': { get: { summary: 'The symbol tables in use (keyword → symbol)', responses: { '200': body('Symbols', 'Both dialects'), '401': REJECTIONS['401'] } } },
      '/health': { get: { summary: 'Liveness; never needs a token', security: [], responses: { '200': body('Health', 'The server answers') } } },
      '/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } }, '401': REJECTIONS['401'] } } },
    },
  }
}

export const openapi: Handler = (_req, _server, ctx) => cachedJson(ctx.bodies, 'openapi', () => openApiDocument(ctx.requests))
