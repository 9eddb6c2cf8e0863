import type { LoadedConfig } from '../config/types'
import type { Limiter } from './limiter'
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
  bodies: Map<string, string>
}

export type Handler = (req: Request, server: import('bun').Server<undefined>, ctx: ServerContext) => Promise<Response> | Response
