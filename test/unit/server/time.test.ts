import { afterEach, describe, expect, test } from 'bun:test'
import { within } from '../../../src/server/_time'

// The timers `within` starts and clears, seen through the globals it calls: the oracle for
// "never keeps the process alive" without waiting for the timer itself.
const realSet = globalThis.setTimeout
const realClear = globalThis.clearTimeout
let started: unknown[] = []
let cleared: unknown[] = []
function watchTimers(): void {
  started = []
  cleared = []
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
    const timer = realSet(...args)
    started.push(timer)
    return timer
  }) as typeof setTimeout
  globalThis.clearTimeout = ((timer: Parameters<typeof clearTimeout>[0]) => {
    cleared.push(timer)
    realClear(timer)
  }) as typeof clearTimeout
}
afterEach(() => {
  globalThis.setTimeout = realSet
  globalThis.clearTimeout = realClear
})

describe('within', () => {
  test('a promise that settles in time: true, and its timer is cleared', async () => {
    watchTimers()
    expect(await within(Promise.resolve('done'), 60_000)).toBe(true)
    expect(started.length).toBe(1)
    expect(cleared).toEqual(started)
  })

  test('one that never settles: false once the time is up, and the timer is cleared', async () => {
    watchTimers()
    expect(await within(new Promise(() => {}), 5)).toBe(false)
    expect(started.length).toBe(1)
    expect(cleared).toEqual(started)
  })

  test('one that is rejected in time: the rejection, with the timer cleared', async () => {
    watchTimers()
    const failure = new Error('gone')
    expect(await within(Promise.reject(failure), 60_000).catch((e: unknown) => e)).toBe(failure)
    expect(cleared).toEqual(started)
  })
})
