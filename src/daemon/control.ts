import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { EXIT, PhicodeError } from '../errors'
import { phicodeHome } from '../util/home'
import { PLATFORM, unsupported } from '../util/platform'
import { selfCommand } from '../util/self'
import { lockPath, logDir, logPath, statePath, supervisorLogPath } from './_paths'
import type { ReadyMessage } from './supervisor'
import { endGroup, isAlive, signalProcess, waitUntil } from './processes'
import { daemonNames, readState, supervisorAlive, viewOf, viewsOf, writeState } from './state'
import { ACTIVE_STATUSES, SUPERVISE_FLAG, type DaemonSpec, type DaemonState, type DaemonView, type RunRecord } from './types'
import { describeEnd, formatDuration } from './_format'
import { lastLines } from './logs'
import { DEFAULTS } from './policy'

/** How long a starting supervisor may take to report that the app runs. */
const READY_TIMEOUT_MS = 15_000
/**
 * How long a stopping or restarting supervisor may take: the app gets the grace period, then
 * leftovers in its group get it again, plus a margin for a loaded machine.
 */
const controlDeadline = (graceMs: number): number => 2 * graceMs + 10_000
/** How long a SIGKILLed supervisor may take to be gone. */
const KILL_WAIT_MS = 5_000

function notFound(name: string): PhicodeError {
  return new PhicodeError(`no daemon named "${name}" (phicode --phiemon-list shows them)`, EXIT.NOT_FOUND)
}

function alreadyRunning(name: string, pid: number | null | undefined): PhicodeError {
  return new PhicodeError(
    `daemon "${name}" is already running${pid ? ` (supervisor pid ${pid})` : ''}: stop it first, or pick another --name`,
    EXIT.ALREADY_RUNNING,
  )
}

/** Sessions, process groups and their signals are POSIX: Phiemon runs on Linux and macOS. */
export function checkPlatform(): void {
  if (PLATFORM === 'win32') throw unsupported('Phiemon', 'it stops and restarts apps by process group and POSIX signals, which Windows lacks; run it under WSL, or use a Windows service manager')
}

function requireState(name: string): DaemonState {
  const state = readState(name)
  if (!state) throw notFound(name)
  return state
}

/** The first line a stream carries, or undefined if it ends (or `ms` pass) first. */
async function firstLine(stream: ReadableStream<Uint8Array>, ms: number): Promise<string | undefined> {
  const reader = stream.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let timer: Timer | undefined
  const timeout = new Promise<undefined>((done) => (timer = setTimeout(done, ms, undefined)))
  try {
    for (;;) {
      const chunk = await Promise.race([reader.read(), timeout])
      if (!chunk || chunk.done) return undefined
      text += decoder.decode(chunk.value, { stream: true })
      const newline = text.indexOf('\n')
      if (newline >= 0) return text.slice(0, newline)
    }
  } finally {
    clearTimeout(timer)
    // A stream that already ended rejects the cancel; the line is read or the wait is over either way.
    void reader.cancel().catch(() => {})
  }
}

function supervisorFailure(name: string): string {
  const path = supervisorLogPath(name)
  const lines = existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean) : []
  return lines.at(-1) ?? 'no output'
}

/**
 * Starts a detached supervisor for the daemon and returns once it reports the app started.
 * The supervisor gets its own session and process group, and no terminal: stdin carries the
 * spec and is closed, stdout carries the one ready line, stderr goes to a file.
 */
export async function startDaemon(spec: DaemonSpec): Promise<DaemonView> {
  const existing = readState(spec.name)
  if (existing && supervisorAlive(existing)) throw alreadyRunning(spec.name, existing.supervisor?.pid)
  mkdirSync(logDir(), { recursive: true })
  const stderr = openSync(supervisorLogPath(spec.name), 'w')
  let proc: ReturnType<typeof spawnSupervisor>
  try {
    proc = spawnSupervisor(spec.name, stderr)
  } finally {
    closeSync(stderr)
  }
  proc.stdin.write(JSON.stringify(spec))
  await proc.stdin.end()
  const line = await firstLine(proc.stdout, READY_TIMEOUT_MS)
  proc.unref()
  if (line === undefined) {
    throw new PhicodeError(`the supervisor of "${spec.name}" did not start: ${supervisorFailure(spec.name)}`, EXIT.INTERNAL)
  }
  const ready = JSON.parse(line) as ReadyMessage
  if (!ready.ok && ready.reason === 'running') throw alreadyRunning(spec.name, ready.pid)
  if (!ready.ok) throw new PhicodeError(`daemon "${spec.name}": ${ready.message}`, EXIT.UNAVAILABLE)
  return awaitStartup(spec, ready.pid)
}

/** Lines of the app's own output shown when its start fails. */
const EARLY_LOG_LINES = 10

/**
 * Follows the supervisor's recorded state until the first run has stayed up for the start-up
 * grace, or its end is recorded. An end within the grace is a failed start (the supervisor does
 * not restart it): a non-zero exit or a signal throws with the exit and the app's last output.
 */
async function awaitStartup(spec: DaemonSpec, pid: number): Promise<DaemonView> {
  const grace = spec.startupGraceMs ?? DEFAULTS.startupGraceMs
  let state: DaemonState | undefined
  let record: RunRecord | undefined
  const read = () => {
    state = readState(spec.name)
    record = state?.history.find((r) => r.pid === pid)
  }
  const decided = () => {
    read()
    if (!state || record?.endedAt) return true
    if (!supervisorAlive(state)) {
      // It may have recorded the app's end after the read above, then exited: what it left is final.
      read()
      return true
    }
    // Alive now, past the grace: an exit from here on is the supervisor's to restart.
    const child = state.child
    return child?.pid === pid && isAlive(child) && Date.now() - Date.parse(child.startedAt) >= grace
  }
  const deadline = grace + controlDeadline(spec.graceMs)
  if (!(await waitUntil(decided, deadline))) {
    throw new PhicodeError(`daemon "${spec.name}": its supervisor recorded neither a start nor an exit within ${formatDuration(deadline)}`, EXIT.INTERNAL)
  }
  if (!state) throw new PhicodeError(`daemon "${spec.name}": its state vanished while it started (deleted meanwhile?)`, EXIT.INTERNAL)
  if (!record?.endedAt && !supervisorAlive(state)) {
    throw new PhicodeError(`daemon "${spec.name}": its supervisor ended while the app started: ${supervisorFailure(spec.name)}`, EXIT.INTERNAL)
  }
  const failed = record?.early && (record.exitCode !== 0 || record.signal)
  if (!failed) return viewOf(state)
  const output = appOutput(logPath(spec.name), pid)
  const watching = supervisorAlive(state) && spec.watch
  // A supervisor that does not watch ends after a failed start: reported before it is gone, a
  // start right after this one was refused as already running (exit 75 instead of 69).
  const ending = state
  if (!watching) await waitUntil(() => !supervisorAlive(ending), controlDeadline(spec.graceMs))
  throw new PhicodeError(
    [
      `daemon "${spec.name}" did not start: the app ${state.message ?? describeEnd(record!.exitCode, record!.signal)}`,
      ...(output.length > 0 ? ['its last output:', ...output.map((line) => `  ${line}`)] : ['it printed nothing']),
      `phicode --phiemon-logs ${spec.name} shows the whole log`,
      ...(watching ? [`its supervisor keeps watching ${spec.watch}: a change starts the app again (phicode --phiemon-stop ${spec.name} ends it)`] : []),
    ].join('\n'),
    EXIT.UNAVAILABLE,
  )
}

/** The app's stdout and stderr lines of the run `pid`, from its log (`[out] text`), the last few. */
function appOutput(log: string, pid: number): string[] {
  const lines = lastLines(log, 500)
  const from = lines.findLastIndex((line) => line.includes(`[phiemon] app pid ${pid} started`))
  return lines
    .slice(from + 1)
    .flatMap((line) => {
      const m = /^\S+ \[(out|err)\] (.*)$/.exec(line)
      return m ? [`[${m[1]}] ${m[2]}`] : []
    })
    .slice(-EARLY_LOG_LINES)
}

function spawnSupervisor(name: string, stderr: number) {
  return Bun.spawn([...selfCommand(), SUPERVISE_FLAG, name], {
    cwd: '/',
    // The supervisor runs in `/`: a relative PHICODE_HOME must keep naming the same place.
    env: { ...process.env, PHICODE_HOME: resolve(phicodeHome()) },
    stdin: 'pipe',
    stdout: 'pipe',
    stderr,
    detached: true,
  })
}

/** Records that nothing runs any more, when no supervisor is left to do it. */
function markStopped(name: string, message: string): void {
  const state = readState(name)
  if (!state || supervisorAlive(state)) return
  writeState({ ...state, status: 'stopped', child: null, nextRestartAt: null, message })
}

export interface StopResult {
  name: string
  /** Whether anything was running that this stop ended. */
  stopped: boolean
  /** The status before the stop. */
  was: DaemonView['status']
}

/**
 * Stops a daemon: its supervisor sends SIGTERM to the app's process group and SIGKILL after the
 * grace period. With the supervisor gone, an app it left running is ended here the same way.
 */
export async function stopDaemon(name: string): Promise<StopResult> {
  const state = requireState(name)
  const was = viewOf(state).status
  const grace = state.spec.graceMs
  if (supervisorAlive(state)) {
    signalProcess(state.supervisor!, 'SIGTERM')
    if (!(await waitUntil(() => !supervisorAlive(state), controlDeadline(grace)))) {
      signalProcess(state.supervisor!, 'SIGKILL')
      // It cannot refuse, but it counts as gone only once the kernel has ended it: until then the
      // stop below would not be recorded (a live supervisor records its own).
      await waitUntil(() => !supervisorAlive(state), KILL_WAIT_MS)
      if (isAlive(state.child)) await endGroup(state.child!.pid, 0)
      markStopped(name, 'stopped (supervisor did not respond; killed)')
    }
    return { name, stopped: true, was }
  }
  if (isAlive(state.child)) {
    await endGroup(state.child!.pid, grace)
    markStopped(name, 'stopped (its supervisor was already gone)')
    return { name, stopped: true, was }
  }
  if (ACTIVE_STATUSES.includes(state.status)) markStopped(name, 'stopped (its supervisor was already gone)')
  return { name, stopped: false, was }
}

/**
 * Restarts the app under the same name, log and settings: a live supervisor does it on SIGHUP
 * (SIGTERM, grace, SIGKILL, start; the crash streak resets); otherwise a new supervisor starts
 * from the recorded spec.
 */
export async function restartDaemon(name: string): Promise<DaemonView> {
  const state = requireState(name)
  if (!supervisorAlive(state)) return startDaemon(state.spec)
  const runs = state.runs
  signalProcess(state.supervisor!, 'SIGHUP')
  const restarted = () => {
    const now = readState(name)
    return !now || !supervisorAlive(now) || (now.runs > runs && now.status !== 'stopping')
  }
  const deadline = controlDeadline(state.spec.graceMs)
  if (!(await waitUntil(restarted, deadline))) {
    throw new PhicodeError(`daemon "${name}" did not restart within ${Math.round(deadline / 1000)} s`, EXIT.INTERNAL)
  }
  return viewOf(requireState(name))
}

/** Stops a daemon if it runs, then removes its state and logs. */
export async function deleteDaemon(name: string): Promise<StopResult> {
  const result = await stopDaemon(name)
  const log = logPath(name)
  for (const path of [statePath(name), lockPath(name), log, supervisorLogPath(name)]) rmSync(path, { force: true })
  for (let k = 1; existsSync(`${log}.${k}`); k++) rmSync(`${log}.${k}`, { force: true })
  return result
}

export function daemonStatus(name: string): DaemonView {
  return viewsOf([requireState(name)])[0]!
}

export function listDaemons(): DaemonView[] {
  return viewsOf(daemonNames().flatMap((name) => readState(name) ?? []))
}
