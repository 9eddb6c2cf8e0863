import { HttpError } from './_http'

export interface Limiter {
  /** A free slot (its index), after waiting in the queue if all are busy. */
  acquire(signal: AbortSignal): Promise<number>
  release(slot: number): void
  /** Turns away everyone waiting and every later request (the server is stopping). */
  close(): void
  readonly running: number
  readonly waiting: number
  /** Executions at once, and waiting at most: the sizes the limiter was made with. */
  readonly slots: number
  readonly queue: number
  /** Every slot running and the queue full: the next execution is turned away. */
  readonly full: boolean
}

interface Waiter {
  resolve(slot: number): void
  reject(error: Error): void
}

/**
 * At most `slots` executions at once and `queue` waiting; past that, or after `waitMs` in the
 * queue, a request is turned away with 503 and Retry-After instead of piling up.
 */
export function createLimiter(slots: number, queue: number, waitMs: number): Limiter {
  const free = Array.from({ length: slots }, (_, k) => slots - 1 - k)
  const waiters: Waiter[] = []
  const busy = (message: string) => new HttpError(503, message, { headers: { 'Retry-After': '1' } })
  let closed = false

  return {
    slots,
    queue,
    get running() {
      return slots - free.length
    },
    get waiting() {
      return waiters.length
    },
    get full() {
      return free.length === 0 && waiters.length >= queue
    },
    acquire(signal) {
      if (signal.aborted) return Promise.reject(new HttpError(499, 'client closed the request'))
      if (closed) return Promise.reject(busy('server is stopping'))
      const slot = free.pop()
      if (slot !== undefined) return Promise.resolve(slot)
      if (waiters.length >= queue) return Promise.reject(busy(`server busy: ${slots} executions running and ${queue} waiting; retry later`))
      return new Promise<number>((resolve, reject) => {
        const leave = (error: Error) => {
          const at = waiters.indexOf(waiter)
          if (at >= 0) waiters.splice(at, 1)
          clearTimeout(timer)
          signal.removeEventListener('abort', onAbort)
          reject(error)
        }
        const onAbort = () => leave(new HttpError(499, 'client closed the request'))
        const timer = setTimeout(() => leave(busy(`server busy: no execution slot within ${waitMs} ms; retry later`)), waitMs)
        const waiter: Waiter = {
          resolve: (slot) => {
            clearTimeout(timer)
            signal.removeEventListener('abort', onAbort)
            resolve(slot)
          },
          reject: leave,
        }
        signal.addEventListener('abort', onAbort, { once: true })
        waiters.push(waiter)
      })
    },
    close() {
      closed = true
      for (const waiter of waiters.splice(0)) waiter.reject(busy('server is stopping'))
    },
    release(slot) {
      const next = waiters.shift()
      if (next) next.resolve(slot)
      else free.push(slot)
    },
  }
}
