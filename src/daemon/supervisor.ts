import type { FSWatcher } from 'node:fs'
import type { Subprocess } from 'bun'
import { EXIT } from '../errors'
import { selfCommand } from '../util/self'
import { logPath } from './_paths'
import { describeEnd, formatDuration } from './_format'
import { watchTree } from './_watch'
import { claimLock, releaseLock } from './lock'
import { lineSplitter, openLogWriter, type LogStream, type LogWriter } from './logs'
import { DEFAULTS, backoffDelay } from './policy'
import { endGroup, isAlive, processRef, signalGroup } from './processes'
import { readState, writeState } from './state'
import type { DaemonSpec, DaemonState, RunRecord } from './types'

/** The one line a supervisor writes to its stdout, for the command that started it. */
export type ReadyMessage =
  | { ok: true; supervisorPid: number; pid: number }
  | { ok: false; reason: 'running'; pid: number }
  | { ok: false; reason: 'spawn'; message: string }

/** The app is phicode itself again, with the daemon's flags, module and arguments. */
function appCommand(spec: DaemonSpec): string[] {
  return [...selfCommand(), ...spec.flags, '--', spec.module ?? spec.entry, ...spec.args]
}

function tell(message: ReadyMessage): void {
  try {
    process.stdout.write(JSON.stringify(message) + '\n')
  } catch {
    // The starting command is gone; nobody is waiting for this line.
  }
}

async function pump(stream: ReadableStream<Uint8Array>, tag: LogStream, log: LogWriter): Promise<void> {
  const lines = lineSplitter((line) => log.write(tag, line))
  try {
    for await (const chunk of stream) lines.push(chunk)
  } catch {
    // A broken pipe ends the stream like EOF does.
  }
  lines.end()
}

/** An app process left running by a supervisor that died: the name is ours now, so it goes. */
async function reapOrphan(previous: DaemonState | undefined, spec: DaemonSpec, note: (text: string) => void): Promise<void> {
  if (!previous?.child || !isAlive(previous.child)) return
  note(`stopping app pid ${previous.child.pid}, left running by supervisor ${previous.supervisor?.pid ?? '?'} which is gone`)
  await endGroup(previous.child.pid, spec.graceMs)
}

interface Current {
  proc: Subprocess<'ignore', 'pipe', 'pipe'>
  /** Settles once the run's end is recorded and acted on. */
  done: Promise<void>
}

/**
 * Runs as a detached process (own session, no terminal): takes the daemon's lock, starts the app,
 * and restarts it after crashes with backoff until stopped, errored or cleanly exited. SIGTERM or
 * SIGINT stops it, SIGHUP restarts the app. Resolves with the supervisor's exit code.
 */
export async function supervise(name: string): Promise<number> {
  const spec = JSON.parse(await Bun.stdin.text()) as DaemonSpec
  const claim = claimLock(name)
  if (!claim.ok) {
    tell({ ok: false, reason: 'running', pid: claim.owner.pid })
    return EXIT.ALREADY_RUNNING
  }
  const log = openLogWriter(logPath(name), spec.logMaxBytes, spec.logFiles)
  const note = (text: string) => log.write('phiemon', text)
  try {
    return await runSupervisor(spec, readState(name), log, note)
  } finally {
    log.close()
    releaseLock(name)
  }
}

function runSupervisor(spec: DaemonSpec, previous: DaemonState | undefined, log: LogWriter, note: (text: string) => void): Promise<number> {
  const now = new Date().toISOString()
  const state: DaemonState = {
    format: 1,
    name: spec.name,
    status: 'starting',
    spec,
    supervisor: processRef(process.pid)!,
    child: null,
    restarts: 0,
    streak: 0,
    runs: 0,
    nextRestartAt: null,
    message: null,
    createdAt: now,
    updatedAt: now,
    history: [],
  }
  const save = () => writeState(state)
  save()
  note(`supervisor pid ${process.pid} started: ${appCommand(spec).join(' ')} (in ${spec.cwd})`)

  return new Promise<number>((finish) => {
    let current: Current | undefined
    let timer: Timer | undefined
    let stopping = false
    let restartReason: RunRecord['reason'] | undefined
    let told = false
    /** Until an app left by a dead supervisor is gone, nothing starts (the first start follows it). */
    let reaping = true
    let watcher: FSWatcher | undefined

    const shutdown = () => {
      watcher?.close()
      for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.removeAllListeners(signal)
      finish(0)
    }

    /** The app will not run again by itself; with --watch the supervisor waits for a change. */
    const settle = () => {
      save()
      if (!spec.watch) shutdown()
    }

    const startApp = (reason: RunRecord['reason']) => {
      let proc: Current['proc']
      try {
        proc = Bun.spawn(appCommand(spec), {
          cwd: spec.cwd,
          // The environment recorded at the daemon's start; PHICODE_HOME as the supervisor resolved it.
          env: { ...(spec.env ?? process.env), PHICODE_HOME: process.env.PHICODE_HOME, PHIEMON_NAME: spec.name },
          stdin: 'ignore',
          stdout: 'pipe',
          stderr: 'pipe',
          detached: true,
        })
      } catch (error) {
        const message = `cannot start the app: ${(error as Error).message}`
        note(message)
        if (!told) tell({ ok: false, reason: 'spawn', message })
        told = true
        Object.assign(state, { status: 'errored', message, child: null, nextRestartAt: null })
        settle()
        return
      }
      const startedAt = new Date()
      state.runs++
      if (reason !== 'start') state.restarts++
      state.streak = reason === 'crash' ? state.streak + 1 : 0
      state.child = { ...(processRef(proc.pid) ?? { pid: proc.pid, start: '' }), startedAt: startedAt.toISOString() }
      Object.assign(state, { status: 'running', nextRestartAt: null, message: null })
      const record: RunRecord = { pid: proc.pid, startedAt: startedAt.toISOString(), reason }
      state.history.push(record)
      save()
      note(`app pid ${proc.pid} started (${reason})`)
      const pumps = Promise.all([pump(proc.stdout, 'out', log), pump(proc.stderr, 'err', log)])
      // The uptime is taken at the exit, not after the group's leftovers are ended and the log drained.
      const run: Current = { proc, done: proc.exited.then(() => ended(run, pumps, record, Date.now() - startedAt.getTime())) }
      current = run
      if (!told) tell({ ok: true, supervisorPid: process.pid, pid: proc.pid })
      told = true
    }

    const ended = async (run: Current, pumps: Promise<unknown>, record: RunRecord, uptime: number) => {
      const { proc } = run
      // Whatever the app left in its process group goes with it: a restart never runs beside leftovers.
      await endGroup(proc.pid, spec.graceMs)
      await Promise.race([pumps, Bun.sleep(1000)])
      const signal = proc.signalCode === null ? null : String(proc.signalCode)
      Object.assign(record, { endedAt: new Date().toISOString(), exitCode: proc.exitCode, signal })
      const how = describeEnd(proc.exitCode, signal)
      note(`app pid ${proc.pid} ${how} after ${formatDuration(uptime)}`)
      state.child = null
      if (current === run) current = undefined
      if (stopping) return
      if (restartReason) {
        const reason = restartReason
        restartReason = undefined
        startApp(reason)
        return
      }
      const startupGrace = spec.startupGraceMs ?? DEFAULTS.startupGraceMs
      if (record.reason === 'start' && uptime < startupGrace) {
        // A start that fails at once would fail again: the command waiting on it reports it instead.
        record.early = true
        const message = `${how} after ${formatDuration(uptime)}, within its start-up grace of ${formatDuration(startupGrace)}; not restarted`
        Object.assign(state, { status: proc.exitCode === 0 ? 'exited' : 'errored', message })
        note(message)
        settle()
        return
      }
      if (proc.exitCode === 0) {
        Object.assign(state, { status: 'exited', message: 'exited with code 0; not restarted' })
        note('clean exit: not restarting')
        settle()
        return
      }
      if (uptime >= spec.stableMs) state.streak = 0
      if (state.streak >= spec.maxRestarts) {
        const message = `${how}; gave up after ${spec.maxRestarts} restart${spec.maxRestarts === 1 ? '' : 's'} in a row`
        Object.assign(state, { status: 'errored', message })
        note(message)
        settle()
        return
      }
      const delay = backoffDelay(state.streak, spec.backoffUnitMs)
      record.delayMs = delay
      const message = `${how}; restart ${state.streak + 1} of ${spec.maxRestarts} in ${formatDuration(delay)}`
      Object.assign(state, { status: 'waiting', message, nextRestartAt: new Date(Date.now() + delay).toISOString() })
      save()
      note(message)
      timer = setTimeout(() => {
        timer = undefined
        startApp('crash')
      }, delay)
    }

    /** SIGTERM to the app's group, SIGKILL after the grace period; resolves when its end is recorded. */
    const terminate = async (run: Current) => {
      signalGroup(run.proc.pid, 'SIGTERM')
      const exited = await Promise.race([run.proc.exited.then(() => true), Bun.sleep(spec.graceMs).then(() => false)])
      if (!exited) {
        note(`app pid ${run.proc.pid} still running ${formatDuration(spec.graceMs)} after SIGTERM: SIGKILL`)
        signalGroup(run.proc.pid, 'SIGKILL')
      }
      await run.done
    }

    const stop = async (why: string) => {
      if (stopping) return
      stopping = true
      clearTimeout(timer)
      Object.assign(state, { status: 'stopping', nextRestartAt: null })
      save()
      note(`stopping (${why})`)
      if (current) await terminate(current)
      Object.assign(state, { status: 'stopped', message: `stopped (${why})`, child: null })
      save()
      note('stopped')
      shutdown()
    }

    const restart = async (reason: 'restart' | 'watch', why: string) => {
      if (stopping || reaping) return
      clearTimeout(timer)
      timer = undefined
      note(`restarting: ${why}`)
      if (!current) return startApp(reason)
      if (restartReason) return
      restartReason = reason
      await terminate(current)
    }

    process.on('SIGTERM', () => void stop('SIGTERM'))
    process.on('SIGINT', () => void stop('SIGINT'))
    process.on('SIGHUP', () => void restart('restart', 'asked to (SIGHUP)'))
    if (spec.watch) {
      watcher = watchTree(spec.watch, (file) => void restart('watch', `${file} changed`))
    }
    void reapOrphan(previous, spec, note).then(() => {
      reaping = false
      if (!stopping) startApp('start')
    })
  })
}
