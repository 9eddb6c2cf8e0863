import { RULES } from '../../security/rules'
import { findEngine } from '../../security/engine'
import type { Dialect } from '../../transpile/types'
import { BUILD } from '../../version'
import { cachedJson, json } from '../_http'
import type { Handler, ServerContext } from '../context'
import { EXECUTE_TYPES } from './execute'

const pairs = (ctx: ServerContext, dialect: Dialect): Record<string, string> =>
  Object.fromEntries(ctx.config.tables[dialect].entries.map((e) => [e.keyword, e.symbol]))

/** keyword → symbol; `symbols` is the python table, as the seed returned it. */
export const symbols: Handler = (_req, _server, ctx) =>
  cachedJson(ctx.bodies, 'symbols', () => ({
    symbols: pairs(ctx, 'python'),
    dialects: { python: pairs(ctx, 'python'), typescript: pairs(ctx, 'typescript') },
  }))

let engineSeen = { at: -Infinity, installed: false }

/** The engine may be installed while the server runs: looked up again at most once a second. */
function engineInstalled(): boolean {
  const now = performance.now()
  if (now - engineSeen.at > 1000) engineSeen = { at: now, installed: findEngine() !== undefined }
  return engineSeen.installed
}

export const info: Handler = (_req, _server, ctx) => {
  const engine = engineInstalled()
  return cachedJson(ctx.bodies, `info:${engine}`, () => describe(ctx, engine))
}

function describe(ctx: ServerContext, engine: boolean) {
  const { limits } = ctx.options
  const python = ctx.sandbox.python
  return {
    name: 'phicode',
    version: BUILD.version,
    commit: BUILD.commit,
    bun: BUILD.bun,
    target: BUILD.target,
    types: EXECUTE_TYPES,
    dialects: ['python', 'typescript'],
    interpreters: {
      python: python ? { kind: python.kind, version: python.version } : null,
      typescript: { kind: 'bun', version: BUILD.bun },
    },
    limits: {
      max_body_bytes: limits.bodyBytes,
      concurrency: limits.concurrency,
      queue: limits.queue,
      default_timeout_ms: limits.defaultTimeoutMs,
      max_timeout_ms: limits.maxTimeoutMs,
      max_output_bytes: limits.outputBytes,
      max_processes: limits.processes,
      max_memory_bytes: limits.memoryBytes,
      max_file_bytes: limits.fileBytes,
    },
    security: { scan: ctx.options.scan, rules: RULES.python.length + RULES.typescript.length, engine },
    sandbox: ctx.sandbox.mode,
    auth: ctx.options.token ? 'bearer' : 'none',
  }
}

export const health: Handler = (_req, _server, ctx) =>
  json({
    status: 'ok',
    uptime: Math.round((performance.now() - ctx.startedAt) / 1000),
    running: ctx.limiter.running,
    waiting: ctx.limiter.waiting,
  })
