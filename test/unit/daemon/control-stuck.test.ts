/**
 * Stop and restart (src/daemon/control.ts) against a supervisor that does not answer: a shell
 * ignoring the signal stands for it, a sleep leading its own group for its app, in a state file
 * written by hand; or a real supervisor stopped (SIGSTOP) while startDaemon waits. Each waits out
 * a control deadline (10 to 13 s), so they run side by side in a file of their own, last in the
 * mutation stage.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startOf } from '../../helpers/proc-stat'
import { APPS, alive, cleanup, output, until, world } from './_world'

if (process.platform !== 'linux') throw new Error('these tests read /proc: run them on Linux')

afterAll(cleanup)

const T = 60_000

describe('supervisors that do not answer', () => {
  /** A state whose supervisor is a shell ignoring `signal` and whose app is a sleep leading its group (or none: between runs). */
  function stuck(w: ReturnType<typeof world>, name: string, signal: 'TERM' | 'HUP', withApp = true) {
    // Between runs the stand-in holds half a gigabyte: after SIGKILL the kernel takes a while to
    // free it, and until then the process still shows in /proc (python3: one thread, so the
    // whole teardown happens before it turns zombie).
    const command = withApp
      ? ['sh', '-c', `trap '' ${signal}; echo set; while :; do sleep 1; done`]
      : ['python3', '-c', `import signal\nheld = bytearray(b'x' * (512 << 20))\nsignal.signal(signal.SIG${signal}, signal.SIG_IGN)\nprint('set', flush=True)\nwhile True: signal.pause()`]
    const supervisor = Bun.spawn(command, { detached: true, stdin: 'ignore', stdout: 'pipe', stderr: 'ignore' })
    const app = Bun.spawn(['sleep', '60'], { detached: true, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore' })
    const state = {
      format: 1,
      name,
      status: 'running',
      spec: w.spec(name, join(w.app, 'none.js'), { graceMs: 0 }),
      supervisor: { pid: supervisor.pid, start: startOf(supervisor.pid)! },
      child: withApp ? { pid: app.pid, start: startOf(app.pid)!, startedAt: '2026-01-01T00:00:00.000Z' } : null,
      restarts: 0,
      streak: 0,
      runs: 1,
      nextRestartAt: null,
      message: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      history: [],
    }
    Bun.spawnSync(['mkdir', '-p', join(w.home, 'phiemon')])
    writeFileSync(join(w.home, 'phiemon', `${name}.json`), JSON.stringify(state))
    return { supervisor, app, state }
  }

  test.concurrent(
    'stop: SIGKILL after the deadline (10 s with no grace), its app ended, the stop recorded',
    async () => {
      const w = world()
      const { supervisor, app } = stuck(w, 'deaf', 'TERM')
      await new Response(supervisor.stdout).body!.getReader().read()
      expect((await w.control('stop', 'deaf')).value).toEqual({ name: 'deaf', stopped: true, was: 'running' })
      expect(await supervisor.exited).toBe(137)
      // endGroup with no grace: SIGTERM, which ends a sleep, then SIGKILL for what is left.
      expect(await app.exited).toBe(143)
      expect(w.state('deaf')).toMatchObject({ status: 'stopped', child: null, nextRestartAt: null, message: 'stopped (supervisor did not respond; killed)' })
    },
    T,
  )

  test.concurrent(
    'stop between runs (no app): the supervisor SIGKILLed after the deadline, and the stop recorded',
    async () => {
      const w = world()
      const { supervisor, app } = stuck(w, 'idle', 'TERM', false)
      await new Response(supervisor.stdout).body!.getReader().read()
      expect((await w.control('stop', 'idle')).value).toEqual({ name: 'idle', stopped: true, was: 'running' })
      expect(await supervisor.exited).toBe(137)
      // Recorded only once the killed supervisor is gone: right after the kill it may still be there.
      expect(w.state('idle')).toMatchObject({ status: 'stopped', child: null, nextRestartAt: null, message: 'stopped (supervisor did not respond; killed)' })
      app.kill('SIGKILL')
    },
    T,
  )

  test.concurrent(
    'restart: an error naming the deadline when no new run is recorded in time',
    async () => {
      const w = world()
      const { supervisor, app } = stuck(w, 'mute', 'HUP')
      await new Response(supervisor.stdout).body!.getReader().read()
      expect(await w.control('restart', 'mute')).toEqual({ exitCode: 70, message: 'daemon "mute" did not restart within 10 s' })
      expect(alive(w.state('mute')!.supervisor)).toBe(true)
      supervisor.kill('SIGKILL')
      app.kill('SIGKILL')
    },
    T,
  )

  test.concurrent(
    'start: an error naming the deadline when the supervisor records neither a start nor an exit (13 s: a 3 s start-up grace, no stop grace)',
    async () => {
      const w = world()
      const module = w.write('serve.js', APPS.serve)
      const started = w.control('start', JSON.stringify(w.spec('frozen', module, { startupGraceMs: 3000, graceMs: 0 })))
      // Once the app prints, the ready line is out. A stopped supervisor records nothing, and the
      // app it can no longer reap is killed within its start-up grace.
      await until(() => output(w.log('frozen')).length > 0, 'the app to print')
      const s = w.state('frozen')!
      process.kill(s.supervisor!.pid, 'SIGSTOP')
      process.kill(-s.child!.pid, 'SIGKILL')
      expect(await started).toEqual({ exitCode: 70, message: 'daemon "frozen": its supervisor recorded neither a start nor an exit within 13 s' })
      process.kill(s.supervisor!.pid, 'SIGKILL')
    },
    T,
  )
})
