import { json } from '../_http'
import type { Handler, ServerContext } from '../context'
import type { Health, Ready } from '../shapes'

/** Liveness: the process answers. Never behind the token, never 503 (a draining server is still alive). */
export const health: Handler = (_req, _server, ctx) =>
  json({
    status: 'ok',
    uptime: Math.round((performance.now() - ctx.startedAt) / 1000),
    running: ctx.limiter.running,
    waiting: ctx.limiter.waiting,
  } satisfies Health)

const readiness = (ctx: ServerContext): Ready['status'] => (ctx.draining ? 'draining' : ctx.limiter.full ? 'busy' : 'ready')

/**
 * Readiness: whether a load balancer should send this process more work. 503 while it drains
 * (stopping, or replaced on a reload) and while the next execution would be turned away.
 */
export const ready: Handler = (_req, _server, ctx) => {
  const { limiter } = ctx
  const status = readiness(ctx)
  const body: Ready = { status, running: limiter.running, waiting: limiter.waiting, slots: limiter.slots, queue: limiter.queue }
  return status === 'ready' ? json(body) : json(body, 503, { 'Retry-After': '1' })
}
