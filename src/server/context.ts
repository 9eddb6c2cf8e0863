import type { LoadedConfig } from '../config/types'
import type { BodyCache } from './_http'
import type { Limiter } from './limiter'
import type { Metrics } from './metrics'
import type { WorkerSnapshot } from './_siblings'
import type { Sandbox } from './sandbox'
import type { RequestShapes } from './shapes'
import type { ServerOptions } from './types'

/** What every handler may use: settings, the project config, the slot pool and the sandbox. */
export interface ServerContext {
  options: ServerOptions
  config: LoadedConfig
  limiter: Limiter
  sandbox: Sandbox
  /** Request shapes bounded by this server's limits. */
  requests: RequestShapes
  startedAt: number
  /** Stopping or being replaced: /ready answers 503 and every answer closes its connection. */
  draining: boolean
  /** Serialized bodies of answers that do not change (see `cachedJson`). */
  bodies: BodyCache
  metrics: Metrics
  /** This process's number under --workers (`"0"` without), the `worker` label of its metrics. */
  worker: string
  /** The other workers' snapshots (none without --workers), for a scrape that covers them all. */
  siblings(): Promise<WorkerSnapshot[]>
}

export type Handler = (req: Request, server: import('bun').Server<undefined>, ctx: ServerContext) => Promise<Response> | Response
