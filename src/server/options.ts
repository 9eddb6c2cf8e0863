import { EXIT, PhicodeError } from '../errors'
import type { IsolationReport } from './sandbox/isolation'
import type { SandboxMode, ServerLimits, ServerOptions } from './types'
import { detectSandbox } from './sandbox/detect'
import { envNumber } from '../config/env'

type Env = Record<string, string | undefined>

export interface ServerFlags {
  host?: string
  port?: string
  /** --bypass: run code without the security scan (the sandbox still applies). */
  bypass?: boolean
  /** --unsafe-sandbox: accept a non-loopback address without network and filesystem isolation. */
  unsafeSandbox?: boolean
  cwd: string
}

const MiB = 1024 * 1024

/** Every tunable with its default; docs/api.md lists them. */
function limitsFromEnv(env: Env): ServerLimits {
  const maxTimeoutMs = integer(env, 'PHICODE_API_MAX_TIMEOUT_MS', 30_000, 1)
  return {
    bodyBytes: integer(env, 'PHICODE_API_MAX_BODY', 1 * MiB, 1),
    concurrency: integer(env, 'PHICODE_API_CONCURRENCY', Math.max(2, navigator.hardwareConcurrency), 1),
    queue: integer(env, 'PHICODE_API_QUEUE', 64, 0),
    queueWaitMs: integer(env, 'PHICODE_API_QUEUE_WAIT_MS', 30_000, 1),
    defaultTimeoutMs: Math.min(integer(env, 'PHICODE_API_TIMEOUT_MS', 5_000, 1), maxTimeoutMs),
    maxTimeoutMs,
    outputBytes: integer(env, 'PHICODE_API_MAX_OUTPUT', 1 * MiB, 1),
    graceMs: integer(env, 'PHICODE_API_GRACE_MS', 10_000, 0),
    drainDelayMs: integer(env, 'PHICODE_API_DRAIN_DELAY_MS', 0, 0),
    processes: integer(env, 'PHICODE_API_MAX_PROCESSES', 128, 0),
    memoryBytes: integer(env, 'PHICODE_API_MAX_MEMORY', 1024 * MiB, 0),
    fileBytes: integer(env, 'PHICODE_API_MAX_FILE', 64 * MiB, 0),
  }
}

const integer = (env: Env, name: string, fallback: number, min: number): number => envNumber(name, fallback, { min }, env)

/** 127.0.0.0/8, ::1 and `localhost`: addresses only this machine can reach. */
function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '')
  if (bare === 'localhost') return true
  // Required here: a static import would load node:net on every start of phicode.
  const { isIP } = require('node:net') as typeof import('node:net')
  if (isIP(bare) === 4) return bare.startsWith('127.')
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./i.test(bare)
  return false
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 8000
  const port = Number(raw)
  if (!/^\d+$/.test(raw) || port > 65535) throw new PhicodeError(`--api-port must be a port number 0–65535 (0 picks a free one), got ${JSON.stringify(raw)}`, EXIT.USAGE)
  return port
}

function parseNetwork(env: Env): boolean {
  const raw = env.PHICODE_API_NETWORK ?? 'off'
  if (raw === 'on' || raw === 'off') return raw === 'on'
  throw new PhicodeError(`PHICODE_API_NETWORK must be on or off, got ${JSON.stringify(raw)}`, EXIT.USAGE)
}

function parseSandbox(env: Env): SandboxMode | 'auto' {
  const raw = env.PHICODE_API_SANDBOX ?? 'auto'
  if (raw === 'auto' || raw === 'uid' || raw === 'process-group') return raw
  throw new PhicodeError(`PHICODE_API_SANDBOX must be auto, uid or process-group, got ${JSON.stringify(raw)}`, EXIT.USAGE)
}

/**
 * A non-loopback address is refused where executions would share the host's files and network
 * (no bubblewrap, or no namespaces), unless --unsafe-sandbox accepts it.
 */
export function requireIsolation(options: Pick<ServerOptions, 'host' | 'unsafeSandbox'>, isolation: Pick<IsolationReport, 'filesystem' | 'missing'>): void {
  if (isLoopback(options.host) || isolation.filesystem === 'private' || options.unsafeSandbox) return
  throw new PhicodeError(
    `refusing to listen on ${options.host}: executions here get no network or filesystem isolation (${isolation.missing.join('; ')}); pass --unsafe-sandbox to accept that, or bind 127.0.0.1`,
    EXIT.USAGE,
  )
}

/**
 * The server's settings from flags and environment. Refuses what would be unsafe to start:
 * a non-loopback address without a token, or root with no way to drop privileges.
 */
export function resolveServerOptions(flags: ServerFlags, env: Env = process.env): ServerOptions {
  const host = flags.host ?? '127.0.0.1'
  if (host === '' || /[\s/]/.test(host)) throw new PhicodeError(`--api-host must be an address or host name, got ${JSON.stringify(host)}`, EXIT.USAGE)
  const token = env.PHICODE_API_TOKEN || undefined
  if (!isLoopback(host) && !token) {
    throw new PhicodeError(
      `refusing to listen on ${host} without PHICODE_API_TOKEN: anyone who can reach it could run code here (set a token, or keep the default 127.0.0.1)`,
      EXIT.USAGE,
    )
  }
  return {
    host,
    port: parsePort(flags.port),
    token,
    limits: limitsFromEnv(env),
    scan: flags.bypass !== true,
    sandbox: detectSandbox(parseSandbox(env)),
    network: parseNetwork(env),
    unsafeSandbox: flags.unsafeSandbox === true,
    uidBase: integer(env, 'PHICODE_API_UID_BASE', 2_000_000_000, 1000),
    cwd: flags.cwd,
  }
}
