import type { PoolStats } from './sandbox'

/**
 * The server's counters, kept as plain numbers in one process and rendered in the Prometheus
 * text format (version 0.0.4) by /metrics. A snapshot is plain JSON so that, under --workers,
 * the worker answering a scrape can merge its siblings' snapshots into one exposition.
 */

/** Upper bounds (seconds) of the execution-time histogram's buckets; +Inf is implied. */
const EXECUTION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const

interface Histogram {
  /** Cumulative counts per bucket of EXECUTION_BUCKETS, then +Inf. */
  buckets: number[]
  sum: number
  count: number
}

/** What one process counted since it started, and its gauges now. */
export interface MetricsSnapshot {
  /** `route method status` → count. */
  requests: Record<string, number>
  /** `language phi` → histogram of wall-clock execution seconds. */
  executions: Record<string, Histogram>
  timeouts: Record<string, number>
  truncations: Record<string, number>
  /** `route` → 503s answered. */
  unavailable: Record<string, number>
  cache: { hits: number; misses: number }
  gauges: { running: number; free: number; waiting: number; queue: number; draining: number }
  pools: PoolStats[]
}

export interface Metrics {
  request(route: string, method: string, status: number): void
  execution(language: string, phi: boolean, seconds: number, timedOut: boolean, truncated: boolean): void
  snapshot(now: Pick<MetricsSnapshot, 'cache' | 'gauges' | 'pools'>): MetricsSnapshot
}

export function createMetrics(): Metrics {
  const counts: Omit<MetricsSnapshot, 'cache' | 'gauges' | 'pools'> = { requests: {}, executions: {}, timeouts: {}, truncations: {}, unavailable: {} }
  const bump = (table: Record<string, number>, key: string) => (table[key] = (table[key] ?? 0) + 1)
  return {
    request(route, method, status) {
      bump(counts.requests, `${route} ${method} ${status}`)
      if (status === 503) bump(counts.unavailable, route)
    },
    execution(language, phi, seconds, timedOut, truncated) {
      const key = `${language} ${phi}`
      const histogram = (counts.executions[key] ??= { buckets: Array(EXECUTION_BUCKETS.length + 1).fill(0), sum: 0, count: 0 })
      EXECUTION_BUCKETS.forEach((bound, k) => seconds <= bound && histogram.buckets[k]!++)
      histogram.buckets[EXECUTION_BUCKETS.length]!++
      histogram.sum += seconds
      histogram.count++
      if (timedOut) bump(counts.timeouts, key)
      if (truncated) bump(counts.truncations, key)
    },
    snapshot: (now) => structuredClone({ ...counts, ...now }),
  }
}

/** A label value escaped as the text format requires. */
const escapeLabel = (value: string): string => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
const labels = (pairs: Record<string, string>): string => {
  const text = Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')
  return text ? `{${text}}` : ''
}
const number = (n: number): string => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : '-Inf')

interface Family {
  name: string
  type: 'counter' | 'gauge' | 'histogram'
  help: string
  lines: string[]
}

/**
 * The exposition of every process's snapshot; each series carries its process's `worker` label
 * (`"0"` for a server without --workers), so sum() by the other labels gives the server's total.
 */
export function renderMetrics(workers: { worker: string; snapshot: MetricsSnapshot }[]): string {
  const family = (name: string, type: Family['type'], help: string): Family => ({ name, type, help, lines: [] })
  const requests = family('phicode_api_requests_total', 'counter', 'HTTP requests answered, by route, method and status')
  const unavailable = family('phicode_api_unavailable_total', 'counter', '503 answers (busy, queue wait over, draining), by route')
  const executions = family('phicode_api_execution_seconds', 'histogram', 'Wall-clock time of executions, by language and whether the code was φ')
  const timeouts = family('phicode_api_execution_timeouts_total', 'counter', 'Executions killed at their time limit')
  const truncations = family('phicode_api_execution_truncations_total', 'counter', 'Executions stopped at the output cap')
  const cacheHits = family('phicode_api_cache_hits_total', 'counter', 'Answers served from the serialized-body cache (/info, /symbols, /openapi.json)')
  const cacheMisses = family('phicode_api_cache_misses_total', 'counter', 'Answers that had to be serialized first')
  const slots = family('phicode_api_slots', 'gauge', 'Execution slots, by state (running, free)')
  const waiting = family('phicode_api_queue_waiting', 'gauge', 'Executions waiting for a slot')
  const queue = family('phicode_api_queue_capacity', 'gauge', 'Executions that may wait at most')
  const draining = family('phicode_api_draining', 'gauge', '1 while the process is stopping or being replaced')
  const poolSize = family('phicode_api_pool_size', 'gauge', 'Warm processes each pool keeps, by language')
  const poolProcesses = family('phicode_api_pool_processes', 'gauge', 'Warm processes by language and state (ready, busy, starting)')
  const poolHits = family('phicode_api_pool_hits_total', 'counter', 'Executions run on a warm process')
  const poolMisses = family('phicode_api_pool_misses_total', 'counter', 'Executions that started cold: no warm process was ready')
  const poolRestarts = family('phicode_api_pool_restarts_total', 'counter', 'Warm processes started again after one died')
  for (const { worker, snapshot: s } of workers) {
    for (const [key, n] of Object.entries(s.requests)) {
      const [route, method, status] = key.split(' ')
      requests.lines.push(`${requests.name}${labels({ worker, route: route!, method: method!, status: status! })} ${n}`)
    }
    for (const [route, n] of Object.entries(s.unavailable)) unavailable.lines.push(`${unavailable.name}${labels({ worker, route })} ${n}`)
    for (const [key, h] of Object.entries(s.executions)) {
      const [language, phi] = key.split(' ') as [string, string]
      const base = { worker, language, phi }
      h.buckets.forEach((n, k) => executions.lines.push(`${executions.name}_bucket${labels({ ...base, le: number(EXECUTION_BUCKETS[k] ?? Infinity) })} ${n}`))
      executions.lines.push(`${executions.name}_sum${labels(base)} ${h.sum}`, `${executions.name}_count${labels(base)} ${h.count}`)
    }
    for (const [table, fam] of [[s.timeouts, timeouts], [s.truncations, truncations]] as const) {
      for (const [key, n] of Object.entries(table)) {
        const [language, phi] = key.split(' ') as [string, string]
        fam.lines.push(`${fam.name}${labels({ worker, language, phi })} ${n}`)
      }
    }
    cacheHits.lines.push(`${cacheHits.name}${labels({ worker })} ${s.cache.hits}`)
    cacheMisses.lines.push(`${cacheMisses.name}${labels({ worker })} ${s.cache.misses}`)
    slots.lines.push(`${slots.name}${labels({ worker, state: 'running' })} ${s.gauges.running}`, `${slots.name}${labels({ worker, state: 'free' })} ${s.gauges.free}`)
    waiting.lines.push(`${waiting.name}${labels({ worker })} ${s.gauges.waiting}`)
    queue.lines.push(`${queue.name}${labels({ worker })} ${s.gauges.queue}`)
    draining.lines.push(`${draining.name}${labels({ worker })} ${s.gauges.draining}`)
    for (const p of s.pools ?? []) {
      const base = { worker, language: p.language }
      poolSize.lines.push(`${poolSize.name}${labels(base)} ${p.size}`)
      for (const state of ['ready', 'busy', 'starting'] as const) poolProcesses.lines.push(`${poolProcesses.name}${labels({ ...base, state })} ${p[state]}`)
      poolHits.lines.push(`${poolHits.name}${labels(base)} ${p.hits}`)
      poolMisses.lines.push(`${poolMisses.name}${labels(base)} ${p.misses}`)
      poolRestarts.lines.push(`${poolRestarts.name}${labels(base)} ${p.restarts}`)
    }
  }
  const all = [requests, unavailable, executions, timeouts, truncations, cacheHits, cacheMisses, slots, waiting, queue, draining, poolSize, poolProcesses, poolHits, poolMisses, poolRestarts]
  return all.map((f) => [`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`, ...f.lines].join('\n')).join('\n') + '\n'
}
