import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import parsePrometheusTextFormat from 'parse-prometheus-text-format'
import { get, post, startServer, stopAllServers, type TestServer } from '../../helpers/api'

const TOKEN = 'metrics-token-41c2'
const auth = { Authorization: `Bearer ${TOKEN}` }

let server: TestServer
beforeAll(async () => {
  // One slot and no queue, so a second execution during a first is a 503; a small output cap to truncate.
  server = await startServer({ env: { PHICODE_API_TOKEN: TOKEN, PHICODE_API_CONCURRENCY: '1', PHICODE_API_QUEUE: '0', PHICODE_API_MAX_OUTPUT: '1000' } })
})
afterAll(stopAllServers)

type Families = ReturnType<typeof parsePrometheusTextFormat>

/** Every sample named `name`: its lines may come in more than one run (a family's series one after the other). */
function samples(families: Families, name: string) {
  const found = families.filter((f) => f.name === name)
  if (found.length === 0) throw new Error(`no metric ${name}`)
  return found.flatMap((f) => f.metrics)
}

/** The value of the one sample of `name` whose labels include `labels`; 0 when there is none (a counter never touched). */
function value(families: Families, name: string, labels: Record<string, string>): number {
  const found = samples(families, name).filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
  expect(found.length).toBeLessThanOrEqual(1)
  return found.length === 0 ? 0 : Number(found[0]!.value)
}

/**
 * The series of a labelled histogram. parse-prometheus-text-format folds every histogram into
 * one unlabelled sample (it only knows histograms without labels), so the samples are read from
 * a second parse in which the family is untyped: `_bucket`, `_sum` and `_count` are then
 * families of their own with their labels kept.
 */
function histogram(text: string, name: string, labels: Record<string, string>) {
  expect(parsePrometheusTextFormat(text).find((f) => f.name === name)?.type).toBe('HISTOGRAM')
  const untyped = parsePrometheusTextFormat(text.replace(new RegExp(`^# TYPE ${name} histogram$`, 'm'), `# TYPE ${name} untyped`))
  // One labelled series' samples are broken into runs by the others': collected by name below.
  const buckets = samples(untyped, `${name}_bucket`).filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
  return {
    buckets: Object.fromEntries(buckets.map((m) => [m.labels!.le!, Number(m.value)])),
    count: value(untyped, `${name}_count`, labels),
    sum: value(untyped, `${name}_sum`, labels),
  }
}

describe('GET /metrics', () => {
  const times: Record<string, number[]> = { 'python false': [], 'python true': [], 'typescript false': [] }

  test('needs the token like the other routes, and is the Prometheus text format', async () => {
    const refused = await get(server.url, '/metrics')
    expect(refused.status).toBe(401)
    const res = await fetch(`${server.url}/metrics`, { headers: auth })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const families = parsePrometheusTextFormat(await res.text())
    expect(families.find((f) => f.name === 'phicode_api_requests_total')?.type).toBe('COUNTER')
    expect(value(families, 'phicode_api_slots', { state: 'free' })).toBe(1)
    expect(value(families, 'phicode_api_queue_capacity', {})).toBe(0)
  })

  test('its counters match the requests sent', async () => {
    for (let k = 0; k < 3; k++) expect((await get(server.url, '/info', auth)).status).toBe(200)
    for (let k = 0; k < 2; k++) expect((await post(server.url, '/convert', { code: 'π(1)', target: 'python' }, auth)).status).toBe(200)
    expect((await post(server.url, '/convert', { code: 5, target: 'python' }, auth)).status).toBe(400)
    expect((await get(server.url, '/nope', auth)).status).toBe(404)
    const run = async (body: Record<string, unknown>, key: string) => {
      const reply = await post(server.url, '/execute', body, auth)
      expect(reply.status).toBe(200)
      times[key]!.push(reply.body.execution_time)
      return reply.body
    }
    expect(await run({ code: 'print(1)', type: 'python' }, 'python false')).toMatchObject({ success: true })
    expect(await run({ code: 'while True:\n    pass', type: 'python', timeout_ms: 300 }, 'python false')).toMatchObject({ timed_out: true })
    expect(await run({ code: 'print("x" * 5000)', type: 'python' }, 'python false')).toMatchObject({ truncated: true })
    expect(await run({ code: 'ƒ two():\n    ⟲ 2\nπ(two())', type: 'phicode' }, 'python true')).toMatchObject({ output: '2\n' })
    expect(await run({ code: 'console.log(3)', type: 'typescript' }, 'typescript false')).toMatchObject({ output: '3\n' })
    // While a slow one holds the only slot, the next is turned away.
    const slow = post(server.url, '/execute', { code: 'import time\ntime.sleep(1)', type: 'python' }, auth)
    let busy = 0
    for (let k = 0; k < 300 && busy === 0; k++) {
      if ((await get(server.url, '/health')).body.running === 1) busy = (await post(server.url, '/execute', { code: 'print(1)', type: 'python' }, auth)).status
      else await Bun.sleep(10)
    }
    expect(busy).toBe(503)
    // The slot gauges while the slow one still runs (it sleeps a second): the only slot is taken.
    const during = parsePrometheusTextFormat(await (await fetch(`${server.url}/metrics`, { headers: auth })).text())
    expect([value(during, 'phicode_api_slots', { state: 'running' }), value(during, 'phicode_api_slots', { state: 'free' })]).toEqual([1, 0])
    // It runs on the slot's warm Python: that process is busy, for either language (they share it).
    expect([value(during, 'phicode_api_pool_processes', { language: 'python', state: 'busy' }), value(during, 'phicode_api_pool_processes', { language: 'python', state: 'ready' })]).toEqual([1, 0])
    times['python false']!.push((await slow).body.execution_time)

    const text = await (await fetch(`${server.url}/metrics`, { headers: auth })).text()
    const families = parsePrometheusTextFormat(text)
    const requests = (route: string, method: string, status: string) => value(families, 'phicode_api_requests_total', { route, method, status })
    expect(requests('/info', 'GET', '200')).toBe(3)
    expect(requests('/convert', 'POST', '200')).toBe(2)
    expect(requests('/convert', 'POST', '400')).toBe(1)
    expect(requests('other', 'GET', '404')).toBe(1)
    expect(requests('/execute', 'POST', '200')).toBe(6)
    expect(requests('/execute', 'POST', '503')).toBe(1)
    expect(requests('/metrics', 'GET', '401')).toBe(1)
    expect(requests('/metrics', 'GET', '200')).toBe(2)
    expect(value(families, 'phicode_api_unavailable_total', { route: '/execute' })).toBe(1)
    expect(value(families, 'phicode_api_execution_timeouts_total', { language: 'python', phi: 'false' })).toBe(1)
    expect(value(families, 'phicode_api_execution_truncations_total', { language: 'python', phi: 'false' })).toBe(1)
    expect(value(families, 'phicode_api_execution_timeouts_total', { language: 'typescript', phi: 'false' })).toBe(0)
    // /info serialized once, then served from the cache twice.
    expect(value(families, 'phicode_api_cache_misses_total', {})).toBe(1)
    expect(value(families, 'phicode_api_cache_hits_total', {})).toBe(2)

    // Each language's histogram holds exactly the execution times its responses reported, in the right buckets.
    const bounds = ['0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '30']
    for (const [key, seen] of Object.entries(times)) {
      const [language, phi] = key.split(' ') as [string, string]
      const h = histogram(text, 'phicode_api_execution_seconds', { language, phi })
      expect(h.count).toBe(seen.length)
      expect(h.buckets['+Inf']).toBe(seen.length)
      for (const le of bounds) expect(h.buckets[le], `${key} le=${le}`).toBe(seen.filter((t) => t <= Number(le)).length)
      expect(h.sum).toBeCloseTo(seen.reduce((a, b) => a + b, 0), 6)
    }
    expect(value(families, 'phicode_api_slots', { state: 'running' })).toBe(0)
  }, 30_000)
})
