import { cachedJson } from '../_http'
import { convert } from './convert'
import { execute } from './execute'
import { health, ready } from './health'
import { info, symbols } from './info'
import { metrics } from './metrics'
import { body, error, openApiDocument, REJECTIONS, RETRY_AFTER, type Routes } from './openapi'

/**
 * Every route: the server dispatches on this table and /openapi.json describes it, so a route
 * is added (or changed) here once. Shapes are in ../shapes.ts.
 */
export const ROUTES: Routes = {
  '/execute': {
    POST: {
      handler: execute,
      summary: 'Run code in a sandboxed child process',
      request: ['ExecuteRequest', 'The code and how to run it'],
      responses: {
        '200': body('ExecuteResponse', 'The run finished, failed, timed out or was cut off: see success, exit_code, timed_out and truncated'),
        ...REJECTIONS,
        '403': body('Blocked', 'The security scanner found a threat in the code (or the external engine could not check it)'),
        '422': error('The code cannot be scanned in its dialect (e.g. an unterminated string); line and column say where'),
        '503': { ...error('All execution slots are busy and the queue is full, or the server is stopping'), headers: RETRY_AFTER },
      },
    },
  },
  '/convert': {
    POST: {
      handler: convert,
      summary: 'Convert between φ and plain Python/TypeScript',
      request: ['ConvertRequest', 'The code and the target'],
      responses: {
        '200': body('ConvertResponse', 'The converted code'),
        ...REJECTIONS,
        '422': error('The code cannot be converted (unterminated string, a symbol already used in code, …); line and column say where'),
      },
    },
  },
  '/info': {
    GET: {
      handler: info,
      summary: 'Engine version, languages, interpreters, limits, security and sandbox',
      responses: { '200': body('Info', 'About this server'), '401': REJECTIONS['401'] },
    },
  },
  '/symbols': {
    GET: {
      handler: symbols,
      summary: 'The symbol tables in use (keyword → symbol)',
      responses: { '200': body('Symbols', 'Both dialects'), '401': REJECTIONS['401'] },
    },
  },
  '/health': {
    GET: { handler: health, summary: 'Liveness; never needs a token', security: [], responses: { '200': body('Health', 'The server answers') } },
  },
  '/ready': {
    GET: {
      handler: ready,
      summary: 'Readiness for a load balancer; never needs a token',
      security: [],
      responses: {
        '200': body('Ready', 'Send work here'),
        '503': { ...body('Ready', 'Draining (stopping or replaced), or every slot busy and the queue full'), headers: RETRY_AFTER },
      },
    },
  },
  '/metrics': {
    GET: {
      handler: metrics,
      summary: 'Counters and gauges in the Prometheus text format (every worker\'s, labelled worker)',
      responses: {
        '200': { description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } },
        '401': REJECTIONS['401'],
      },
    },
  },
  '/openapi.json': {
    GET: {
      handler: (_req, _server, ctx) => cachedJson(ctx.bodies, 'openapi', () => openApiDocument(ctx.requests, ROUTES)),
      summary: 'This document',
      responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } }, '401': REJECTIONS['401'] },
    },
  },
}
