import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { connect } from 'node:net'
import { get, post, startServer, stopAllServers, type TestServer } from '../../helpers/api'
import { until } from '../../helpers/load'

// Each PHICODE_API_* setting of docs/api.md's "Limits and settings" table, set small, with the
// behaviour the table promises at that value. The defaults are exercised by the other suites.
let small: TestServer

beforeAll(async () => {
  small = await startServer({
    args: ['--bypass'],
    env: {
      PHICODE_API_MAX_BODY: '2000',
      PHICODE_API_CONCURRENCY: '1',
      PHICODE_API_QUEUE: '4',
      PHICODE_API_QUEUE_WAIT_MS: '300',
      PHICODE_API_TIMEOUT_MS: '400',
      PHICODE_API_MAX_TIMEOUT_MS: '3000',
      PHICODE_API_MAX_FILE: '4096',
    },
  })
})
afterAll(stopAllServers)

/** A /convert body of exactly `bytes` bytes. */
function convertBody(bytes: number): string {
  const shell = JSON.stringify({ code: '', target: 'python' })
  return JSON.stringify({ code: 'x'.repeat(bytes - shell.length), target: 'python' })
}

describe('docs/api.md settings, each set small', () => {
  test('PHICODE_API_MAX_BODY=2000: a body of exactly 2000 bytes is served, 2001 bytes is a 413', async () => {
    const at = await post(small.url, '/convert', convertBody(2000))
    expect(at.status).toBe(200)
    const over = await post(small.url, '/convert', convertBody(2001))
    expect(over.status).toBe(413)
    expect(over.body.error).toContain('2000')
  })

  test('PHICODE_API_MAX_TIMEOUT_MS=3000: 3000 is accepted, 3001 is a 400 naming timeout_ms', async () => {
    const ok = await post(small.url, '/execute', { code: 'print(1)', type: 'python', timeout_ms: 3000 })
    expect(ok.status).toBe(200)
    expect(ok.body.output).toBe('1\n')
    const over = await post(small.url, '/execute', { code: 'print(1)', type: 'python', timeout_ms: 3001 })
    expect(over.status).toBe(400)
    expect(over.body.error).toContain('timeout_ms')
    expect(over.body.error).toContain('3000')
  })

  test('PHICODE_API_TIMEOUT_MS=400: a request without timeout_ms is stopped at the default', async () => {
    const r = await post(small.url, '/execute', { code: 'while True:\n    pass\n', type: 'python' })
    expect(r.status).toBe(200)
    expect(r.body.timed_out).toBe(true)
    expect(r.body.exit_code).toBeNull()
  })

  test('PHICODE_API_MAX_FILE=4096: writing a larger file fails inside the program', async () => {
    const code = 'try:\n    open("big", "wb").write(b"x" * 10000)\n    print("wrote")\nexcept OSError as e:\n    print("refused", e.errno)\n'
    const r = await post(small.url, '/execute', { code, type: 'python' })
    expect(r.status).toBe(200)
    // EFBIG (27): Python ignores SIGXFSZ, so RLIMIT_FSIZE surfaces as this error.
    expect(r.body.output).toBe('refused 27\n')
  })

  test('PHICODE_API_CONCURRENCY=1 and PHICODE_API_QUEUE_WAIT_MS=300: a request queued behind a busy slot is a 503 with Retry-After', async () => {
    const busy = post(small.url, '/execute', { code: 'import time\ntime.sleep(2)\nprint("done")\n', type: 'python', timeout_ms: 3000 })
    // The first request holds the only slot once /health counts it as running.
    await until(async () => (await get(small.url, '/health')).body.running === 1, 5000, 'the first execution to run')
    const waiting = post(small.url, '/execute', { code: 'print(2)', type: 'python' })
    // While it waits its 300 ms, /metrics counts it.
    await until(async () => /^phicode_api_queue_waiting{worker="0"} 1$/m.test(await (await fetch(`${small.url}/metrics`)).text()), 5000, 'the second to wait')
    const queued = await waiting
    expect(queued.status).toBe(503)
    expect(queued.headers.get('retry-after')).toBe('1')
    expect(queued.body.error).toBe('server busy: no execution slot within 300 ms; retry later')
    expect((await busy).body.output).toBe('done\n')
  })

  test('a 20 MB Content-Length is answered 413 before any of the body is sent, and the connection closed', async () => {
    const socket = connect(Number(new URL(small.url).port), '127.0.0.1')
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    let answer = ''
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    socket.on('data', (chunk) => (answer += chunk.toString()))
    socket.write(`POST /execute HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${20 * 1024 * 1024}\r\n\r\n`)
    await closed
    expect(answer).toStartWith('HTTP/1.1 413 ')
    expect(answer).toContain('"success":false')
  })

  test('a connection that sends less than its Content-Length and stalls is closed by the server', async () => {
    const socket = connect(Number(new URL(small.url).port), '127.0.0.1')
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    const closed = new Promise<string>((resolve) => {
      socket.on('data', () => resolve('answered'))
      socket.once('close', () => resolve('closed'))
    })
    socket.write('POST /convert HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"code": "')
    // Bun closes an idle connection after its idleTimeout (10 s); the test's own timeout is the bound.
    expect(await closed).toBe('closed')
  }, 40_000)
})
