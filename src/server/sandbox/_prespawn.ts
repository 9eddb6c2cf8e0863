import { log } from '../../util/log'
import type { Subprocess } from 'bun'
import type { PoolStats } from './_warm'

/** A TypeScript execution started ahead of demand, waiting on stdin for its job (warm-bun.mjs). */
type Waiting = Subprocess<'pipe', 'pipe', 'pipe'>

export interface PrespawnPool {
  /** The slot's waiting process, and a new one started for the slot's next job; undefined: the caller starts cold. */
  take(slot: number): Waiting | undefined
  /** A taken process died before it acknowledged its job, which then ran cold. */
  lost(): void
  stats(): PoolStats
  /** Kills the waiting processes (the caller waits for the slots' cgroups to empty). */
  close(): void
}

export interface PrespawnParts {
  slots: number
  /** Starts slot `slot`'s next waiting process: the cold chain, up to phicode running warm-bun.mjs. */
  spawn(slot: number): Waiting
}

/** The capabilities a waiting process keeps in its view: to make the job's directory and drop to its uid. */
export const WAITING_CAPS = ['CAP_SETUID', 'CAP_SETGID', 'CAP_CHOWN']

const MAX_BACKOFF_MS = 10_000

/**
 * Bun cannot fork, so a TypeScript slot cannot have a zygote: instead each slot keeps one whole
 * execution started ahead of demand (its own view, cgroups, rlimits; phicode and Bun started),
 * and replaces it as soon as it is taken. Every job still gets a fresh process.
 */
export function createPrespawnPool(parts: PrespawnParts): PrespawnPool {
  const waiting: Array<Waiting | undefined> = Array.from({ length: parts.slots })
  const backoff: number[] = Array.from({ length: parts.slots }, () => 0)
  const counts = { hits: 0, misses: 0, restarts: 0 }
  let closing = false

  function start(slot: number): void {
    if (closing) return
    const proc = parts.spawn(slot)
    waiting[slot] = proc
    const since = performance.now()
    void proc.exited.then(() => {
      // Taken processes are the runner's; only one that died waiting is replaced here.
      if (closing || waiting[slot] !== proc) return
      waiting[slot] = undefined
      // A process that waited a while died of something outside (a kill, the OOM killer): at once.
      const wait = performance.now() - since > 1000 ? 0 : backoff[slot]!
      backoff[slot] = Math.min(MAX_BACKOFF_MS, Math.max(100, wait * 2))
      if (wait >= MAX_BACKOFF_MS / 2) log.warn(`sandbox: the waiting TypeScript execution of slot ${slot} keeps exiting; its jobs start cold meanwhile`)
      setTimeout(() => {
        counts.restarts++
        start(slot)
      }, wait).unref?.()
    })
  }

  for (let slot = 0; slot < parts.slots; slot++) start(slot)

  return {
    take(slot) {
      const proc = waiting[slot]
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) {
        counts.misses++
        if (!proc && !closing) start(slot)
        return undefined
      }
      counts.hits++
      backoff[slot] = 0
      start(slot)
      return proc
    },
    lost() {
      counts.hits--
      counts.misses++
    },
    stats() {
      const live = waiting.filter((p) => p !== undefined && p.exitCode === null).length
      return { language: 'typescript', size: parts.slots, ready: live, busy: 0, starting: parts.slots - live, ...counts }
    },
    close() {
      closing = true
      for (const proc of waiting) if (proc) killGroup(proc.pid)
    },
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}
