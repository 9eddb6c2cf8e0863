import { readdirSync, readFileSync, statSync } from 'node:fs'

export interface ProcessInfo {
  pid: number
  uid: number
  /** One of R S D Z T …; `Z` is a zombie (dead, not yet reaped). */
  state: string
  threads: number
}

/** The processes on this machine as /proc shows them (Linux only; empty elsewhere). */
export function listProcesses(): ProcessInfo[] {
  let names: string[]
  try {
    names = readdirSync('/proc')
  } catch {
    return []
  }
  const found: ProcessInfo[] = []
  for (const name of names) {
    const c = name.charCodeAt(0)
    if (c < 48 || c > 57) continue
    try {
      const uid = statSync(`/proc/${name}`).uid
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1')
      // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      found.push({ pid: Number(name), uid, state: fields[0] ?? '?', threads: Number(fields[17] ?? 1) })
    } catch {
      // Gone between readdir and read.
    }
  }
  return found
}

/** Live (non-zombie) processes whose environment holds `marker` (readable for our own uid only). */
export function processesWithMarker(marker: string, uid: number): number[] {
  const pids: number[] = []
  for (const p of listProcesses()) {
    if (p.uid !== uid || p.state === 'Z' || p.pid === process.pid) continue
    try {
      if (readFileSync(`/proc/${p.pid}/environ`, 'latin1').includes(marker)) pids.push(p.pid)
    } catch {
      // The process exited since the listing: nothing of it is left to find.
    }
  }
  return pids
}

/** Tasks (threads count, as RLIMIT_NPROC counts them) owned by `uid`. */
export function tasksOf(uid: number): number {
  let tasks = 0
  for (const p of listProcesses()) if (p.uid === uid && p.state !== 'Z') tasks += p.threads
  return tasks
}
