/**
 * A conversion thread: receives batches of file jobs, answers with their outcomes (converted
 * bytes transferred, not copied). Configs are loaded here, once per directory.
 */
import { configCache, convertFile } from './file'
import type { FileJob, FileOutcome } from './types'

declare const self: Worker

const configFor = configCache()

self.onmessage = (event: MessageEvent<FileJob[]>) => {
  const outcomes: FileOutcome[] = event.data.map((job) => convertFile(job, configFor))
  const buffers = outcomes.flatMap((o) => (o.bytes ? [o.bytes.buffer as ArrayBuffer] : []))
  self.postMessage(outcomes, buffers)
}
