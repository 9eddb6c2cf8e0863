import { BUILD } from '../../version'
import { cachedJson } from '../_http'
import type { Handler } from '../context'
import { EXECUTE_TYPES } from './execute'
import { DIALECTS, TARGETS } from './convert'

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const body = (schema: string, description: string) => ({ description, content: { 'application/json': { schema: ref(schema) } } })
const error = (description: string) => body('Error', description)

const REJECTIONS = {
  '400': error('Malformed request: empty body, invalid UTF-8 or JSON, not an object, a missing field or a wrong type (`field` names it)'),
  '401': error('`Authorization: Bearer <token>` missing or wrong (only when the server has PHICODE_API_TOKEN)'),
  '413': error('Request body larger than the server limit'),
}

const NOT_FOUND = { '404': error('No such route'), '405': error('Route exists, but not for this method (see the Allow header)') }

/** The OpenAPI 3.1 description of every route, request and response; served at /openapi.json. */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'phicode API',
      version: BUILD.version,
      description: 'Convert and execute φ-syntax Python and TypeScript. Executions run in a sandboxed child process with a time limit, an output cap and process limits.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Needed on every route but /health when the server runs with PHICODE_API_TOKEN' } },
      schemas: SCHEMAS,
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

const string = { type: 'string' }
const integer = { type: 'integer' }
const map = { type: 'object', additionalProperties: string }

const SCHEMAS: Record<string, unknown> = {
  ExecuteRequest: {
    type: 'object',
    required: ['code'],
    properties: {
      code: { type: 'string', description: 'Source code; written to a file, never put on a command line' },
      type: { type: 'string', enum: EXECUTE_TYPES, default: 'auto', description: 'auto: φ when the code holds a φ symbol or pragma, else plain; the dialect by pragma, config, then content' },
      stdin: { type: 'string', default: '', description: 'Given to the program on standard input' },
      args: { type: 'array', items: string, maxItems: 1000, default: [], description: 'The program\'s arguments (sys.argv[1:], process.argv.slice(2))' },
      timeout_ms: { type: 'integer', minimum: 1, description: 'Wall-clock limit; at most the server maximum (GET /info limits.max_timeout_ms)' },
    },
  },
  ExecuteResponse: {
    type: 'object',
    required: ['success', 'output', 'error', 'exit_code', 'execution_time', 'timed_out', 'truncated', 'signal'],
    properties: {
      success: { type: 'boolean', description: 'exit code 0, not timed out, not truncated' },
      output: { type: 'string', description: 'stdout' },
      error: { type: 'string', description: 'stderr' },
      exit_code: { type: ['integer', 'null'], description: 'null when the program was killed' },
      execution_time: { type: 'number', description: 'wall-clock seconds' },
      timed_out: { type: 'boolean' },
      truncated: { type: 'boolean', description: 'output passed the cap; the program was stopped there' },
      signal: { type: ['string', 'null'], description: 'the signal that ended the program' },
    },
  },
  ConvertRequest: {
    type: 'object',
    required: ['code', 'target'],
    properties: {
      code: string,
      target: { type: 'string', enum: TARGETS, description: 'phicode: plain code → φ; python/typescript: φ → plain code' },
      dialect: { type: 'string', enum: DIALECTS, description: 'With target phicode: the dialect of the code (detected when absent)' },
    },
  },
  ConvertResponse: {
    type: 'object',
    required: ['success', 'converted', 'symbols_used', 'target', 'dialect'],
    properties: {
      success: { type: 'boolean' },
      converted: string,
      symbols_used: { type: 'array', items: string },
      target: { type: 'string', enum: TARGETS },
      dialect: { type: 'string', enum: DIALECTS },
    },
  },
  Finding: {
    type: 'object',
    required: ['rule', 'severity', 'message', 'line', 'column', 'match'],
    properties: {
      rule: string,
      severity: { type: 'string', enum: ['high', 'medium'] },
      message: string,
      line: integer,
      column: { type: 'integer', description: 'code points, 1-based' },
      match: string,
    },
  },
  Error: {
    type: 'object',
    required: ['success', 'error'],
    properties: {
      success: { type: 'boolean', const: false },
      error: string,
      field: { type: 'string', description: 'the request field at fault' },
      line: integer,
      column: integer,
    },
  },
  Blocked: {
    type: 'object',
    required: ['success', 'error', 'findings'],
    properties: { success: { type: 'boolean', const: false }, error: string, findings: { type: 'array', items: ref('Finding') } },
  },
  Info: {
    type: 'object',
    required: ['name', 'version', 'commit', 'bun', 'target', 'types', 'dialects', 'interpreters', 'limits', 'security', 'sandbox', 'auth'],
    properties: {
      name: string,
      version: string,
      commit: string,
      bun: string,
      target: string,
      types: { type: 'array', items: { type: 'string', enum: EXECUTE_TYPES } },
      dialects: { type: 'array', items: { type: 'string', enum: DIALECTS } },
      interpreters: {
        type: 'object',
        required: ['python', 'typescript'],
        properties: {
          python: { oneOf: [{ type: 'null' }, { type: 'object', required: ['kind', 'version'], properties: { kind: string, version: string } }] },
          typescript: { type: 'object', required: ['kind', 'version'], properties: { kind: string, version: string } },
        },
      },
      limits: {
        type: 'object',
        required: ['max_body_bytes', 'concurrency', 'queue', 'default_timeout_ms', 'max_timeout_ms', 'max_output_bytes', 'max_processes', 'max_memory_bytes', 'max_file_bytes'],
        properties: Object.fromEntries(
          ['max_body_bytes', 'concurrency', 'queue', 'default_timeout_ms', 'max_timeout_ms', 'max_output_bytes', 'max_processes', 'max_memory_bytes', 'max_file_bytes'].map((k) => [k, integer]),
        ),
      },
      security: {
        type: 'object',
        required: ['scan', 'rules', 'engine'],
        properties: { scan: { type: 'boolean' }, rules: integer, engine: { type: 'boolean', description: 'phimmuno-engine installed' } },
      },
      sandbox: { type: 'string', enum: ['uid', 'process-group'] },
      auth: { type: 'string', enum: ['bearer', 'none'] },
    },
  },
  Symbols: {
    type: 'object',
    required: ['symbols', 'dialects'],
    properties: {
      symbols: { ...map, description: 'python dialect, keyword → symbol (the seed\'s field)' },
      dialects: { type: 'object', required: ['python', 'typescript'], properties: { python: map, typescript: map } },
    },
  },
  Health: {
    type: 'object',
    required: ['status', 'uptime', 'running', 'waiting'],
    properties: { status: { type: 'string', const: 'ok' }, uptime: { type: 'integer', description: 'seconds' }, running: integer, waiting: integer },
  },
}

export const openapi: Handler = (_req, _server, ctx) => cachedJson(ctx.bodies, 'openapi', openApiDocument)
