/** The hidden first argument that makes phicode a daemon's supervisor (`phicode --phiemon-supervise <name>`, spec on stdin). */
export const SUPERVISE_FLAG = '--phiemon-supervise'

/**
 * What a daemon is doing. Stored by its supervisor; `dead` is never stored, it is what a reader
 * concludes when the state says the supervisor is active but that process is gone (killed,
 * crashed, or its pid now belongs to another program).
 */
export type DaemonStatus = 'starting' | 'running' | 'waiting' | 'stopping' | 'stopped' | 'exited' | 'errored' | 'dead'

/** Statuses in which a live supervisor is expected; seen without one, the daemon is `dead`. */
export const ACTIVE_STATUSES: readonly DaemonStatus[] = ['starting', 'running', 'waiting', 'stopping']

/**
 * A process as the kernel knows it: a pid alone can be reused by an unrelated program, the pid
 * with its start time cannot.
 */
export interface ProcessRef {
  pid: number
  /** Kernel start time (Linux: clock ticks after boot from /proc/<pid>/stat; macOS: `ps -o lstart`). */
  start: string
}

/** How to run the app and how to supervise it; fixed when the daemon is started. */
export interface DaemonSpec {
  name: string
  /** The module as the user gave it (undefined: the default `main`), resolved in `cwd` by the app's phicode. */
  module?: string
  /** The entry it resolved to at start, for display and `--watch`. */
  entry: string
  /** Arguments for the module. */
  args: string[]
  /** phicode's own flags passed on to the app (`--pypy`, `--node`, `--interpreter P`, `--bypass`, `--debug`). */
  flags: string[]
  cwd: string
  maxRestarts: number
  /** SIGTERM → SIGKILL delay when stopping. */
  graceMs: number
  /** A run lasting this long resets the crash streak (backoff and the max-restarts count). */
  stableMs: number
  /**
   * The first run must stay up this long to count as started: `--phiemon` waits for it, and an
   * exit within it is reported and not restarted. Absent in state files of older phicodes.
   */
  startupGraceMs?: number
  /** One backoff step: delays are 1, 2, 4, 8, 16, then 30 of these. */
  backoffUnitMs: number
  /** Directory watched for changes (`--watch`); undefined when not watching. */
  watch?: string
  logMaxBytes: number
  /** Rotated files kept beside the current log. */
  logFiles: number
  /**
   * The environment of the command that started the daemon: every later start of the app (a
   * restart by a new supervisor, `--phiemon-resurrect` at boot) gets this one, not the
   * environment of whoever starts it then. Absent in state files of older phicodes.
   */
  env?: Record<string, string>
}

/** One run of the app, as recorded by its supervisor. */
export interface RunRecord {
  pid: number
  startedAt: string
  /** Why this run began: the first start, a crash restart, a user restart, a file change. */
  reason: 'start' | 'crash' | 'restart' | 'watch'
  endedAt?: string
  exitCode?: number | null
  signal?: string | null
  /** The backoff wait scheduled after this run ended (crash only). */
  delayMs?: number
  /** The first run ended within the start-up grace: a failed start, not restarted. */
  early?: boolean
}

export interface DaemonState {
  format: 1
  name: string
  status: Exclude<DaemonStatus, 'dead'>
  spec: DaemonSpec
  supervisor: ProcessRef | null
  /** The app's current process (leader of its own process group); null between runs. */
  child: (ProcessRef & { startedAt: string }) | null
  /** Restarts since this supervisor started (crash, user and watch restarts). */
  restarts: number
  /** Crash restarts since the last stable run; compared with maxRestarts and drives the backoff. */
  streak: number
  /** How many times the app has been started by this supervisor. */
  runs: number
  nextRestartAt: string | null
  /** Why the daemon is in its status, in words (e.g. the last exit). */
  message: string | null
  createdAt: string
  updatedAt: string
  /** The most recent runs, oldest first (capped). */
  history: RunRecord[]
}

/** A daemon as reported to the user: its stored state checked against the live processes. */
export interface DaemonView {
  name: string
  status: DaemonStatus
  /** The app's pid when it is running under a live supervisor, else null. */
  pid: number | null
  supervisorPid: number | null
  restarts: number
  streak: number
  maxRestarts: number
  /** Of the current run, when running. */
  uptimeMs: number | null
  /** Resident memory of the app's process group, when running (null where unknown). */
  memoryBytes: number | null
  nextRestartAt: string | null
  message: string | null
  /** An app process left running by a dead supervisor. */
  orphanPid: number | null
  entry: string
  cwd: string
  command: string[]
  /** The directory watched for changes, or null. */
  watch: string | null
  log: string
  updatedAt: string
}
