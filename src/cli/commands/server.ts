import { log } from '../../util/log'
import { resolveServerOptions, startApiServer } from '../../server'
import type { WorkerIdentity } from '../../server/types'
import { checkWorkersPlatform, parseWorkers, startWorkerPool, workerConcurrency } from '../../server/workers'
import { printJson } from '../output'

export interface ServerArgs {
  'api-host'?: string
  'api-port'?: string
  bypass?: boolean
  'unsafe-sandbox'?: boolean
  workers?: string
  json?: boolean
}

/** Resolves with the name of the first of SIGINT/SIGTERM; listening starts at once, so one during start-up still stops cleanly. */
const stopSignal = () =>
  new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })

/** Serves until SIGINT/SIGTERM, then stops gracefully and exits 0. */
export async function apiServerCommand(args: ServerArgs): Promise<number> {
  if (args.workers !== undefined) checkWorkersPlatform()
  const options = resolveServerOptions({ host: args['api-host'], port: args['api-port'], bypass: args.bypass, unsafeSandbox: args['unsafe-sandbox'], cwd: process.cwd() })
  if (args.workers !== undefined) return primaryCommand(args, options, parseWorkers(args.workers))
  const signal = stopSignal()
  const worker = workerIdentity()
  const server = await startApiServer({ ...options, worker })
  const { limits } = options
  const started = { url: server.url, sandbox: options.sandbox, scan: options.scan, auth: options.token ? 'bearer' : 'none' }
  // A worker's primary reads its start line as one line of JSON.
  if (worker) process.stdout.write(`${JSON.stringify(started)}\n`)
  else if (args.json) printJson(started)
  else process.stdout.write(`phicode API listening on ${server.url}\n`)
  if (worker) {
    log.debug(`worker ${worker.id} (pid ${process.pid}) listening`)
    // A hangup of the primary's terminal reaches its whole process group: reloading is the primary's business.
    process.on('SIGHUP', () => log.debug(`worker ${worker.id}: SIGHUP ignored (the primary reloads)`))
    // A worker outlives no primary: orphaned (the primary was killed), it stops as on SIGTERM.
    const primary = process.ppid
    const watch = setInterval(() => process.ppid !== primary && process.emit('SIGTERM'), 1000)
    watch.unref()
  } else {
    const iso = server.isolation
    log.info(
      `sandbox: ${options.sandbox}; network ${iso.network}, filesystem ${iso.filesystem}, memory ${iso.memory}${iso.cgroup ? ` (cgroup ${iso.cgroup})` : ''}; ${limits.concurrency} executions at once, ${limits.queue} queued; ` +
        `auth: ${options.token ? 'bearer token' : 'none (loopback only)'}; docs: ${server.url}/openapi.json`,
    )
    if (!options.scan) log.warn('--bypass: submitted code is not scanned (it still runs in the sandbox)')
    if (options.sandbox === 'process-group' && process.getuid?.() === 0) log.warn('submitted code runs as root (PHICODE_API_SANDBOX=process-group)')
  }
  const why = await signal
  if (!worker) log.info(`${why}: stopping (requests in flight get up to ${limits.graceMs} ms)`)
  await server.stop()
  if (!worker) log.info('stopped')
  return 0
}

/** Set by the primary in a worker's environment. */
function workerIdentity(): WorkerIdentity | undefined {
  const id = process.env.PHICODE_API_WORKER
  const dir = process.env.PHICODE_API_WORKER_DIR
  return id && dir ? { id, dir } : undefined
}

/** `--workers N`: starts N servers on one port and keeps them running; SIGHUP reloads them. */
async function primaryCommand(args: ServerArgs, options: ReturnType<typeof resolveServerOptions>, count: number): Promise<number> {
  const signal = stopSignal()
  const flags = [...(args.bypass ? ['--bypass'] : []), ...(args['unsafe-sandbox'] ? ['--unsafe-sandbox'] : [])]
  const pool = await startWorkerPool({ count, host: options.host, port: options.port, flags })
  process.on('SIGHUP', () => {
    log.info('SIGHUP: starting new workers; the old ones drain once they listen')
    void pool.reload()
  })
  if (args.json) printJson({ ...pool.ready, workers: count, pids: pool.pids() })
  else process.stdout.write(`phicode API listening on ${pool.url}\n`)
  const perWorker = process.env.PHICODE_API_CONCURRENCY || workerConcurrency(count)
  log.info(`${count} workers on one port (pids ${pool.pids().join(', ')}); budgets are per worker (executions at once: ${perWorker} each); SIGHUP reloads them; docs: ${pool.url}/openapi.json`)
  log.info(`${await signal}: stopping ${count} workers (requests in flight get up to ${options.limits.graceMs} ms)`)
  await pool.stop()
  log.info('stopped')
  return 0
}
