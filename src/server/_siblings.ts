import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { EXIT, systemError } from '../errors'
import { log } from '../util/log'
import type { MetricsSnapshot } from './metrics'

/** A worker's metrics as its siblings read them. */
export interface WorkerSnapshot {
  worker: string
  snapshot: MetricsSnapshot
}

/** How long a scrape waits for one sibling; a stuck or dying one is left out of that scrape. */
const SIBLING_TIMEOUT_MS = 1000

/**
 * Under --workers, each worker answers its own snapshot on a Unix socket `<dir>/<id>.sock`, so
 * the worker a scrape reaches through the shared port can report every worker's counters.
 * Returns the function that reads the others', and the one that closes this worker's socket.
 */
export function shareSnapshots(dir: string, id: string, local: () => MetricsSnapshot) {
  const path = join(dir, `${id}.sock`)
  let server: ReturnType<typeof Bun.serve>
  try {
    server = Bun.serve({
      unix: path,
      fetch: () => Response.json({ worker: id, snapshot: local() } satisfies WorkerSnapshot),
    })
  } catch (error) {
    throw systemError(`cannot listen on ${path}`, error, { exit: EXIT.UNAVAILABLE, doing: 'failed' })
  }
  async function read(sock: string): Promise<WorkerSnapshot[]> {
    try {
      const res = await fetch('http://worker/snapshot', { unix: join(dir, sock), signal: AbortSignal.timeout(SIBLING_TIMEOUT_MS) })
      return [(await res.json()) as WorkerSnapshot]
    } catch (error) {
      log.debug(`metrics: worker socket ${sock} did not answer: ${error}`)
      return []
    }
  }
  return {
    siblings: async (): Promise<WorkerSnapshot[]> => {
      const socks = readdirSync(dir).filter((f) => f.endsWith('.sock') && f !== `${id}.sock`)
      return (await Promise.all(socks.map(read))).flat()
    },
    close() {
      void server.stop(true)
      rmSync(path, { force: true })
    },
  }
}
