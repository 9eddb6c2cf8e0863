import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { EXIT, PhicodeError, systemError } from '../errors'
import { log } from '../util/log'
import { PLATFORM, unsupported } from '../util/platform'
import { tempRoot } from '../util/os'
import { selfCommand } from '../util/self'

/** What a worker prints on stdout, as one line of JSON, once it listens. */
interface WorkerReady {
  url: string
  sandbox: string
  scan: boolean
  auth: string
}

export interface WorkerPoolOptions {
  count: number
  host: string
  /** 0: the first worker picks a free port, the others join it. */
  port: number
  /** Flags every worker gets after `--api-server` (`--bypass`, `--unsafe-sandbox`). */
  flags: string[]
}

export interface WorkerPool {
  url: string
  /** The first worker's start line: sandbox mode, scan, auth. */
  ready: WorkerReady
  pids(): number[]
  /** New workers up, then the old ones drain and exit; the old ones stay if the new ones fail to start. */
  reload(): Promise<void>
  /** Every worker drains and exits. */
  stop(): Promise<void>
}

/** The default PHICODE_API_DRAIN_DELAY_MS of a worker. */
const WORKER_DRAIN_DELAY_MS = 1000
/** How long a worker may take from spawn to listening (its sandbox self-test included). */
const START_TIMEOUT_MS = 60_000
/** Waits between attempts to replace a worker that keeps failing to start: 1, 2, 4 … 30 s. */
const replaceDelay = (failures: number): number => Math.min(30_000, 1000 * 2 ** failures)

interface Worker {
  id: string
  proc: Bun.Subprocess<'ignore', 'pipe', 'inherit'>
  /** Listening: from then on its exit is a death to replace; before, whoever awaits its start handles a failure. */
  ready: boolean
  /** Draining on a reload or stop: its exit is expected, not replaced. */
  retiring: boolean
}

/** `--workers`: a count, or `auto` for one per core. */
export function parseWorkers(raw: string): number {
  if (raw === 'auto') return navigator.hardwareConcurrency
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || n < 1 || n > 256) throw new PhicodeError(`--workers must be a number 1–256 or auto, got ${JSON.stringify(raw)}`, EXIT.USAGE)
  return n
}

/**
 * The per-worker default of PHICODE_API_CONCURRENCY: the single-process default (max(2, cores))
 * split across the workers, so `--workers auto` does not multiply the executions a host runs.
 */
export const workerConcurrency = (count: number): number => Math.max(1, Math.ceil(Math.max(2, navigator.hardwareConcurrency) / count))

/**
 * Linux balances connections across sockets bound with SO_REUSEPORT; other systems do not.
 * Checked before anything else of the server is set up (the platform table's promise).
 */
export function checkWorkersPlatform(): void {
  if (PLATFORM === 'linux') return
  throw unsupported('--workers', 'the workers share the port through SO_REUSEPORT, which only Linux balances; run one phicode --api-server per port behind a load balancer (docs/deploy.md)')
}

/** Refuses a port another program holds, which SO_REUSEPORT would otherwise let the workers share silently. */
function checkPortFree(host: string, port: number): void {
  if (port === 0) return
  try {
    Bun.serve({ hostname: host, port, reusePort: false, fetch: () => new Response() }).stop(true)
  } catch (error) {
    throw systemError(`cannot listen on ${host}:${port}`, error, { exit: EXIT.UNAVAILABLE, doing: 'failed' })
  }
}

async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string | undefined> {
  const decoder = new TextDecoder()
  let text = ''
  for await (const chunk of stream) {
    text += decoder.decode(chunk, { stream: true })
    const newline = text.indexOf('\n')
    if (newline >= 0) return text.slice(0, newline)
  }
  return undefined
}

/**
 * Runs `count` API server processes on one port (SO_REUSEPORT: the kernel spreads connections
 * over them), replaces one that dies, and reloads them all on request. Each worker is this
 * executable with `--api-server`, told its place by PHICODE_API_WORKER and
 * PHICODE_API_WORKER_DIR; every budget (slots, queue) is its own.
 */
export async function startWorkerPool(options: WorkerPoolOptions): Promise<WorkerPool> {
  checkPortFree(options.host, options.port)
  const dir = mkdtempSync(join(tempRoot(), 'phicode-api-workers-'))
  const env: Record<string, string | undefined> = { ...process.env }
  env.PHICODE_API_CONCURRENCY ||= String(workerConcurrency(options.count))
  // A retiring worker first answers for a while with Connection: close on every response, so
  // its clients' kept-alive connections move to the new workers one answered request at a
  // time; closing them idle instead races a request the client is sending (a reset).
  env.PHICODE_API_DRAIN_DELAY_MS ||= String(WORKER_DRAIN_DELAY_MS)
  let port = options.port
  let nextId = 1
  let stopping = false
  let live: Worker[] = []
  const retiring = new Set<Worker>()

  function spawn(): Worker {
    const id = String(nextId++)
    const proc = Bun.spawn([...selfCommand(), '--api-server', '--api-host', options.host, '--api-port', String(port), ...options.flags], {
      env: { ...env, PHICODE_API_WORKER: id, PHICODE_API_WORKER_DIR: dir },
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'inherit',
    })
    const worker: Worker = { id, proc, ready: false, retiring: false }
    void proc.exited.then((code) => onExit(worker, code))
    return worker
  }

  /** A spawned worker's start line, or a refusal when it exits or hangs before listening. */
  async function started(worker: Worker): Promise<WorkerReady> {
    const timer = setTimeout(() => worker.proc.kill('SIGKILL'), START_TIMEOUT_MS)
    try {
      const line = await firstLine(worker.proc.stdout)
      if (line === undefined) throw new PhicodeError(`worker ${worker.id} exited before listening (code ${await worker.proc.exited}); its errors are above`, EXIT.UNAVAILABLE)
      worker.ready = true
      return JSON.parse(line) as WorkerReady
    } finally {
      clearTimeout(timer)
    }
  }

  let failures = 0
  async function replace(dead: Worker): Promise<void> {
    while (!stopping) {
      const at = live.indexOf(dead)
      // A reload meanwhile put a whole new set in place: nothing left to replace.
      if (at < 0) return
      const worker = spawn()
      live[at] = worker
      try {
        await started(worker)
        failures = 0
        log.info(`worker ${worker.id} (pid ${worker.proc.pid}) replaces worker ${dead.id}`)
        return
      } catch (error) {
        worker.retiring = true
        log.error(`replacing worker ${dead.id}: ${(error as Error).message}; retrying in ${replaceDelay(failures) / 1000} s`)
        await Bun.sleep(replaceDelay(failures++))
        dead = worker
      }
    }
  }

  function onExit(worker: Worker, code: number): void {
    // A worker killed outright leaves its metrics socket behind; scrapes would keep trying it.
    rmSync(join(dir, `${worker.id}.sock`), { force: true })
    if (!worker.ready || worker.retiring || stopping) return
    const how = worker.proc.signalCode ? `was killed by ${worker.proc.signalCode}` : `exited with code ${code}`
    log.warn(`worker ${worker.id} (pid ${worker.proc.pid}) ${how}; starting a replacement`)
    void replace(worker)
  }

  /** `count` new workers, all listening, or none (those that started are stopped again). */
  async function spawnAll(count: number): Promise<{ workers: Worker[]; ready: WorkerReady }> {
    const workers: Worker[] = []
    try {
      // With port 0 the first worker picks the port; the rest must join that one.
      const together = port === 0 ? 1 : count
      for (let k = 0; k < together; k++) workers.push(spawn())
      const [ready] = await Promise.all(workers.map(started))
      port = Number(new URL(ready!.url).port)
      for (let k = together; k < count; k++) workers.push(spawn())
      await Promise.all(workers.slice(together).map(started))
      return { workers, ready: ready! }
    } catch (error) {
      await retire(workers)
      throw error
    }
  }

  /** SIGTERM: each drains as a stopping server does (docs/api.md), then exits. */
  async function retire(workers: Worker[]): Promise<void> {
    for (const w of workers) {
      w.retiring = true
      retiring.add(w)
      w.proc.kill('SIGTERM')
    }
    await Promise.all(workers.map((w) => w.proc.exited))
    for (const w of workers) retiring.delete(w)
  }

  let first: Awaited<ReturnType<typeof spawnAll>>
  try {
    first = await spawnAll(options.count)
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  live = first.workers
  let reloading: Promise<void> = Promise.resolve()
  return {
    url: first.ready.url,
    ready: first.ready,
    pids: () => live.map((w) => w.proc.pid),
    reload() {
      reloading = reloading.then(async () => {
        if (stopping) return
        const old = live
        let fresh: Worker[]
        try {
          fresh = (await spawnAll(options.count)).workers
        } catch (error) {
          log.error(`reload failed, the running workers stay: ${(error as Error).message}`)
          return
        }
        live = fresh
        log.info(`reload: workers ${fresh.map((w) => w.id).join(', ')} listening; draining ${old.map((w) => w.id).join(', ')}`)
        await retire(old)
      })
      return reloading
    },
    async stop() {
      stopping = true
      await reloading
      await retire([...live, ...retiring])
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
