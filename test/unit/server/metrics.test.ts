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
