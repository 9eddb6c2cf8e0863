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
  return namespaceOf('self') ?? '0'
}

function namespaceOf(pid: string): string | undefined {
  try {
    return /\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/pid`))?.[1]
  } catch {
    return undefined
  }
}

/** The kernel's initial PID namespace (PROC_PID_INIT_INO): from it, every process is visible. */
const INITIAL_NAMESPACE = String(0xeffffffc)

/**
 * Whether PID namespace `namespace` is known to be gone: only a server in the initial namespace
 * sees every process, so only there does no process in it mean none is left (a server inside a
 * container cannot tell, and so never reclaims another namespace's locks or groups).
 */
export function namespaceGone(namespace: string): boolean {
  if (pidNamespace() !== INITIAL_NAMESPACE) return false
  return !listProcesses().some((p) => namespaceOf(String(p.pid)) === namespace)
}
