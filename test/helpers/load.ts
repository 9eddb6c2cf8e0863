/**
 * A steady stream of requests from a few concurrent clients, counting every answer and every
 * failure (a refused or reset connection, a non-2xx status): the tests that stop or replace
 * servers under load assert on these counts.
 */
export interface Load {
  /** Requests answered 2xx so far. */
  readonly ok: number
  /** Requests that failed, with why (status or error), in order. */
  readonly failures: string[]
  /** Stops sending and waits for the requests in flight. */
  stop(): Promise<void>
}

export function startLoad(send: () => Promise<Response>, clients = 4): Load {
  let running = true
  const state = { ok: 0, failures: [] as string[] }
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      try {
        const res = await send()
        await res.arrayBuffer()
        if (res.ok) state.ok++
        else state.failures.push(`status ${res.status}`)
      } catch (error) {
        state.failures.push(String((error as Error).message ?? error))
      }
    }
  })
  return {
    get ok() {
      return state.ok
    },
    get failures() {
      return state.failures
    },
    async stop() {
      running = false
      await Promise.all(loops)
    },
  }
}

/** Waits until `done()` holds, checking every 20 ms, for at most `ms`. */
export async function until(done: () => boolean | Promise<boolean>, ms = 30_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await Bun.sleep(20)
  }
}
