import { readlinkSync } from 'node:fs'
import { environIncludes, listProcesses } from '../../util/proc'

/** Live (non-zombie) processes whose environment holds `marker` (readable for our own uid only). */
export function processesWithMarker(marker: string, uid: number): number[] {
  return listProcesses()
    .filter((p) => p.uid === uid && p.state !== 'Z' && p.pid !== process.pid && environIncludes(p.pid, marker))
    .map((p) => p.pid)
}

/** Tasks (threads count, as RLIMIT_NPROC counts them) owned by `uid`. */
export function tasksOf(uid: number): number {
  let tasks = 0
  for (const p of listProcesses()) if (p.uid === uid && p.state !== 'Z') tasks += p.threads
  return tasks
}

/**
 * This process's PID namespace (its inode): a pid names a process only within it, and servers in
 * containers that share a cgroup hierarchy or /run are each pid 1 in their own.
 */
export function pidNamespace(): string {
  try {
    return /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? '0'
  } catch {
    return '0'
  }
}
