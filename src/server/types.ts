/** How far executions are isolated from the server and from one another (see docs/api.md). */
export type SandboxMode = 'uid' | 'process-group'

export interface ServerLimits {
  /** Largest request body accepted, in bytes (413 beyond). */
  bodyBytes: number
  /** Executions running at once. */
  concurrency: number
  /** Executions waiting for a slot; a full queue answers 503. */
  queue: number
  /** Longest wait in the queue before 503. */
  queueWaitMs: number
  /** `timeout_ms` when a request gives none, and the largest one accepted. */
  defaultTimeoutMs: number
  maxTimeoutMs: number
  /** stdout + stderr kept per execution; beyond it the run is stopped and `truncated` is set. */
  outputBytes: number
  /** How long a stop waits for requests in flight before killing their children. */
  graceMs: number
  /** How long a stop keeps listening, /ready answering 503, before it closes the listener. */
  drainDelayMs: number
  /** Processes (threads included) one execution may have; 0 leaves the limit off. */
  processes: number
  /** Address space of a Python execution, bytes (applied by the Python bootstrap). */
  memoryBytes: number
  /** Largest file an execution may write, bytes. */
  fileBytes: number
}

export interface ServerOptions {
  host: string
  port: number
  /** `PHICODE_API_TOKEN`: every route but /health then needs `Authorization: Bearer <token>`. */
  token: string | undefined
  limits: ServerLimits
  /** The built-in scanner (and phimmuno-engine) vet code before it runs; off with --bypass. */
  scan: boolean
  sandbox: SandboxMode
  /** PHICODE_API_NETWORK=on: executions share the host's network instead of a namespace with only `lo`. */
  network: boolean
  /** --unsafe-sandbox: serve a non-loopback address even where executions cannot be isolated. */
  unsafeSandbox: boolean
  /** First uid of this server's block of sandbox uids (uid mode). */
  uidBase: number
  /** Directory whose project config (custom symbols, language) the API uses. */
  cwd: string
  /** Set when this process is one of --workers: the port is shared (SO_REUSEPORT) with its siblings. */
  worker?: WorkerIdentity
}

/** A worker's place among its siblings (given by the primary process in its environment). */
export interface WorkerIdentity {
  /** Unique for the primary's lifetime (a replacement or a reload gets a new one); the `worker` label of its metrics. */
  id: string
  /** Where the workers' Unix sockets for sharing metrics live. */
  dir: string
}

export type { ErrorBody, ExecuteResponse, ExecuteType } from './shapes'
