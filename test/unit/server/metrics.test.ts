import { describe, expect, test } from 'bun:test'
import parsePrometheusTextFormat from 'parse-prometheus-text-format'
import { createMetrics, renderMetrics, type MetricsSnapshot } from '../../../src/server/metrics'
import type { PoolStats } from '../../../src/server/sandbox'

const gauges = { running: 1, free: 1, waiting: 0, queue: 4, draining: 0 }
const pools: PoolStats[] = [
  { language: 'python', size: 2, ready: 1, busy: 1, starting: 0, hits: 7, misses: 2, restarts: 1 },
  { language: 'typescript', size: 2, ready: 2, busy: 0, starting: 0, hits: 3, misses: 0, restarts: 0 },
]

/** `name{labels}` → value, for every sample of the exposition as the real parser reads it. */
function samples(text: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const family of parsePrometheusTextFormat(text)) {
    for (const m of family.metrics) {
      const labels = Object.entries(m.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',')
      out[`${family.name}{${labels}}`] = Number(m.value)
    }
  }
  return out
}

describe('renderMetrics', () => {
  test('warm pools: size, processes by state, hits, misses and restarts per language and worker', () => {
    const snapshot: MetricsSnapshot = createMetrics().snapshot({ cache: { hits: 0, misses: 0 }, gauges, pools })
    const seen = samples(renderMetrics([{ worker: '1', snapshot }, { worker: '2', snapshot: { ...snapshot, pools: [] } }]))
    expect(seen['phicode_api_pool_size{worker=1,language=python}']).toBe(2)
    expect(seen['phicode_api_pool_processes{worker=1,language=python,state=busy}']).toBe(1)
    expect(seen['phicode_api_pool_processes{worker=1,language=typescript,state=ready}']).toBe(2)
    expect(seen['phicode_api_pool_hits_total{worker=1,language=python}']).toBe(7)
    expect(seen['phicode_api_pool_misses_total{worker=1,language=python}']).toBe(2)
    expect(seen['phicode_api_pool_restarts_total{worker=1,language=python}']).toBe(1)
    expect(Object.keys(seen).filter((k) => k.startsWith('phicode_api_pool_') && k.includes('worker=2'))).toEqual([])
    expect(seen['phicode_api_slots{worker=2,state=running}']).toBe(1)
  })

  test('label values are escaped as the text format requires', () => {
    const metrics = createMetrics()
    metrics.request('/a"b\\c\nd', 'GET', 200)
    const seen = samples(renderMetrics([{ worker: '0', snapshot: metrics.snapshot({ cache: { hits: 0, misses: 0 }, gauges, pools: [] }) }]))
    expect(seen['phicode_api_requests_total{worker=0,route=/a"b\\c\nd,method=GET,status=200}']).toBe(1)
  })
})

describe('the exposition, line by line', () => {
  // docs/api.md's metrics table: each family and its type, in the order they are written.
  const FAMILIES = [
    ['phicode_api_requests_total', 'counter'],
    ['phicode_api_unavailable_total', 'counter'],
    ['phicode_api_execution_seconds', 'histogram'],
    ['phicode_api_execution_timeouts_total', 'counter'],
    ['phicode_api_execution_truncations_total', 'counter'],
    ['phicode_api_cache_hits_total', 'counter'],
    ['phicode_api_cache_misses_total', 'counter'],
    ['phicode_api_slots', 'gauge'],
    ['phicode_api_queue_waiting', 'gauge'],
    ['phicode_api_queue_capacity', 'gauge'],
    ['phicode_api_draining', 'gauge'],
    ['phicode_api_pool_size', 'gauge'],
    ['phicode_api_pool_processes', 'gauge'],
    ['phicode_api_pool_hits_total', 'counter'],
    ['phicode_api_pool_misses_total', 'counter'],
    ['phicode_api_pool_restarts_total', 'counter'],
  ]

  test('an idle process: every family with its help and type, and its gauges', () => {
    const text = renderMetrics([{ worker: '0', snapshot: createMetrics().snapshot({ cache: { hits: 0, misses: 0 }, gauges: { running: 0, free: 2, waiting: 0, queue: 64, draining: 0 }, pools: [] }) }])
    const lines = text.split('\n')
    expect(lines.filter((l) => l.startsWith('# TYPE ')).map((l) => l.slice(7).split(' '))).toEqual(FAMILIES)
    const helps = lines.filter((l) => l.startsWith('# HELP '))
    expect(helps.map((l) => l.split(' ')[2])).toEqual(FAMILIES.map(([name]) => name))
    for (const help of helps) expect(help.split(' ').slice(3).join(' ').trim()).not.toBe('')
    expect(lines.filter((l) => !l.startsWith('#'))).toEqual([
      'phicode_api_cache_hits_total{worker="0"} 0',
      'phicode_api_cache_misses_total{worker="0"} 0',
      'phicode_api_slots{worker="0",state="running"} 0',
      'phicode_api_slots{worker="0",state="free"} 2',
      'phicode_api_queue_waiting{worker="0"} 0',
      'phicode_api_queue_capacity{worker="0"} 64',
      'phicode_api_draining{worker="0"} 0',
      '',
    ])
  })

  // A sibling's snapshot read over its socket may come from a worker started before pools were
  // counted (a reload replacing the workers one by one): it has no pool lines, and the rest is kept.
  test('a snapshot without pools: no pool lines for that worker', () => {
    const { pools: _, ...older } = createMetrics().snapshot({ cache: { hits: 4, misses: 1 }, gauges, pools: [] })
    const lines = renderMetrics([{ worker: '3', snapshot: older as MetricsSnapshot }]).split('\n')
    expect(lines.filter((l) => l.startsWith('phicode_api_pool_'))).toEqual([])
    expect(lines).toContain('phicode_api_cache_hits_total{worker="3"} 4')
  })

  test('requests, 503s, executions in the histogram (bounds inclusive), timeouts, truncations, cache and pools', () => {
    const m = createMetrics()
    m.request('/execute', 'POST', 200)
    m.request('/execute', 'POST', 200)
    m.request('/execute', 'POST', 503)
    m.request('/ready', 'GET', 503)
    m.request('other', 'other', 404)
    m.execution('python', true, 0.03, false, false)
    m.execution('python', true, 30, true, false)
    m.execution('python', true, 31, true, true)
    m.execution('typescript', false, 0.01, false, true)
    const snapshot = m.snapshot({ cache: { hits: 5, misses: 2 }, gauges: { running: 1, free: 0, waiting: 3, queue: 4, draining: 1 }, pools: [pools[0]!] })
    const samplesOf = (name: string) => renderMetrics([{ worker: '7', snapshot }]).split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name}_`))
    expect(samplesOf('phicode_api_requests_total')).toEqual([
      'phicode_api_requests_total{worker="7",route="/execute",method="POST",status="200"} 2',
      'phicode_api_requests_total{worker="7",route="/execute",method="POST",status="503"} 1',
      'phicode_api_requests_total{worker="7",route="/ready",method="GET",status="503"} 1',
      'phicode_api_requests_total{worker="7",route="other",method="other",status="404"} 1',
    ])
    expect(samplesOf('phicode_api_unavailable_total')).toEqual(['phicode_api_unavailable_total{worker="7",route="/execute"} 1', 'phicode_api_unavailable_total{worker="7",route="/ready"} 1'])
    const py = 'worker="7",language="python",phi="true"'
    const ts = 'worker="7",language="typescript",phi="false"'
    const pyCounts = [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3]
    const tsCounts = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    const bounds = ['0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '30', '+Inf']
    expect(samplesOf('phicode_api_execution_seconds')).toEqual([
      ...bounds.map((le, k) => `phicode_api_execution_seconds_bucket{${py},le="${le}"} ${pyCounts[k]}`),
      `phicode_api_execution_seconds_sum{${py}} 61.03`,
      `phicode_api_execution_seconds_count{${py}} 3`,
      ...bounds.map((le, k) => `phicode_api_execution_seconds_bucket{${ts},le="${le}"} ${tsCounts[k]}`),
      `phicode_api_execution_seconds_sum{${ts}} 0.01`,
      `phicode_api_execution_seconds_count{${ts}} 1`,
    ])
    expect(samplesOf('phicode_api_execution_timeouts_total')).toEqual([`phicode_api_execution_timeouts_total{${py}} 2`])
    expect(samplesOf('phicode_api_execution_truncations_total')).toEqual([`phicode_api_execution_truncations_total{${py}} 1`, `phicode_api_execution_truncations_total{${ts}} 1`])
    expect([...samplesOf('phicode_api_cache_hits_total'), ...samplesOf('phicode_api_cache_misses_total')]).toEqual(['phicode_api_cache_hits_total{worker="7"} 5', 'phicode_api_cache_misses_total{worker="7"} 2'])
    expect([...samplesOf('phicode_api_slots'), ...samplesOf('phicode_api_queue_waiting'), ...samplesOf('phicode_api_queue_capacity'), ...samplesOf('phicode_api_draining')]).toEqual([
      'phicode_api_slots{worker="7",state="running"} 1',
      'phicode_api_slots{worker="7",state="free"} 0',
      'phicode_api_queue_waiting{worker="7"} 3',
      'phicode_api_queue_capacity{worker="7"} 4',
      'phicode_api_draining{worker="7"} 1',
    ])
    const pool = 'worker="7",language="python"'
    expect(['size', 'processes', 'hits_total', 'misses_total', 'restarts_total'].flatMap((k) => samplesOf(`phicode_api_pool_${k}`))).toEqual([
      `phicode_api_pool_size{${pool}} 2`,
      `phicode_api_pool_processes{${pool},state="ready"} 1`,
      `phicode_api_pool_processes{${pool},state="busy"} 1`,
      `phicode_api_pool_processes{${pool},state="starting"} 0`,
      `phicode_api_pool_hits_total{${pool}} 7`,
      `phicode_api_pool_misses_total{${pool}} 2`,
      `phicode_api_pool_restarts_total{${pool}} 1`,
    ])
  })

  test('a snapshot is a copy: later counts do not change it', () => {
    const m = createMetrics()
    m.request('/info', 'GET', 200)
    const before = m.snapshot({ cache: { hits: 0, misses: 0 }, gauges, pools: [] })
    m.request('/info', 'GET', 200)
    m.execution('python', false, 1, false, false)
    expect(before.requests).toEqual({ '/info GET 200': 1 })
    expect(before.executions).toEqual({})
  })
})
