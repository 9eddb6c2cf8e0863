import { COMPILED, embeddedEntry } from '../util/self'
import { configCache, convertFile } from './file'
import type { FileJob, FileOutcome, WorkerReply } from './types'

/**
 * Below this many bytes one thread is as fast or faster: measured on 2 cores, 332 files
 * (3.1 MB) converted in 0.27-0.40 s on one thread and 0.29-0.54 s on two workers (each loads
 * the converter anew); at 18.5 MB two workers took 0.83-1.6 s against 0.56-1.5 s, winning
 * only when the cores were idle. Writing, not converting, bounds a tree (see tree.ts).
 */
const PARALLEL_MIN_BYTES = 8 * 1024 * 1024
const BATCH = 16
/**
 * The compiled executable holds the worker as its own entry point (build/build.ts), laid out
 * below the entries' common directory, src/.
 */
const WORKER_URL = COMPILED ? embeddedEntry('convert/worker.js') : new URL('./worker.ts', import.meta.url).href

export interface PoolRun {
  outcomes: FileOutcome[]
  workers: number
}

/**
 * Converts every job, in worker threads across the cores when the input is large enough to pay
 * for them, else on this thread. Outcomes come back in job order.
 */
export async function convertAll(
  jobs: FileJob[],
  totalBytes: number,
  onDone: (done: number) => void,
  onWarning?: (message: string) => void,
): Promise<PoolRun> {
  // PHICODE_CONVERT_THREADS pins the thread count (1: none), whatever the size.
  const pinned = Number(process.env.PHICODE_CONVERT_THREADS) || undefined
  const threads = Math.min(pinned ?? navigator.hardwareConcurrency, Math.ceil(jobs.length / BATCH))
  if (threads <= 1 || (pinned === undefined && totalBytes < PARALLEL_MIN_BYTES)) {
    const configFor = configCache(onWarning)
    const outcomes = jobs.map((job, k) => {
      const outcome = convertFile(job, configFor)
      onDone(k + 1)
      return outcome
    })
    return { outcomes, workers: 0 }
  }
  const outcomes = new Array<FileOutcome>(jobs.length)
  const warned = new Set<string>()
  let next = 0
  let done = 0
  const runWorker = (): Promise<void> =>
    new Promise((resolveRun, reject) => {
      const worker = new Worker(WORKER_URL)
      let batchStart = 0
      const send = (): void => {
        if (next >= jobs.length) {
          worker.terminate()
          resolveRun()
          return
        }
        batchStart = next
        next = Math.min(jobs.length, next + BATCH)
        worker.postMessage(jobs.slice(batchStart, next))
      }
      worker.onmessage = (event: MessageEvent<WorkerReply>) => {
        for (const warning of event.data.warnings) if (!warned.has(warning) && warned.add(warning)) onWarning?.(warning)
        event.data.outcomes.forEach((outcome, k) => (outcomes[batchStart + k] = outcome))
        done += event.data.outcomes.length
        onDone(done)
        send()
      }
      worker.onerror = (event) => {
        worker.terminate()
        reject(new Error(`conversion worker failed: ${event.message}`))
      }
      send()
    })
  await Promise.all(Array.from({ length: threads }, runWorker))
  return { outcomes, workers: threads }
}
