import { PLATFORM } from '../util/platform'
import { isFinished, listProcesses, procStat, residentBytes } from '../util/proc'
import type { ProcessRef } from './types'

/** The processes of daemons: identity, groups, memory and signals (on Linux through util/proc, elsewhere `ps`). */

const LINUX = PLATFORM === 'linux'

/**
 * `lstart` is printed in the caller's locale and time zone, and a start time recorded by the
 * supervisor is compared with one read later by `phicode --phiemon stop` in another shell:
 * both read it as the C locale in UTC, or the same process would look like a new one.
 */
const PS_ENV = { PATH: process.env.PATH ?? '/bin:/usr/bin', LC_ALL: 'C', TZ: 'UTC' }

function ps(args: string[]): string {
  const result = Bun.spawnSync(['ps', ...args], { stdout: 'pipe', stderr: 'ignore', env: PS_ENV })
  return result.success ? result.stdout.toString() : ''
}

/** The kernel's start time of a live process, undefined when there is none (or only a zombie). */
function processStart(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  if (LINUX) {
    const stat = procStat(pid)
    return stat && !isFinished(stat.state) ? stat.start : undefined
  }
  const [stat = '', ...lstart] = ps(['-o', 'stat=,lstart=', '-p', String(pid)]).trim().split(/\s+/)
  return stat && !isFinished(stat) ? lstart.join(' ') : undefined
}

export function processRef(pid: number): ProcessRef | undefined {
  const start = processStart(pid)
  return start === undefined ? undefined : { pid, start }
}

/** The same process still runs: same pid, same start time (a reused pid has another). */
export function isAlive(ref: ProcessRef | null | undefined): boolean {
  return !!ref && processStart(ref.pid) === ref.start
}

interface Member {
  pid: number
  pgrp: number
}

function allProcesses(): Member[] {
  if (LINUX) return listProcesses().filter((p) => !isFinished(p.state))
  return ps(['-A', '-o', 'pid=,pgid=,stat='])
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, , stat]) => pid && stat && !isFinished(stat))
    .map(([pid, pgrp]) => ({ pid: Number(pid), pgrp: Number(pgrp) }))
}

/** Live (non-zombie) processes of a process group. */
function groupMembers(pgid: number): number[] {
  return allProcesses()
    .filter((p) => p.pgrp === pgid)
    .map((p) => p.pid)
}

function rssBytes(pid: number): number {
  if (LINUX) return residentBytes(pid) ?? 0
  return Number(ps(['-o', 'rss=', '-p', String(pid)]).trim() || 0) * 1024
}

/** Resident memory of each process group (the app and whatever it started), in one scan. */
export function groupMemory(pgids: number[]): Map<number, number> {
  const wanted = new Set(pgids)
  const totals = new Map<number, number>()
  if (wanted.size === 0) return totals
  for (const p of allProcesses()) {
    if (wanted.has(p.pgrp)) totals.set(p.pgrp, (totals.get(p.pgrp) ?? 0) + rssBytes(p.pid))
  }
  return totals
}

/** Signals a whole process group; false when it no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal)
    return true
  } catch {
    return false
  }
}

export function signalProcess(ref: ProcessRef, signal: NodeJS.Signals): boolean {
  if (!isAlive(ref)) return false
  try {
    process.kill(ref.pid, signal)
    return true
  } catch {
    return false
  }
}

/** Polls until `done()` holds or `ms` pass; true when it held. */
export async function waitUntil(done: () => boolean, ms: number, every = 25): Promise<boolean> {
  const deadline = Date.now() + ms
  for (;;) {
    if (done()) return true
    if (Date.now() >= deadline) return false
    await Bun.sleep(Math.min(every, Math.max(1, deadline - Date.now())))
  }
}

/**
 * Ends a process group the polite way: SIGTERM to every member, then SIGKILL to whatever is
 * left after `graceMs`. Resolves once the group is empty (or it would not die: `false`).
 */
export async function endGroup(pgid: number, graceMs: number): Promise<boolean> {
  const gone = () => groupMembers(pgid).length === 0
  if (gone()) return true
  signalGroup(pgid, 'SIGTERM')
  if (await waitUntil(gone, graceMs)) return true
  signalGroup(pgid, 'SIGKILL')
  return waitUntil(gone, 5000)
}
