/**
 * A conversion thread: receives batches of file jobs, answers with their outcomes (converted
 * bytes transferred, not copied). Configs are loaded here, once per directory.
 */
import { configCache, convertFile } from './file'
import type { FileJob, FileOutcome, WorkerReply } from './types'

declare const self: Worker

/** Config warnings go back with the batch; the main thread shows each once. */
let warnings: string[] = []
const configFor = configCache((message) => warnings.push(message))

self.onmessage = (event: MessageEvent<FileJob[]>) => {
  const outcomes: FileOutcome[] = event.data.map((job) => convertFile(job, configFor))
  const buffers = outcomes.flatMap((o) => (o.bytes ? [o.bytes.buffer as ArrayBuffer] : []))
  const reply: WorkerReply = { outcomes, warnings }
  warnings = []
  self.postMessage(reply, buffers)
}
