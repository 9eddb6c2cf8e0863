import { describe, expect, test } from 'bun:test'
import { documentedServer, get, post, startServer } from '../../helpers/api'

/** One slot and no queue: a single running execution makes the server busy. */
const api = documentedServer({ args: ['--bypass'], env: { PHICODE_API_CONCURRENCY: '1', PHICODE_API_QUEUE: '0' } })
const { conforms } = api

/** Polls `path` until `done` holds for its reply (a readiness check, not a sleep of a guessed length). */
async function until(url: string, path: string, done: (reply: Awaited<ReturnType<typeof get>>) => boolean) {
  for (let k = 0; k < 500; k++) {
    const reply = await get(url, path)
    if (done(reply)) return reply
    await Bun.sleep(10)
  }
  throw new Error(`${path} never reached the state waited for`)
}

describe('/health and /ready', () => {
  test('an idle server is alive and ready, with its slot and queue sizes', async () => {
    const health = await get(api.server.url, '/health')
    conforms(health, 'GET', '/health', 200)
    expect(health.body).toMatchObject({ status: 'ok', running: 0, waiting: 0 })
    const ready = await get(api.server.url, '/ready')
    conforms(ready, 'GET', '/ready', 200)
    expect(ready.body).toEqual({ status: 'ready', running: 0, waiting: 0, slots: 1, queue: 0 })
  })

  test('every slot running and the queue full: /ready is 503 busy with Retry-After, /health stays 200, and it recovers', async () => {
    const running = post(api.server.url, '/execute', { code: 'import time\ntime.sleep(1.5)\nprint("done")', type: 'python' })
    const busy = await until(api.server.url, '/ready', (r) => r.status === 503)
    conforms(busy, 'GET', '/ready', 503)
    expect(busy.body).toEqual({ status: 'busy', running: 1, waiting: 0, slots: 1, queue: 0 })
    expect(busy.headers.get('retry-after')).toBe('1')
    // The readiness promise: the next execution now would indeed be turned away.
    const refused = await post(api.server.url, '/execute', { code: 'print(1)', type: 'python' })
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('1')
    expect((await get(api.server.url, '/health')).status).toBe(200)
    expect((await running).body).toMatchObject({ success: true, output: 'done\n' })
    const again = await until(api.server.url, '/ready', (r) => r.status === 200)
    expect(again.body.status).toBe('ready')
  }, 20_000)

  test('while it drains, /ready is 503 draining, /health 200, and what arrives is still answered, with Connection: close', async () => {
    const s = await startServer({ args: ['--bypass'], env: { PHICODE_API_DRAIN_DELAY_MS: '3000' } })
    expect((await get(s.url, '/ready')).status).toBe(200)
    expect(await (await fetch(`${s.url}/metrics`)).text()).toMatch(/^phicode_api_draining{worker="0"} 0$/m)
    const exited = s.stop()
    const ready = await until(s.url, '/ready', (r) => r.status === 503)
    conforms(ready, 'GET', '/ready', 503)
    expect(ready.body.status).toBe('draining')
    expect(ready.headers.get('retry-after')).toBe('1')
    expect(ready.headers.get('connection')).toBe('close')
    const health = await get(s.url, '/health')
    expect(health.status).toBe(200)
    expect(health.headers.get('connection')).toBe('close')
    const converted = await post(s.url, '/convert', { code: 'π(1)', target: 'python' })
    expect(converted.body.converted).toBe('print(1)')
    expect(await (await fetch(`${s.url}/metrics`)).text()).toMatch(/^phicode_api_draining{worker="0"} 1$/m)
    expect(await exited).toBe(0)
  }, 20_000)
})
