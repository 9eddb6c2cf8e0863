import { describe, expect, test } from 'bun:test'
import { HttpError } from '../../../src/server/_http'
import { createLimiter, type Limiter } from '../../../src/server/limiter'

const live = () => new AbortController().signal

/** The limiter's gauges, as /ready and /metrics read them. */
const gauges = (l: Limiter) => ({ running: l.running, waiting: l.waiting, slots: l.slots, queue: l.queue, full: l.full })

/** What a rejected acquire answers: its status, message and headers. */
async function refusal(promise: Promise<number>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(HttpError)
  const { status, message, options } = error as HttpError
  return { status, message, headers: options.headers }
}

const RETRY = { 'Retry-After': '1' }

describe('slots', () => {
  test('handed out lowest first; a released slot is the next one handed out', async () => {
    const l = createLimiter(3, 0, 1000)
    expect(gauges(l)).toEqual({ running: 0, waiting: 0, slots: 3, queue: 0, full: false })
    expect([await l.acquire(live()), await l.acquire(live()), await l.acquire(live())]).toEqual([0, 1, 2])
    expect(gauges(l)).toEqual({ running: 3, waiting: 0, slots: 3, queue: 0, full: true })
    l.release(1)
    expect(gauges(l)).toMatchObject({ running: 2, full: false })
    expect(await l.acquire(live())).toBe(1)
  })

  test('all busy and no queue: 503 with Retry-After, naming the sizes', async () => {
    const l = createLimiter(2, 0, 1000)
    await l.acquire(live())
    await l.acquire(live())
    expect(await refusal(l.acquire(live()))).toEqual({ status: 503, message: 'server busy: 2 executions running and 0 waiting; retry later', headers: RETRY })
  })

  test('an aborted request is 499 before anything else', async () => {
    const gone = new AbortController()
    gone.abort()
    expect(await refusal(createLimiter(1, 1, 1000).acquire(gone.signal))).toEqual({ status: 499, message: 'client closed the request', headers: undefined })
  })
})

describe('the queue', () => {
  test('a waiter gets the slot released, in arrival order; full once the queue is', async () => {
    const l = createLimiter(1, 2, 60_000)
    const first = await l.acquire(live())
    const second = l.acquire(live())
    expect(gauges(l)).toEqual({ running: 1, waiting: 1, slots: 1, queue: 2, full: false })
    const third = l.acquire(live())
    expect(gauges(l)).toMatchObject({ waiting: 2, full: true })
    expect(await refusal(l.acquire(live()))).toEqual({ status: 503, message: 'server busy: 1 executions running and 2 waiting; retry later', headers: RETRY })
    l.release(first)
    expect(await second).toBe(first)
    expect(gauges(l)).toMatchObject({ running: 1, waiting: 1, full: false })
    l.release(first)
    expect(await third).toBe(first)
    l.release(first)
    expect(gauges(l)).toEqual({ running: 0, waiting: 0, slots: 1, queue: 2, full: false })
  })

  test('a waiter past the wait is 503 and leaves the queue', async () => {
    const l = createLimiter(1, 1, 30)
    await l.acquire(live())
    expect(await refusal(l.acquire(live()))).toEqual({ status: 503, message: 'server busy: no execution slot within 30 ms; retry later', headers: RETRY })
    expect(gauges(l)).toMatchObject({ running: 1, waiting: 0, full: false })
  })

  test('a waiter whose client goes is 499 and leaves the queue; the slot goes to the next', async () => {
    const l = createLimiter(1, 2, 60_000)
    const slot = await l.acquire(live())
    const client = new AbortController()
    const leaving = l.acquire(client.signal)
    const staying = l.acquire(live())
    client.abort()
    expect(await refusal(leaving)).toEqual({ status: 499, message: 'client closed the request', headers: undefined })
    expect(l.waiting).toBe(1)
    l.release(slot)
    expect(await staying).toBe(slot)
  })

  test('close turns away everyone waiting and every later request', async () => {
    const l = createLimiter(1, 3, 60_000)
    await l.acquire(live())
    const waiters = [l.acquire(live()), l.acquire(live())]
    l.close()
    for (const w of waiters) expect(await refusal(w)).toEqual({ status: 503, message: 'server is stopping', headers: RETRY })
    expect(l.waiting).toBe(0)
    l.release(0)
    expect(await refusal(l.acquire(live()))).toEqual({ status: 503, message: 'server is stopping', headers: RETRY })
  })
})

describe('a waiter\'s abort listener', () => {
  /** A live signal that counts the abort listeners added and not yet removed. */
  function counted() {
    const signal = new AbortController().signal
    const listeners = new Set<unknown>()
    const add = signal.addEventListener.bind(signal)
    const remove = signal.removeEventListener.bind(signal)
    signal.addEventListener = ((type: string, listener: EventListener, options?: AddEventListenerOptions) => {
      if (type === 'abort') listeners.add(listener)
      add(type, listener, options)
    }) as typeof signal.addEventListener
    signal.removeEventListener = ((type: string, listener: EventListener) => {
      if (type === 'abort') listeners.delete(listener)
      remove(type, listener)
    }) as typeof signal.removeEventListener
    return { signal, listeners }
  }

  // A request's signal outlives its wait: a listener left on it would hold the waiter.
  test('is removed when the waiter gets a slot', async () => {
    const l = createLimiter(1, 1, 60_000)
    const slot = await l.acquire(live())
    const { signal, listeners } = counted()
    const waiting = l.acquire(signal)
    expect(listeners.size).toBe(1)
    l.release(slot)
    expect(await waiting).toBe(slot)
    expect(listeners.size).toBe(0)
  })

  test('is removed when the wait is over', async () => {
    const l = createLimiter(1, 1, 5)
    await l.acquire(live())
    const { signal, listeners } = counted()
    expect((await refusal(l.acquire(signal))).status).toBe(503)
    expect(listeners.size).toBe(0)
  })

  test('is removed when the server closes', async () => {
    const l = createLimiter(1, 1, 60_000)
    await l.acquire(live())
    const { signal, listeners } = counted()
    const waiting = l.acquire(signal)
    l.close()
    expect((await refusal(waiting)).message).toBe('server is stopping')
    expect(listeners.size).toBe(0)
  })
})
