/**
 * Starting and restarting a daemon (src/daemon/control.ts): startDaemon, its wait for the start-up
 * grace and its report of a failed start, and restartDaemon, each called in a process of its own
 * (`_phiemon-main.ts control …`, standing for phicode), which starts a real supervisor and app.
 * Expected messages are written out by hand; times in them (`after 12 ms`) read as `after T`.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { startOf, statFields } from '../../helpers/proc-stat'
import { APPS, alive, cleanup, output, until, world } from './_world'

if (process.platform !== 'linux') throw new Error('these tests read /proc: run them on Linux')

afterAll(cleanup)

const T = 60_000

// Failed starts get a start-up grace of 5 s and no stop grace: a mutant that keeps startDaemon
// waiting costs its whole deadline (start-up grace, twice the stop grace, 10 s).

/** Counts its runs in ./runs and prints numbered lines (twelve on its first run, three after), then exits 3. */
const CHATTY_CRASH = `const f = process.cwd() + '/runs'\nconst run = (await Bun.file(f).exists() ? Number(await Bun.file(f).text()) : 0) + 1\nawait Bun.write(f, String(run))\nfor (let k = 1; k <= (run === 1 ? 12 : 3); k++) console.log('run', run, 'line', k)\nprocess.exit(3)\n`

const timeless = (text: string | undefined): string => (text ?? '').replace(/ after \d+(\.\d)? (ms|s)\b/, ' after T')

function environOf(pid: number): Record<string, string> {
  return Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, 'latin1')
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  )
}

describe('start', () => {
  test.concurrent(
    'returns once the first run has lasted the start-up grace; the supervisor runs in / with PHICODE_HOME made absolute',
    async () => {
      const w = world()
      const module = w.write('serve.js', APPS.serve)
      // A relative PHICODE_HOME, from the folder that holds it.
      const r = await w.control('start', JSON.stringify(w.spec('web', module, { startupGraceMs: 500 })), { cwd: dirname(w.home), env: { PHICODE_HOME: 'home' } })
      const returned = Date.now()
      const s = w.state('web')!
      expect(r.value).toMatchObject({ name: 'web', status: 'running', pid: s.child!.pid, supervisorPid: s.supervisor!.pid, restarts: 0 })
      expect(returned - Date.parse(s.child!.startedAt)).toBeGreaterThanOrEqual(500)
      expect(readlinkSync(`/proc/${s.supervisor!.pid}/cwd`)).toBe('/')
      // Detached: the supervisor leads a process group and a session of its own.
      expect(statFields(s.supervisor!.pid)!.slice(2, 4)).toEqual([String(s.supervisor!.pid), String(s.supervisor!.pid)])
      expect(environOf(s.supervisor!.pid).PHICODE_HOME).toBe(w.home)
      const stop = await w.control('stop', 'web')
      expect(stop.value).toEqual({ name: 'web', stopped: true, was: 'running' })
      expect(alive(s.supervisor)).toBe(false)
      expect(startOf(s.child!.pid)).toBeUndefined()
    },
    T,
  )

  test.concurrent(
    "a failed start: exit 69 with how it ended and the last ten lines of this run's output (not an earlier run's)",
    async () => {
      const w = world()
      const module = w.write('chatty.js', CHATTY_CRASH)
      const spec = JSON.stringify(w.spec('bad', module, { startupGraceMs: 5000, graceMs: 0 }))
      for (const run of [1, 2]) {
        const r = await w.control('start', spec)
        expect(r.exitCode).toBe(69)
        expect(timeless(r.message)).toBe(
          [
            'daemon "bad" did not start: the app exited with code 3 after T, within its start-up grace of 5.0 s; not restarted',
            'its last output:',
            ...(run === 1 ? [3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : [1, 2, 3]).map((k) => `  [out] run ${run} line ${k}`),
            'phicode --phiemon-logs bad shows the whole log',
          ].join('\n'),
        )
      }
    },
    T,
  )

  test.concurrent(
    'a failed start that printed nothing says so; one under --watch says the supervisor keeps watching',
    async () => {
      const w = world()
      const quiet = w.write('quiet.js', 'process.exit(4)\n')
      let r = await w.control('start', JSON.stringify(w.spec('quiet', quiet, { startupGraceMs: 5000, graceMs: 0 })))
      expect(r.exitCode).toBe(69)
      expect(timeless(r.message)).toBe(
        [
          'daemon "quiet" did not start: the app exited with code 4 after T, within its start-up grace of 5.0 s; not restarted',
          'it printed nothing',
          'phicode --phiemon-logs quiet shows the whole log',
        ].join('\n'),
      )
      const crash = w.write('crash.js', APPS.crash)
      r = await w.control('start', JSON.stringify(w.spec('watched', crash, { startupGraceMs: 5000, graceMs: 0, watch: w.app })))
      expect(r.exitCode).toBe(69)
      expect(timeless(r.message)).toBe(
        [
          'daemon "watched" did not start: the app exited with code 3 after T, within its start-up grace of 5.0 s; not restarted',
          'its last output:',
          '  [out] run',
          'phicode --phiemon-logs watched shows the whole log',
          `its supervisor keeps watching ${w.app}: a change starts the app again (phicode --phiemon-stop watched ends it)`,
        ].join('\n'),
      )
      expect(alive(w.state('watched')!.supervisor)).toBe(true)
      expect((await w.control('stop', 'watched')).value).toEqual({ name: 'watched', stopped: true, was: 'errored' })
    },
    T,
  )

  test.concurrent(
    'a clean exit within the grace is no failure: the view says exited',
    async () => {
      const w = world()
      const module = w.write('clean.js', APPS.clean)
      const r = await w.control('start', JSON.stringify(w.spec('once', module, { startupGraceMs: 5000, graceMs: 0 })))
      expect(r.value).toMatchObject({ name: 'once', status: 'exited', pid: null, message: expect.stringMatching(/^exited with code 0 after .*; not restarted$/) })
    },
    T,
  )
})

describe('the start-up wait interrupted', () => {
  /**
   * Starts `name` (a 5 s start-up grace) and, once its app has printed (so the supervisor has
   * written its ready line before), calls `then` with the state's path and pids.
   */
  async function interrupted(name: string, then: (state: string, supervisor: number, app: number) => void) {
    const w = world()
    const module = w.write('serve.js', APPS.serve)
    const started = w.control('start', JSON.stringify(w.spec(name, module, { startupGraceMs: 5000, graceMs: 0 })))
    await until(() => output(w.log(name)).length > 0, 'the app to print')
    const s = w.state(name)!
    then(join(w.home, 'phiemon', `${name}.json`), s.supervisor!.pid, s.child!.pid)
    return started
  }

  test.concurrent(
    'the state deleted meanwhile: exit 70, saying so',
    async () => {
      // With the state gone, the world's clean-up cannot find the supervisor and its app: ended here.
      let pids: number[] = []
      try {
        const result = await interrupted('gone', (state, supervisor, app) => {
          pids = [supervisor, -app]
          rmSync(state)
        })
        expect(result).toEqual({ exitCode: 70, message: 'daemon "gone": its state vanished while it started (deleted meanwhile?)' })
      } finally {
        for (const pid of pids) process.kill(pid, 'SIGKILL')
      }
    },
    T,
  )

  test.concurrent(
    'the supervisor killed meanwhile: exit 70 with its last words (none here)',
    async () => {
      const result = await interrupted('killed', (_state, supervisor) => process.kill(supervisor, 'SIGKILL'))
      expect(result).toEqual({ exitCode: 70, message: 'daemon "killed": its supervisor ended while the app started: no output' })
    },
    T,
  )
})

describe('restart', () => {
  test.concurrent(
    'a live supervisor restarts its app (a new pid, the same supervisor); a dead one is replaced from the recorded spec',
    async () => {
      const w = world()
      const module = w.write('serve.js', APPS.serve)
      const first = (await w.control('start', JSON.stringify(w.spec('web', module)))).value
      const again = (await w.control('restart', 'web')).value
      expect(again).toMatchObject({ name: 'web', status: 'running', supervisorPid: first.supervisorPid, restarts: 1 })
      expect(again.pid).not.toBe(first.pid)
      expect(startOf(first.pid)).toBeUndefined()
      expect(w.state('web')!.history.map((r) => r.reason)).toEqual(['start', 'restart'])

      process.kill(again.supervisorPid, 'SIGKILL')
      process.kill(-again.pid, 'SIGKILL')
      await until(() => startOf(again.supervisorPid) === undefined && startOf(again.pid) === undefined, 'both to end')
      const fresh = (await w.control('restart', 'web')).value
      expect(fresh).toMatchObject({ name: 'web', status: 'running', restarts: 0 })
      expect(fresh.supervisorPid).not.toBe(again.supervisorPid)
      expect(w.state('web')!.spec).toEqual(w.spec('web', module))
      expect((await w.control('stop', 'web')).value).toEqual({ name: 'web', stopped: true, was: 'running' })
    },
    T,
  )

  test.concurrent(
    'a supervisor that dies of the SIGHUP: the restart returns at once, the daemon dead',
    async () => {
      const w = world()
      // A sleep stands for the supervisor: SIGHUP ends it.
      const supervisor = Bun.spawn(['sleep', '60'], { detached: true, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore' })
      const spec = w.spec('hup', join(w.app, 'none.js'))
      mkdirSync(join(w.home, 'phiemon'), { recursive: true })
      writeFileSync(
        join(w.home, 'phiemon', 'hup.json'),
        JSON.stringify({ format: 1, name: 'hup', status: 'running', spec, supervisor: { pid: supervisor.pid, start: startOf(supervisor.pid)! }, child: null, restarts: 0, streak: 0, runs: 1, nextRestartAt: null, message: null, createdAt: '', updatedAt: '', history: [] }),
      )
      const r = await w.control('restart', 'hup')
      expect(await supervisor.exited).toBe(129)
      expect(r.value).toMatchObject({ name: 'hup', status: 'dead', supervisorPid: null, message: `supervisor ${supervisor.pid} is gone` })
    },
    T,
  )

  test.concurrent(
    'an unknown name is exit 66',
    async () => {
      const w = world()
      expect(await w.control('restart', 'nope')).toEqual({ exitCode: 66, message: 'no daemon named "nope" (phicode --phiemon-list shows them)' })
    },
    T,
  )
})
