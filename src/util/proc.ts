import { nodeFs } from './files'
import { errnoOf } from '../errors'

/**
 * The one reader of Linux's /proc. Every function answers undefined (or an empty list) where
 * there is no /proc or the process is gone: callers on other systems fall back to `ps`.
 */

/** Fields of /proc/<pid>/stat that phicode reads. */
export interface ProcStat {
  /** One of R S D Z T …; `Z`/`X`: finished, only its exit status waits to be collected. */
  state: string
  ppid: number
  pgrp: number
  ttyNr: number
  tpgid: number
  threads: number
  /** Clock ticks after boot when the process started: with the pid, it names one process. */
  start: string
}

/** A process as /proc lists it: its stat fields and its owner. */
export interface ProcEntry extends ProcStat {
  pid: number
  uid: number
}

/** A zombie (or one being reaped) has finished: it runs nothing and holds no memory. */
export const isFinished = (state: string): boolean => state.startsWith('Z') || state.startsWith('X')

/**
 * /proc/<pid>/stat parsed. The command name in parentheses may hold spaces and parentheses,
 * so fields are read after the last `)`.
 */
export function procStat(pid: number | 'self'): ProcStat | undefined {
  let text: string
  try {
    text = nodeFs().readFileSync(`/proc/${pid}/stat`, 'latin1')
  } catch {
    return undefined
  }
  return parseProcStat(text)
}

/** The text of a /proc/<pid>/stat, parsed (`procStat`). */
export function parseProcStat(text: string): ProcStat {
  // From the third field on: state, ppid, pgrp, session, tty_nr, tpgid, …, num_threads (20th overall), starttime (22nd).
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return {
    state: f[0]!,
    ppid: Number(f[1]),
    pgrp: Number(f[2]),
    ttyNr: Number(f[4]),
    tpgid: Number(f[5]),
    threads: Number(f[17] ?? 1),
    start: f[19]!,
  }
}

/** Every process /proc shows (all states, zombies included); empty where there is no /proc. */
export function listProcesses(): ProcEntry[] {
  let names: string[]
  try {
    names = nodeFs().readdirSync('/proc')
  } catch {
    return []
  }
  const found: ProcEntry[] = []
  for (const name of names) {
    const pid = Number(name)
    if (!Number.isInteger(pid)) continue
    try {
      const uid = nodeFs().statSync(`/proc/${name}`).uid
      const stat = procStat(pid)
      if (stat) found.push({ pid, uid, ...stat })
    } catch {
      // Gone between readdir and stat.
    }
  }
  return found
}

/** Resident memory in bytes (VmRSS of /proc/<pid>/status). */
export function residentBytes(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(nodeFs().readFileSync(`/proc/${pid}/status`, 'latin1'))
    return match ? Number(match[1]) * 1024 : undefined
  } catch {
    return undefined
  }
}

/** Whether the process's environment holds `text` (readable for processes of our own uid only). */
export function environIncludes(pid: number, text: string): boolean {
  try {
    return nodeFs().readFileSync(`/proc/${pid}/environ`, 'latin1').includes(text)
  } catch {
    return false
  }
}

/** Whether a process with this pid exists (ours to signal or not: EPERM means it does). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return errnoOf(error) === 'EPERM'
  }
}
