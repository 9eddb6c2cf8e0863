/**
 * The supervisor (src/daemon/supervisor.ts) as a real process, started the way phicode starts
 * it (`--phiemon-supervise <name>`, the spec on stdin) through `_phiemon-main.ts`, supervising
 * real apps and receiving real signals. Expected ready lines, notes and recorded states are
 * written out by hand; pids and start times are read from /proc.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startOf, statFields } from '../../helpers/proc-stat'
import { APPS, MAIN, alive, cleanup, notes, output, until, world } from './_world'

if (process.platform !== 'linux') throw new Error('these tests read /proc: run them on Linux')

afterAll(cleanup)

const T = 60_000

describe('a run and its stop', () => {
  test.concurrent(
    'the ready line, the recorded state, what the app gets, its output in the log; SIGTERM stops both',
    async () => {
      const w = world()
      const module = w.write('serve.js', APPS.serve)
      // The app gets the recorded environment, not the supervisor's, but PHICODE_HOME as the supervisor has it.
      // The module as the user gave it (relative) goes to the app, not the entry it resolved to.
      const spec = w.spec('web', module, { module: 'serve.js', args: ['a b', 'c'], flags: ['--debug'], env: { K: 'recorded', PHICODE_HOME: '/elsewhere' } })
      const { proc, ready } = await w.supervise(spec, { SECRET: 'server-only' })
      const s = await until(() => {
        const s = w.state('web')
        return s?.status === 'running' && s
      }, 'the state to say running')
      const pid = s.child!.pid
      expect(ready).toEqual({ ok: true, supervisorPid: proc.pid, pid })
      expect(s).toMatchObject({
        format: 1,
        name: 'web',
        spec,
        supervisor: { pid: proc.pid, start: startOf(proc.pid) },
        child: { pid, start: startOf(pid) },
        restarts: 0,
        streak: 0,
        runs: 1,
        nextRestartAt: null,
        message: null,
      })
      expect(s.history).toEqual([{ pid, startedAt: s.child!.startedAt, reason: 'start' }])
      // The app leads a process group and a session of its own.
      expect(statFields(pid)!.slice(2, 4)).toEqual([String(pid), String(pid)])
      await until(() => output(w.log('web')).length === 2, 'the app output in the log')
      expect(output(w.log('web')).sort()).toEqual([
        '[err] on stderr',
        `[out] ${JSON.stringify({ name: 'web', home: w.home, k: 'recorded', secret: null, cwd: w.app, args: ['a b', 'c'] })}`,
      ])

      process.kill(proc.pid, 'SIGTERM')
      expect(await proc.exited).toBe(0)
      expect(startOf(pid)).toBeUndefined()
      expect(notes(w.log('web'))).toEqual([
        `supervisor pid ${proc.pid} started: ${process.execPath} ${MAIN} --debug -- serve.js a b c (in ${w.app})`,
        `app pid ${pid} started (start)`,
        'stopping (SIGTERM)',
        `app pid ${pid} was killed by SIGTERM after T`,
        'stopped',
      ])
      const end = w.state('web')!
      expect(end).toMatchObject({ status: 'stopped', message: 'stopped (SIGTERM)', child: null, nextRestartAt: null, runs: 1, restarts: 0 })
      expect(end.history).toEqual([{ pid, startedAt: s.child!.startedAt, reason: 'start', endedAt: expect.any(String), exitCode: null, signal: 'SIGTERM' }])
      // The lock goes with the supervisor: the name is free again.
      expect(existsSync(join(w.home, 'phiemon', 'web.lock'))).toBe(false)
    },
    T,
  )

  test.concurrent(
    'SIGINT stops it too (the state says stopping meanwhile; a second signal is ignored); an app that ignores SIGTERM gets SIGKILL after the grace',
    async () => {
      const w = world()
      const module = w.write('stubborn.js', APPS.stubborn)
      const { proc, ready } = await w.supervise(w.spec('hold', module, { graceMs: 2000 }))
      const pid = (ready as { pid: number }).pid
      await until(() => output(w.log('hold')).includes('[out] ready'), 'the app to set its handler')
      process.kill(proc.pid, 'SIGINT')
      // During the grace the state says stopping; a second signal changes nothing.
      await until(() => notes(w.log('hold')).includes('stopping (SIGINT)'), 'the stop to begin')
      expect(w.state('hold')).toMatchObject({ status: 'stopping', nextRestartAt: null })
      process.kill(proc.pid, 'SIGTERM')
      expect(await proc.exited).toBe(0)
      expect(notes(w.log('hold'))).toEqual([
        `supervisor pid ${proc.pid} started: ${process.execPath} ${MAIN} -- ${module} (in ${w.app})`,
        `app pid ${pid} started (start)`,
        'stopping (SIGINT)',
        `app pid ${pid} still running 2.0 s after SIGTERM: SIGKILL`,
        `app pid ${pid} was killed by SIGKILL after T`,
        'stopped',
      ])
      expect(output(w.log('hold'))).toEqual(['[out] ready', '[out] ignoring SIGTERM'])
      expect(w.state('hold')).toMatchObject({ status: 'stopped', message: 'stopped (SIGINT)', child: null })
      expect(w.state('hold')!.history[0]).toMatchObject({ exitCode: null, signal: 'SIGKILL' })
    },
    T,
  )

  test.concurrent(
    'a name whose lock is held: the second supervisor says who runs it, exit 75, and touches nothing',
    async () => {
      const w = world()
      const module = w.write('serve.js', APPS.serve)
      const first = await w.supervise(w.spec('web', module))
      const before = readFileSync(join(w.home, 'phiemon', 'web.json'), 'utf8')
      const second = await w.supervise(w.spec('web', module, { args: ['other'] }))
      expect(second.ready).toEqual({ ok: false, reason: 'running', pid: first.proc.pid })
      expect(await second.proc.exited).toBe(75)
      expect(readFileSync(join(w.home, 'phiemon', 'web.json'), 'utf8')).toBe(before)
      process.kill(first.proc.pid, 'SIGTERM')
      expect(await first.proc.exited).toBe(0)
    },
    T,
  )
})

describe('ends of a run', () => {
  test.concurrent(
    'a crash loop: each wait doubles, then it gives up after max-restarts (one restart: singular)',
    async () => {
      const w = world()
      const module = w.write('crash.js', APPS.crash)
      for (const [name, max] of [
        ['two', 2],
        ['one', 1],
      ] as const) {
        const { proc } = await w.supervise(w.spec(name, module, { maxRestarts: max }))
        expect(await proc.exited).toBe(0)
        const s = w.state(name)!
        const pids = s.history.map((r) => r.pid)
        const expected =
          max === 2
            ? [
                `app pid ${pids[0]} started (start)`,
                `app pid ${pids[0]} exited with code 3 after T`,
                'exited with code 3; restart 1 of 2 in 20 ms',
                `app pid ${pids[1]} started (crash)`,
                `app pid ${pids[1]} exited with code 3 after T`,
                'exited with code 3; restart 2 of 2 in 40 ms',
                `app pid ${pids[2]} started (crash)`,
                `app pid ${pids[2]} exited with code 3 after T`,
                'exited with code 3; gave up after 2 restarts in a row',
              ]
            : [
                `app pid ${pids[0]} started (start)`,
                `app pid ${pids[0]} exited with code 3 after T`,
                'exited with code 3; restart 1 of 1 in 20 ms',
                `app pid ${pids[1]} started (crash)`,
                `app pid ${pids[1]} exited with code 3 after T`,
                'exited with code 3; gave up after 1 restart in a row',
              ]
        expect(notes(w.log(name)).slice(1)).toEqual(expected)
        expect(s).toMatchObject({ status: 'errored', child: null, restarts: max, streak: max, runs: max + 1, nextRestartAt: null, message: expected.at(-1) })
        expect(s.history.map((r) => [r.reason, r.exitCode, r.signal, r.delayMs, r.early])).toEqual(
          max === 2
            ? [
                ['start', 3, null, 20, undefined],
                ['crash', 3, null, 40, undefined],
                ['crash', 3, null, undefined, undefined],
              ]
            : [
                ['start', 3, null, 20, undefined],
                ['crash', 3, null, undefined, undefined],
              ],
        )
        expect(output(w.log(name))).toEqual(Array(max + 1).fill('[out] run'))
      }
    },
    T,
  )

  test.concurrent(
    'a run that lasts the stable time resets the streak: the wait stays at one unit and it never gives up',
    async () => {
      const w = world()
      const module = w.write('crash.js', APPS.crash)
      const { proc } = await w.supervise(w.spec('loop', module, { maxRestarts: 1, stableMs: 0 }))
      const s = await until(() => {
        const s = w.state('loop')
        return s && s.runs >= 4 && s
      }, 'four runs')
      process.kill(proc.pid, 'SIGTERM')
      expect(await proc.exited).toBe(0)
      expect(s.history.slice(0, 3).map((r) => [r.reason, r.delayMs])).toEqual([
        ['start', 20],
        ['crash', 20],
        ['crash', 20],
      ])
      expect(notes(w.log('loop')).filter((n) => n.includes('restart 1 of 1 in 20 ms')).length).toBeGreaterThanOrEqual(3)
      expect(w.state('loop')!.status).toBe('stopped')
    },
    T,
  )

  test.concurrent(
    'an end within the start-up grace is a failed start, not restarted: errored for a crash, exited for code 0',
    async () => {
      const w = world()
      for (const [name, app, status, end] of [
        ['bad', APPS.crash, 'errored', 'exited with code 3'],
        ['quick', APPS.clean, 'exited', 'exited with code 0'],
      ] as const) {
        const module = w.write(`${name}.js`, app)
        const { proc, ready } = await w.supervise(w.spec(name, module, { startupGraceMs: 60_000 }))
        expect(ready).toMatchObject({ ok: true })
        expect(await proc.exited).toBe(0)
        const message = `${end} after T, within its start-up grace of 1m 00s; not restarted`
        const s = w.state(name)!
        expect(notes(w.log(name)).slice(1)).toEqual([`app pid ${s.history[0]!.pid} started (start)`, `app pid ${s.history[0]!.pid} ${end} after T`, message])
        expect({ ...s, message: notes(`x [phiemon] ${s.message}`)[0] }).toMatchObject({ status, message, runs: 1, restarts: 0, child: null })
        expect(s.history).toEqual([expect.objectContaining({ reason: 'start', early: true, exitCode: name === 'bad' ? 3 : 0, signal: null })])
      }
    },
    T,
  )

  test.concurrent(
    'without a start-up grace in the spec (an older state), the default of one second applies',
    async () => {
      const w = world()
      const module = w.write('crash.js', APPS.crash)
      const spec = w.spec('old', module)
      delete spec.startupGraceMs
      const { proc } = await w.supervise(spec)
      expect(await proc.exited).toBe(0)
      expect(w.state('old')).toMatchObject({ status: 'errored', runs: 1 })
      expect(notes(w.log('old')).at(-1)).toBe('exited with code 3 after T, within its start-up grace of 1.0 s; not restarted')
    },
    T,
  )

  test.concurrent(
    'a clean exit after the grace: exited, not restarted',
    async () => {
      const w = world()
      const module = w.write('clean.js', APPS.clean)
      const { proc } = await w.supervise(w.spec('once', module))
      expect(await proc.exited).toBe(0)
      expect(notes(w.log('once')).slice(-1)).toEqual(['clean exit: not restarting'])
      expect(w.state('once')).toMatchObject({ status: 'exited', message: 'exited with code 0; not restarted', runs: 1, child: null })
      expect(w.state('once')!.history[0]).toMatchObject({ exitCode: 0, signal: null })
      expect(w.state('once')!.history[0]!.early).toBeUndefined()
    },
    T,
  )

  test.concurrent(
    "what an app leaves in its process group is ended with it (here: no restarts allowed, so it errors at once)",
    async () => {
      const w = world()
      const module = w.write('leaver.js', APPS.leaver)
      const { proc } = await w.supervise(w.spec('leave', module, { maxRestarts: 0 }))
      expect(await proc.exited).toBe(0)
      const sleep = Number(readFileSync(join(w.app, 'leftover.pid'), 'utf8'))
      expect(startOf(sleep)).toBeUndefined()
      expect(w.state('leave')).toMatchObject({ status: 'errored', message: 'exited with code 3; gave up after 0 restarts in a row', runs: 1 })
    },
    T,
  )

  test.concurrent(
    'an app that cannot be spawned: the ready line says why, the state is errored, the supervisor ends',
    async () => {
      const w = world()
      const module = w.write('serve.js', APPS.serve)
      const { proc, ready } = await w.supervise(w.spec('nowhere', module, { cwd: join(w.app, 'missing') }))
      expect(ready).toMatchObject({ ok: false, reason: 'spawn' })
      const message = (ready as { message: string }).message
      expect(message).toStartWith('cannot start the app: ')
      expect(message).toContain('ENOENT')
      expect(await proc.exited).toBe(0)
      expect(w.state('nowhere')).toMatchObject({ status: 'errored', message, child: null, nextRestartAt: null, runs: 0, history: [] })
      expect(notes(w.log('nowhere')).slice(1)).toEqual([message])
    },
    T,
  )
})

describe('restarts', () => {
  test.concurrent(
    'SIGHUP: the app is stopped and started again (reason restart, the streak reset), once per signal',
    async () => {
      const w = world()
      const module = w.write('serve.js', APPS.serve)
      const { proc, ready } = await w.supervise(w.spec('hup', module))
      const first = (ready as { pid: number }).pid
      await until(() => output(w.log('hup')).length === 2, 'the first run to print')
      process.kill(proc.pid, 'SIGHUP')
      // The note follows the state's save: wait for both.
      const s = await until(() => {
        const s = w.state('hup')
        return s?.runs === 2 && notes(w.log('hup')).at(-1)?.endsWith('started (restart)') ? s : undefined
      }, 'the second run')
      expect(startOf(first)).toBeUndefined()
      expect(s).toMatchObject({ restarts: 1, streak: 0, child: { pid: s.history[1]!.pid } })
      expect(s.history.map((r) => [r.pid, r.reason, r.signal])).toEqual([
        [first, 'start', 'SIGTERM'],
        [s.history[1]!.pid, 'restart', undefined],
      ])
      expect(notes(w.log('hup')).slice(1)).toEqual([
        `app pid ${first} started (start)`,
        'restarting: asked to (SIGHUP)',
        `app pid ${first} was killed by SIGTERM after T`,
        `app pid ${s.history[1]!.pid} started (restart)`,
      ])
      process.kill(proc.pid, 'SIGTERM')
      expect(await proc.exited).toBe(0)
    },
    T,
  )

  test.concurrent(
    'SIGHUP during a backoff wait starts the app at once; SIGTERM during a wait stops without a run',
    async () => {
      const w = world()
      const module = w.write('crash.js', APPS.crash)
      const { proc } = await w.supervise(w.spec('wait', module, { backoffUnitMs: 600_000, maxRestarts: 5 }))
      const waiting = await until(() => {
        const s = w.state('wait')
        return s?.status === 'waiting' ? s : undefined
      }, 'the wait')
      // The next restart is one backoff unit after the end (10 minutes here).
      const wait = Date.parse(waiting.nextRestartAt!) - Date.parse(waiting.history[0]!.endedAt!)
      expect(wait).toBeGreaterThanOrEqual(600_000)
      expect(wait).toBeLessThanOrEqual(605_000)
      process.kill(proc.pid, 'SIGHUP')
      const s = await until(() => {
        const s = w.state('wait')
        return s?.runs === 2 && s.status === 'waiting' && s
      }, 'the restarted run to end and wait again')
      expect(s.history.map((r) => r.reason)).toEqual(['start', 'restart'])
      expect(s).toMatchObject({ restarts: 1, streak: 0, message: 'exited with code 3; restart 1 of 5 in 10m 00s' })
      process.kill(proc.pid, 'SIGTERM')
      expect(await proc.exited).toBe(0)
      expect(w.state('wait')).toMatchObject({ status: 'stopped', runs: 2, nextRestartAt: null, message: 'stopped (SIGTERM)' })
      expect(notes(w.log('wait')).slice(-3)).toEqual(['exited with code 3; restart 1 of 5 in 10m 00s', 'stopping (SIGTERM)', 'stopped'])
    },
    T,
  )

  test.concurrent(
    'with --watch: a change restarts the app (reason watch); a failed start keeps the supervisor watching',
    async () => {
      const w = world()
      const watched = join(w.app, 'src')
      mkdirSync(watched)
      const module = w.write('crash.js', APPS.crash)
      const { proc } = await w.supervise(w.spec('watch', module, { watch: watched, startupGraceMs: 60_000, backoffUnitMs: 600_000 }))
      await until(() => w.state('watch')?.status === 'errored', 'the failed start')
      expect(alive(w.state('watch')!.supervisor)).toBe(true)
      writeFileSync(join(watched, 'x.ts'), 'changed\n')
      const s = await until(() => {
        const s = w.state('watch')
        return s?.runs === 2 && s.history[1]?.endedAt ? s : undefined
      }, 'a run after the change')
      expect(s.history.map((r) => r.reason)).toEqual(['start', 'watch'])
      expect(notes(w.log('watch'))).toContain(`restarting: ${join(watched, 'x.ts')} changed`)
      // The second run, not a first start (so no start-up grace), crashed too: a crash restart waits.
      await until(() => w.state('watch')?.status === 'waiting', 'the crash wait')
      process.kill(proc.pid, 'SIGTERM')
      expect(await proc.exited).toBe(0)
    },
    T,
  )

  test.concurrent(
    'an app left running by a supervisor that died is ended before the first start',
    async () => {
      const w = world()
      const module = w.write('serve.js', APPS.serve)
      const orphan = Bun.spawn(['sleep', '60'], { detached: true, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore' })
      const gone = { pid: 2 ** 22 + 1, start: '1' }
      for (const [name, supervisor, by] of [
        ['a', gone, String(gone.pid)],
        ['b', null, '?'],
      ] as const) {
        const child = name === 'a' ? { pid: orphan.pid, start: startOf(orphan.pid)!, startedAt: '2026-01-01T00:00:00.000Z' } : null
        const app = name === 'b' ? Bun.spawn(['sleep', '60'], { detached: true, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore' }) : orphan
        const ref = { pid: app.pid, start: startOf(app.pid)!, startedAt: '2026-01-01T00:00:00.000Z' }
        mkdirSync(join(w.home, 'phiemon'), { recursive: true })
        writeFileSync(join(w.home, 'phiemon', `${name}.json`), JSON.stringify({ format: 1, name, status: 'running', spec: w.spec(name, module), supervisor, child: child ?? ref, restarts: 0, streak: 0, runs: 1, nextRestartAt: null, message: null, createdAt: '', updatedAt: '', history: [] }))
        const { proc, ready } = await w.supervise(w.spec(name, module))
        expect(await app.exited).toBe(143)
        expect(notes(w.log(name)).slice(1, 3)).toEqual([`stopping app pid ${app.pid}, left running by supervisor ${by} which is gone`, `app pid ${(ready as { pid: number }).pid} started (start)`])
        process.kill(proc.pid, 'SIGTERM')
        expect(await proc.exited).toBe(0)
      }
    },
    T,
  )

  test.concurrent(
    'an orphan that outlasts SIGTERM: until it is gone the state says starting, nothing starts, SIGHUP is ignored',
    async () => {
      const w = world()
      const module = w.write('serve.js', APPS.serve)
      const orphan = Bun.spawn(['sh', '-c', "trap '' TERM; echo set; while :; do sleep 1; done"], { detached: true, stdin: 'ignore', stdout: 'pipe', stderr: 'ignore' })
      await orphan.stdout.getReader().read()
      const spec = w.spec('slow', module, { graceMs: 2000 })
      mkdirSync(join(w.home, 'phiemon'), { recursive: true })
      const previous = { pid: orphan.pid, start: startOf(orphan.pid)!, startedAt: '2026-01-01T00:00:00.000Z' }
      writeFileSync(join(w.home, 'phiemon', 'slow.json'), JSON.stringify({ format: 1, name: 'slow', status: 'running', spec, supervisor: null, child: previous, restarts: 0, streak: 0, runs: 1, nextRestartAt: null, message: null, createdAt: '', updatedAt: '', history: [] }))
      const started = w.supervise(spec)
      await until(() => notes(w.log('slow')).length === 2, 'the reaping to begin')
      const during = w.state('slow')!
      expect(during).toMatchObject({ status: 'starting', child: null, runs: 0, history: [] })
      process.kill(during.supervisor!.pid, 'SIGHUP')
      const { proc, ready } = await started
      expect(await orphan.exited).toBe(137)
      const pid = (ready as { pid: number }).pid
      process.kill(proc.pid, 'SIGTERM')
      expect(await proc.exited).toBe(0)
      expect(notes(w.log('slow')).slice(1)).toEqual([`stopping app pid ${orphan.pid}, left running by supervisor ? which is gone`, `app pid ${pid} started (start)`, 'stopping (SIGTERM)', `app pid ${pid} was killed by SIGTERM after T`, 'stopped'])
      expect(w.state('slow')!.history.map((r) => r.reason)).toEqual(['start'])
    },
    T,
  )

  test.concurrent(
    'a second SIGHUP while the app is being stopped for the first: noted, but the app is stopped and started once',
    async () => {
      const w = world()
      const module = w.write('stubborn.js', APPS.stubborn)
      const { proc, ready } = await w.supervise(w.spec('twice', module, { graceMs: 2000 }))
      const first = (ready as { pid: number }).pid
      await until(() => output(w.log('twice')).includes('[out] ready'), 'the app to set its handler')
      process.kill(proc.pid, 'SIGHUP')
      await until(() => notes(w.log('twice')).includes('restarting: asked to (SIGHUP)'), 'the first restart to begin')
      process.kill(proc.pid, 'SIGHUP')
      // The note follows the state's save: wait for both.
      const s = await until(() => {
        const s = w.state('twice')
        return s?.runs === 2 && notes(w.log('twice')).at(-1)?.endsWith('started (restart)') ? s : undefined
      }, 'the second run')
      expect(notes(w.log('twice')).slice(1)).toEqual([
        `app pid ${first} started (start)`,
        'restarting: asked to (SIGHUP)',
        'restarting: asked to (SIGHUP)',
        `app pid ${first} still running 2.0 s after SIGTERM: SIGKILL`,
        `app pid ${first} was killed by SIGKILL after T`,
        `app pid ${s.history[1]!.pid} started (restart)`,
      ])
      expect(s.restarts).toBe(1)
      // One SIGTERM reached the first run (the app says so when it ignores one).
      expect(output(w.log('twice')).filter((line) => line === '[out] ignoring SIGTERM')).toHaveLength(1)
      process.kill(proc.pid, 'SIGKILL')
      process.kill(-s.history[1]!.pid, 'SIGKILL')
    },
    T,
  )
})
