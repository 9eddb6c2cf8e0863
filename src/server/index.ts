import { log } from '../util/log'
import { loadConfig } from '../config/load'
import { EXIT, systemError } from '../errors'
import { createBodyCache, errorResponse, HttpError, internalError } from './_http'
import { within } from './_time'
import { authorized } from './auth'
import type { ServerContext } from './context'
import { createLimiter } from './limiter'
import { createMetrics } from './metrics'
import { ROUTES } from './routes'
import { localSnapshot } from './routes/metrics'
import { shareSnapshots } from './_siblings'
import { createSandbox } from './sandbox'
import type { IsolationReport } from './sandbox/isolation'
import { requestShapes } from './shapes'
import type { ServerOptions } from './types'

import { requireIsolation } from './options'

export { resolveServerOptions } from './options'
export type { ServerOptions } from './types'

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])

export interface ApiServer {
  url: string
  /** The protections executions get here, and those missing. */
  isolation: IsolationReport
  /** Stops accepting, lets requests in flight finish (within the grace period), kills the rest. */
  stop(): Promise<void>
}

const pathOf = (url: string): string => {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  const end = url.indexOf('?', start)
  return start < 0 ? '/' : url.slice(start, end < 0 ? undefined : end)
}

export async function startApiServer(options: ServerOptions): Promise<ApiServer> {
  const config = loadConfig(options.cwd)
  const configText = config.file ? await Bun.file(config.file).text() : undefined
  const sandbox = await createSandbox(options, configText)
  for (const missing of sandbox.isolation.missing) log.warn(`sandbox: no ${missing}`)
  try {
    requireIsolation(options, sandbox.isolation)
  } catch (error) {
    sandbox.close()
    throw error
  }
  const ctx: ServerContext = {
    options,
    config,
    limiter: createLimiter(options.limits.concurrency, options.limits.queue, options.limits.queueWaitMs),
    sandbox,
    requests: requestShapes(options.limits),
    startedAt: performance.now(),
    draining: false,
    bodies: createBodyCache(),
    metrics: createMetrics(),
    worker: options.worker?.id ?? '0',
    siblings: async () => [],
  }
  let shared: ReturnType<typeof shareSnapshots> | undefined
  try {
    shared = options.worker && shareSnapshots(options.worker.dir, options.worker.id, () => localSnapshot(ctx))
  } catch (error) {
    // The zygotes and the sandbox's timers would keep a worker that cannot start alive.
    sandbox.close()
    throw error
  }
  if (shared) ctx.siblings = shared.siblings
  let inFlight = 0
  let drained: (() => void) | undefined
  let stopping: Promise<void> | undefined

  async function dispatch(req: Request, server: import('bun').Server<undefined>): Promise<Response> {
    const path = pathOf(req.url)
    const route = ROUTES[path]
    if (!route) throw new HttpError(404, `no route ${path}; see GET /openapi.json`)
    const op = route[req.method as 'GET' | 'POST']
    if (!op) {
      const allow = Object.keys(route).join(', ')
      throw new HttpError(405, `${req.method} is not allowed on ${path}; use ${allow}`, { headers: { Allow: allow } })
    }
    // A route the document serves without security (the probes) never asks for the token.
    if (options.token && !op.security && !authorized(req, options.token)) {
      throw new HttpError(401, 'missing or wrong bearer token', { headers: { 'WWW-Authenticate': 'Bearer' } })
    }
    return op.handler(req, server, ctx)
  }

  async function answer(req: Request, server: import('bun').Server<undefined>): Promise<Response> {
    try {
      return await dispatch(req, server)
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error)
      log.error(`internal error on ${req.method} ${pathOf(req.url)}: ${(error as Error)?.stack ?? error}`)
      return internalError()
    }
  }

  let server: import('bun').Server<undefined>
  try {
    server = Bun.serve({
      hostname: options.host,
      port: options.port,
      development: false,
      // Only --workers share the port: development: false alone turns SO_REUSEPORT on, and a second
      // server would share it silently.
      reusePort: options.worker !== undefined,
      // Idle connections (a client that stalls mid-body) are cut after this; executions lift it.
      idleTimeout: 10,
      // Our own check answers 413 in JSON; this only guards against absurd declared sizes.
      maxRequestBodySize: Math.max(options.limits.bodyBytes * 4, 64 * 1024 * 1024),
      async fetch(req, server) {
        inFlight++
        try {
          const response = await answer(req, server)
          // Labels from a fixed set: a client must not be able to mint new series with made-up paths or methods.
          const path = pathOf(req.url)
          ctx.metrics.request(ROUTES[path] ? path : 'other', METHODS.has(req.method) ? req.method : 'other', response.status)
          // A draining server still answers what arrives on open connections, and closes them so the client's next request reaches a live listener.
          if (ctx.draining) response.headers.set('Connection', 'close')
          return response
        } finally {
          if (--inFlight === 0) drained?.()
        }
      },
      error(error) {
        log.error(`internal error: ${error?.stack ?? error}`)
        return internalError()
      },
    })
  } catch (error) {
    shared?.close()
    sandbox.close()
    throw systemError(`cannot listen on ${options.host}:${options.port}`, error, { exit: EXIT.UNAVAILABLE, doing: 'failed' })
  }

  const host = server.hostname?.includes(':') ? `[${server.hostname}]` : server.hostname
  return {
    url: `http://${host}:${server.port}`,
    isolation: sandbox.isolation,
    stop() {
      stopping ??= (async () => {
        ctx.draining = true
        // Load balancers that poll /ready get a window to see the 503 and route elsewhere before the listener closes.
        if (options.limits.drainDelayMs > 0) await Bun.sleep(options.limits.drainDelayMs)
        void server.stop(false)
        const idle = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve))
        if (!(await within(idle, options.limits.graceMs))) {
          log.warn(`stopping: ${inFlight} request(s) still running after ${options.limits.graceMs} ms; killing their programs`)
          ctx.limiter.close()
          await sandbox.killAll()
          await within(idle, 2000)
        }
        await server.stop(true)
        shared?.close()
        sandbox.close()
      })()
      return stopping
    },
  }
}
