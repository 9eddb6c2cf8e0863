import type { Interpreter } from '../../runtime/types'
import { RULES } from '../../security/rules'
import { findEngine } from '../../security/engine'
import type { Dialect } from '../../transpile/types'
import { BUILD } from '../../version'
import { cachedJson } from '../_http'
import type { Handler, ServerContext } from '../context'
import { DIALECTS, EXECUTE_TYPES, type Info, type Symbols } from '../shapes'

const pairs = (ctx: ServerContext, dialect: Dialect): Record<string, string> =>
  Object.fromEntries(ctx.config.tables[dialect].entries.map((e) => [e.keyword, e.symbol]))

/** keyword → symbol for both dialects, and the python table in the seed engine's three fields. */
export const symbols: Handler = (_req, _server, ctx) =>
  cachedJson(ctx.bodies, 'symbols', (): Symbols => {
    const python = pairs(ctx, 'python')
    return {
      success: true,
      python_to_phicode: python,
      phicode_to_python: Object.fromEntries(ctx.config.tables.python.entries.map((e) => [e.symbol, e.keyword])),
      symbol_count: Object.keys(python).length,
      symbols: python,
      dialects: { python, typescript: pairs(ctx, 'typescript') },
    }
  })

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

/** The seed engine's `python_info`: implementation and language version, e.g. `cpython 3.11`. */
function pythonInfo(python: Interpreter | undefined): string | null {
  if (!python) return null
  const [major, minor] = (python.languageVersion ?? python.version).split('.')
  return `${python.kind} ${major}.${minor}`
}

function describe(ctx: ServerContext, engine: boolean): Info {
  const { limits } = ctx.options
  const python = ctx.sandbox.python
  return {
    success: true,
    engine: '(φ) Phicode Engine',
    badge: '(φ)',
    symbol: 'φ',
    python_info: pythonInfo(python),
    api_version: BUILD.version,
    name: 'phicode',
    version: BUILD.version,
    commit: BUILD.commit,
    bun: BUILD.bun,
    target: BUILD.target,
    types: [...EXECUTE_TYPES],
    dialects: [...DIALECTS],
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
    isolation: ctx.sandbox.isolation,
    auth: ctx.options.token ? 'bearer' : 'none',
  }
}
