import { log } from '../../util/log'
import { resolveServerOptions, startApiServer } from '../../server'
import { printJson } from '../output'

export interface ServerArgs {
  'api-host'?: string
  'api-port'?: string
  bypass?: boolean
  'unsafe-sandbox'?: boolean
  json?: boolean
}

/** Serves until SIGINT/SIGTERM, then stops gracefully and exits 0. */
export async function apiServerCommand(args: ServerArgs): Promise<number> {
  const options = resolveServerOptions({ host: args['api-host'], port: args['api-port'], bypass: args.bypass, unsafeSandbox: args['unsafe-sandbox'], cwd: process.cwd() })
  // Listening for signals before the server exists: one that arrives during start-up still stops it cleanly.
  const signal = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })
  const server = await startApiServer(options)
  const { limits } = options
  if (args.json) printJson({ url: server.url, sandbox: options.sandbox, scan: options.scan, auth: options.token ? 'bearer' : 'none' })
  else process.stdout.write(`phicode API listening on ${server.url}\n`)
  const iso = server.isolation
  log.info(
    `sandbox: ${options.sandbox}; network ${iso.network}, filesystem ${iso.filesystem}, memory ${iso.memory}${iso.cgroup ? ` (cgroup ${iso.cgroup})` : ''}; ${limits.concurrency} executions at once, ${limits.queue} queued; ` +
      `auth: ${options.token ? 'bearer token' : 'none (loopback only)'}; docs: ${server.url}/openapi.json`,
  )
  if (!options.scan) log.warn('--bypass: submitted code is not scanned (it still runs in the sandbox)')
  if (options.sandbox === 'process-group' && process.getuid?.() === 0) log.warn('submitted code runs as root (PHICODE_API_SANDBOX=process-group)')
  log.info(`${await signal}: stopping (requests in flight get up to ${limits.graceMs} ms)`)
  await server.stop()
  log.info('stopped')
  return 0
}
