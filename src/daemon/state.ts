import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { writeFileAtomicSync } from '../util/atomic-write'
import { logPath, phiemonDir, statePath } from './_paths'
import { groupMemory, isAlive } from './processes'
import { ACTIVE_STATUSES, type DaemonState, type DaemonView } from './types'

/** Runs kept in a state file's history. */
const HISTORY_LIMIT = 20

/** The stored state, or undefined when there is none (or it is unreadable: it is then rewritten on the next start). */
export function readState(name: string): DaemonState | undefined {
  try {
    const state = JSON.parse(readFileSync(statePath(name), 'utf8')) as DaemonState
    return state.format === 1 && state.name === name ? state : undefined
  } catch {
    return undefined
  }
}

/**
 * Written whole, through a temporary file: a reader sees the previous state or this one. Only
 * its owner may read it: the spec holds the environment the daemon was started with.
 */
export function writeState(state: DaemonState): void {
  state.updatedAt = new Date().toISOString()
  if (state.history.length > HISTORY_LIMIT) state.history = state.history.slice(-HISTORY_LIMIT)
  writeFileAtomicSync(statePath(state.name), JSON.stringify(state, null, 2) + '\n', { mode: 0o600 })
}

/** Names of every daemon with a state file, sorted. */
export function daemonNames(): string[] {
  const dir = phiemonDir()
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort()
}

/** A supervisor that should be there and is not (gone, or its pid reused): the daemon is dead. */
export function supervisorAlive(state: DaemonState): boolean {
  return isAlive(state.supervisor)
}

/** The stored state checked against the processes that actually run. */
export function viewOf(state: DaemonState, memory: Map<number, number> = new Map(), now = Date.now()): DaemonView {
  const live = supervisorAlive(state)
  const childAlive = isAlive(state.child)
  const dead = !live && ACTIVE_STATUSES.includes(state.status)
  const running = live && childAlive && state.child
  const orphan = !live && childAlive && state.child ? state.child.pid : null
  return {
    name: state.name,
    status: dead ? 'dead' : state.status,
    pid: running ? state.child!.pid : null,
    supervisorPid: live ? state.supervisor!.pid : null,
    restarts: state.restarts,
    streak: state.streak,
    maxRestarts: state.spec.maxRestarts,
    uptimeMs: running ? Math.max(0, now - Date.parse(state.child!.startedAt)) : null,
    memoryBytes: running ? (memory.get(state.child!.pid) ?? null) : null,
    nextRestartAt: live ? state.nextRestartAt : null,
    message: dead
      ? `supervisor ${state.supervisor?.pid ?? '?'} is gone${orphan ? `; app pid ${orphan} is still running unsupervised` : ''}`
      : state.message,
    orphanPid: orphan,
    entry: state.spec.entry,
    cwd: state.spec.cwd,
    command: [...state.spec.flags, state.spec.module ?? state.spec.entry, ...state.spec.args],
    watch: state.spec.watch ?? null,
    log: logPath(state.name),
    updatedAt: state.updatedAt,
  }
}

/** Views of the given states, with the memory of every running app read in one pass. */
export function viewsOf(states: DaemonState[]): DaemonView[] {
  const memory = groupMemory(states.filter((s) => isAlive(s.child)).map((s) => s.child!.pid))
  return states.map((s) => viewOf(s, memory))
}
