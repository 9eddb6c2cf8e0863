import type { Handler, ServerContext } from '../context'
import { renderMetrics, type MetricsSnapshot } from '../metrics'

/** This process's counters, and its gauges as they are now. */
export function localSnapshot(ctx: ServerContext): MetricsSnapshot {
  const { limiter, bodies } = ctx
  return ctx.metrics.snapshot({
    cache: { hits: bodies.hits, misses: bodies.misses },
    pools: ctx.sandbox.poolStats(),
    gauges: { running: limiter.running, free: limiter.slots - limiter.running, waiting: limiter.waiting, queue: limiter.queue, draining: ctx.draining ? 1 : 0 },
  })
}

const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/** The Prometheus text exposition of this server's counters (every worker's, under --workers). */
export const metrics: Handler = async (_req, _server, ctx) => {
  const snapshots = [{ worker: ctx.worker, snapshot: localSnapshot(ctx) }, ...(await ctx.siblings())]
  return new Response(renderMetrics(snapshots), { headers: { 'Content-Type': METRICS_CONTENT_TYPE, 'Cache-Control': 'no-store' } })
}
