import { log } from '../../util/log'
import type { Subprocess } from 'bun'
import type { Interpreter } from '../../runtime/types'
import { SYSTEM_PATH } from './_setup'
import zygoteSource from './zygote.py' with { type: 'text' }

/** What the zygote's child needs to become one job (see zygote.py). */
interface WarmJob {
  uid: number
  /** The job's directory, made inside the child's own mount namespace. */
  dir: string
  file: string
  /** Written to `file`: what tracebacks show. */
  source: string
  /** Compiled under `file`'s path: the plain Python of `source` (lines never move). */
  code: string
  args: string[]
  stdin: string
  env: Record<string, string>
  /** rlimits by name (`cpu`, `fsize`, `nproc`, `as`, `core`). */
  limits: Record<string, number>
  /** Mount points that get an empty tmpfs in the child's namespace. */
  fresh: string[]
  /** Instead of compiling `code`: the command the child becomes (a program for another runtime). */
  exec?: string[]
  /** More of the job's directory, in order: a folder (null) or a file's text. */
  files?: Record<string, string | null>
}

/** How the child ended, after every process of its uid was killed. */
export interface WarmEnd {
  code: number | null
  signal: number | null
  /** No live process of the uid is left. */
  clean: boolean
  zombies: number
}

/** One job on a warm slot. */
interface WarmRun {
  /** Its end, or `lost` when the zygote died first (its namespace, and the job, went with it). */
  ended: Promise<WarmEnd | 'lost'>
  /** Kills the job's processes now (time limit, output cap, client gone). */
  kill(): void
}

type Language = 'python' | 'typescript'

/**
 * The warm pool as one language sees it, for /metrics and /ready. Both languages share the same
 * zygotes (TypeScript by exec in the child), so size and states are the same in both; hits and
 * misses are each language's own.
 */
export interface PoolStats {
  language: Language
  /** Zygotes the pool keeps: one per execution slot. */
  size: number
  ready: number
  busy: number
  starting: number
  /** Jobs run on a zygote. */
  hits: number
  /** Jobs that started cold because their slot's zygote was not ready, or died under them. */
  misses: number
  /** Zygotes started again after one died. */
  restarts: number
}

export interface WarmPool {
  /** Runs `job` on `slot`'s zygote; undefined when it is not ready (the caller starts cold). */
  run(slot: number, language: Language, job: WarmJob, output: (which: 'stdout' | 'stderr', chunk: Uint8Array) => void): WarmRun | undefined
  /** A job the pool could not take ran cold. */
  missed(language: Language): void
  /** Resolves once every zygote is ready or has failed to start, at most `ms` from now. */
  warmed(ms: number): Promise<void>
  stats(): PoolStats[]
  /** Kills every zygote (the caller waits for the slots' cgroups to empty). */
  close(): void
}

export interface PoolParts {
  slots: number
  python: Interpreter
  /** The command that puts a zygote into slot `slot`'s cgroups and view. */
  prefix(slot: number): string[]
}

/** The capabilities a zygote keeps in its namespaces: to build each job's view and drop to its uid. */
export const ZYGOTE_CAPS = ['CAP_SYS_ADMIN', 'CAP_SETUID', 'CAP_SETGID', 'CAP_CHOWN', 'CAP_SETPCAP']

const STUB = "exec(compile(__import__('sys').argv[1],'<phicode-zygote>','exec'),{'__name__':'_phicode_zygote'})"

/** Longest pause before a zygote that keeps dying is started again. */
const MAX_BACKOFF_MS = 10_000

interface Zygote {
  proc: Subprocess<'pipe', 'pipe', 'inherit'>
  state: 'starting' | 'ready' | 'busy' | 'dead'
  job?: {
    output(which: 'stdout' | 'stderr', chunk: Uint8Array): void
    end(result: WarmEnd | 'lost'): void
  }
}

function frame(kind: string, payload: string): Uint8Array {
  const body = Buffer.from(payload)
  const out = Buffer.allocUnsafe(5 + body.length)
  out[0] = kind.charCodeAt(0)
  out.writeUInt32BE(body.length, 1)
  body.copy(out, 5)
  return out
}

/**
 * One Python zygote per execution slot (zygote.py), each inside that slot's cgroups and a
 * bubblewrap view of its own; a dead one is replaced in the background, with backoff.
 */
export function createWarmPool(parts: PoolParts): WarmPool {
  const zygotes: Array<Zygote | undefined> = Array.from({ length: parts.slots })
  const backoff: number[] = Array.from({ length: parts.slots }, () => 0)
  /** Slots whose zygote keeps dying, already reported once. */
  const warned = new Set<number>()
  const readiness: Array<() => void> = []
  const counts = { python: { hits: 0, misses: 0 }, typescript: { hits: 0, misses: 0 } }
  let restarts = 0
  let closing = false

  const settleWaiters = () => {
    if (zygotes.some((z) => z?.state === 'starting')) return
    for (const resolve of readiness.splice(0)) resolve()
  }

  function start(slot: number): void {
    const proc = Bun.spawn([...parts.prefix(slot), parts.python.path, '-c', STUB, zygoteSource], {
      env: { PATH: SYSTEM_PATH.join(':'), HOME: '/', LANG: 'C.UTF-8', PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'inherit',
      detached: true,
    })
    const z: Zygote = { proc, state: 'starting' }
    zygotes[slot] = z
    void read(slot, z)
  }

  function handle(slot: number, z: Zygote, kind: number, payload: Uint8Array): void {
    if (kind === 0x52 /* R */) {
      z.state = 'ready'
      backoff[slot] = 0
      warned.delete(slot)
      settleWaiters()
    } else if (kind === 0x4f /* O */) z.job?.output('stdout', payload)
    else if (kind === 0x45 /* E */) z.job?.output('stderr', payload)
    else if (kind === 0x58 /* X */) {
      const job = z.job
      z.job = undefined
      z.state = 'ready'
      job?.end(JSON.parse(Buffer.from(payload).toString()) as WarmEnd)
    }
  }

  async function read(slot: number, z: Zygote): Promise<void> {
    let pending: Buffer = Buffer.alloc(0)
    try {
      for await (const chunk of z.proc.stdout) {
        pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk])
        let at = 0
        while (pending.length - at >= 5) {
          const size = pending.readUInt32BE(at + 1)
          if (pending.length - at - 5 < size) break
          handle(slot, z, pending[at]!, pending.subarray(at + 5, at + 5 + size))
          at += 5 + size
        }
        pending = pending.subarray(at)
      }
    } catch {
      // The pipe broke: the zygote is gone, as at the end of the stream.
    }
    died(slot, z)
  }

  function died(slot: number, z: Zygote): void {
    const job = z.job
    z.state = 'dead'
    z.job = undefined
    killTree(z.proc.pid)
    job?.end('lost')
    settleWaiters()
    if (closing || zygotes[slot] !== z) return
    zygotes[slot] = undefined
    const wait = backoff[slot]!
    backoff[slot] = Math.min(MAX_BACKOFF_MS, Math.max(100, wait * 2))
    if (wait >= MAX_BACKOFF_MS / 2 && !warned.has(slot)) {
      warned.add(slot)
      log.warn(`sandbox: the warm Python of slot ${slot} keeps exiting; its jobs start cold meanwhile`)
    }
    setTimeout(() => {
      if (closing) return
      restarts++
      start(slot)
    }, wait).unref?.()
  }

  for (let slot = 0; slot < parts.slots; slot++) start(slot)

  return {
    run(slot, language, job, output) {
      const z = zygotes[slot]
      if (!z || z.state !== 'ready') return undefined
      let end!: (result: WarmEnd | 'lost') => void
      const ended = new Promise<WarmEnd | 'lost'>((resolve) => (end = resolve))
      z.state = 'busy'
      z.job = { output, end }
      counts[language].hits++
      try {
        z.proc.stdin.write(frame('J', JSON.stringify(job)))
        z.proc.stdin.flush()
      } catch {
        // The zygote is gone; its reader reports the job lost.
      }
      return {
        ended,
        kill() {
          try {
            z.proc.stdin.write(frame('K', ''))
            z.proc.stdin.flush()
          } catch {
            // Gone already, and its namespace with every process of the job.
          }
        },
      }
    },
    missed: (language) => void counts[language].misses++,
    warmed(ms) {
      if (!zygotes.some((z) => z?.state === 'starting')) return Promise.resolve()
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms)
        readiness.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    },
    stats() {
      const live = zygotes.filter((z): z is Zygote => z !== undefined)
      const states = {
        size: parts.slots,
        ready: live.filter((z) => z.state === 'ready').length,
        busy: live.filter((z) => z.state === 'busy').length,
        starting: live.filter((z) => z.state === 'starting').length,
        restarts,
      }
      return (['python', 'typescript'] as const).map((language) => ({ language, ...states, ...counts[language] }))
    },
    close() {
      closing = true
      for (const z of zygotes) if (z) killTree(z.proc.pid)
    },
  }
}

/** The zygote's outermost process is bubblewrap: its death takes the PID namespace, and everything in it, along. */
function killTree(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}
