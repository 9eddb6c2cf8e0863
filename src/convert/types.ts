import type { Dialect, Direction } from '../transpile/types'
import type { Target } from './infer'

/** Where one file's conversion goes. */
export type OutputPlace =
  | { kind: 'file'; path: string }
  /** Mirrored: `rel` (the input's path below the tree's root) under `dir`, extension changed. */
  | { kind: 'dir'; dir: string; rel: string }
  /** Beside the input, extension changed (--in-place, --check without -o). */
  | { kind: 'beside' }

export interface FileJob {
  input: string
  place: OutputPlace
  to?: Target
  dialect?: Dialect
}

type FileStatus = 'converted' | 'unchanged' | 'differs' | 'failed' | 'refused'

export interface FileOutcome {
  input: string
  /** Undefined when the input could not be read or converted. */
  output?: string
  direction?: Direction
  dialect?: Dialect
  status: FileStatus
  /** Bytes read. */
  size: number
  /** The converted file; dropped once written. */
  bytes?: Uint8Array
  /** Permission bits of the input, given to the output. */
  mode?: number
  symbolsUsed?: string[]
  /** file:line:col: reason, or why it was refused. */
  error?: string
}

export interface TreeRequest {
  inputs: string[]
  /** A directory to mirror into, or (one file input) a file. */
  output?: string
  inPlace: boolean
  check: boolean
  force: boolean
  to?: Target
  dialect?: Dialect
  cwd: string
  onProgress?: (done: number, total: number) => void
  onWarning?: (message: string) => void
}

export interface TreeSummary {
  files: FileOutcome[]
  /** Files converted, or compared under --check. */
  count: number
  failed: number
  refused: number
  differs: number
  /** Bytes read from converted inputs. */
  bytes: number
  seconds: number
  workers: number
}

/** A worker thread's answer to one batch of jobs. */
export interface WorkerReply {
  outcomes: FileOutcome[]
  warnings: string[]
}
