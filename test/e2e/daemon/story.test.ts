/**
 * What a supervisor writes down, note by note: its `[phiemon]` log lines and the state it records
 * for a crash loop that gives up, a stop by SIGTERM and by SIGINT, a restart on SIGHUP, and a
 * clean exit. Expected notes are written out by hand; only run times (`after 850 ms`) vary.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { PHICODE } from '../../helpers/binary'
import { APPS } from './_apps'
import { TIMEOUT, alive, cleanup, eventually, world } from './_helpers'

afterAll(cleanup)

/** The supervisor's notes in a log, a run time (`after 850 ms`, `after 1.2 s`) written as `after T`. */
function notes(log: string): string[] {
  return [...log.matchAll(/^\S+ \[phiemon\] (.*)$/gm)].map((m) => m[1]!.replace(/ after (\d+ ms|\d+(\.\d)? s)(?=$|[;,])/, ' after T'))
}

describe('the story of a daemon', () => {
  test.concurrent('a crash loop: each run, each wait, then it gives up; the state says so', async () => {
    const w = world()
    w.write('crash.ts', APPS.crash)
    await w.start(['--phiemon-startup-grace', '0', 'crash.ts', '--max-restarts', '2', 'x y'], { PHIEMON_BACKOFF_MS: '20' })
    const s = await w.until('crash', (s) => s.status === 'errored')
    await eventually(() => !alive(s.supervisor), 5000, 'the supervisor to exit')
    const [p1, p2, p3] = s.history.map((r) => r.pid)
    expect(notes(w.log('crash'))).toEqual([
      `supervisor pid ${s.supervisor!.pid} started: ${PHICODE} -- crash.ts x y (in ${w.app})`,
      `app pid ${p1} started (start)`,
      `app pid ${p1} exited with code 3 after T`,
      'exited with code 3; restart 1 of 2 in 20 ms',
      `app pid ${p2} started (crash)`,
      `app pid ${p2} exited with code 3 after T`,
      'exited with code 3; restart 2 of 2 in 40 ms',
      `app pid ${p3} started (crash)`,
      `app pid ${p3} exited with code 3 after T`,
      'exited with code 3; gave up after 2 restarts in a row',
    ])
    expect(s).toMatchObject({
      format: 1,
      name: 'crash',
      status: 'errored',
      child: null,
      restarts: 2,
      streak: 2,
      runs: 3,
      nextRestartAt: null,
      message: 'exited with code 3; gave up after 2 restarts in a row',
    })
    expect(s.history.map((r) => [r.reason, r.exitCode, r.signal, r.delayMs, r.early])).toEqual([
      ['start', 3, null, 20, undefined],
      ['crash', 3, null, 40, undefined],
      ['crash', 3, null, undefined, undefined],
    ])
    for (const r of s.history) expect(Date.parse(r.endedAt!)).toBeGreaterThanOrEqual(Date.parse(r.startedAt))
    expect(Date.parse(s.updatedAt)).toBeGreaterThanOrEqual(Date.parse(s.createdAt))
  }, TIMEOUT)

  test.concurrent('waiting between runs: the state names the next restart and why', async () => {
    const w = world()
    w.write('crash.ts', APPS.crash)
    await w.start(['--phiemon-startup-grace', '0', 'crash.ts', '--max-restarts', '1'], { PHIEMON_BACKOFF_MS: '30000' })
    const s = await w.until('crash', (s) => s.status === 'waiting')
    expect(s).toMatchObject({ child: null, restarts: 0, streak: 0, runs: 1, message: 'exited with code 3; restart 1 of 1 in 30 s' })
    const wait = Date.parse(s.nextRestartAt!) - Date.parse(s.history[0]!.endedAt!)
    expect(wait).toBeGreaterThanOrEqual(29_000)
    expect(wait).toBeLessThanOrEqual(31_000)
    expect((await w.run(['--phiemon-stop', 'crash'])).code).toBe(0)
    expect(notes(w.log('crash')).slice(-2)).toEqual(['stopping (SIGTERM)', 'stopped'])
    expect(w.state('crash')).toMatchObject({ status: 'stopped', message: 'stopped (SIGTERM)', nextRestartAt: null, runs: 1 })
  }, TIMEOUT)

  test.concurrent('stopped by SIGTERM (--phiemon-stop) and by SIGINT: the app ends by the signal, the state says which', async () => {
    const w = world()
    w.write('serve.ts', APPS.serve)
    for (const [name, signal] of [
      ['t', 'SIGTERM'],
      ['i', 'SIGINT'],
    ] as const) {
      const view = await w.start(['serve.ts', '--name', name])
      await w.untilLog(name, /\[out\] up/)
      if (signal === 'SIGTERM') expect((await w.run(['--phiemon-stop', name])).code).toBe(0)
      else process.kill(view.supervisorPid!, 'SIGINT')
      const s = await w.until(name, (s) => s.status === 'stopped')
      await eventually(() => !alive(s.supervisor), 5000, 'the supervisor to exit')
      expect(notes(w.log(name)).slice(1)).toEqual([`app pid ${view.pid} started (start)`, `stopping (${signal})`, `app pid ${view.pid} was killed by SIGTERM after T`, 'stopped'])
      expect(s).toMatchObject({ status: 'stopped', message: `stopped (${signal})`, child: null, nextRestartAt: null, restarts: 0, runs: 1 })
      expect(s.history).toEqual([expect.objectContaining({ pid: view.pid, reason: 'start', exitCode: null, signal: 'SIGTERM' })])
    }
  }, TIMEOUT)

  test.concurrent('SIGHUP restarts the app: a new run, the crash streak at 0', async () => {
    const w = world()
    w.write('serve.ts', APPS.serve)
    const view = await w.start(['serve.ts'])
    await w.untilLog('serve', /\[out\] up/)
    process.kill(view.supervisorPid!, 'SIGHUP')
    const s = await w.until('serve', (s) => s.runs === 2 && s.status === 'running')
    const second = s.child!.pid
    // The run is recorded first, then noted in the log.
    await w.untilLog('serve', new RegExp(`app pid ${second} started`))
    expect(notes(w.log('serve')).slice(1)).toEqual([
      `app pid ${view.pid} started (start)`,
      'restarting: asked to (SIGHUP)',
      `app pid ${view.pid} was killed by SIGTERM after T`,
      `app pid ${second} started (restart)`,
    ])
    expect(s).toMatchObject({ restarts: 1, streak: 0, message: null, nextRestartAt: null })
    expect(s.history.map((r) => r.reason)).toEqual(['start', 'restart'])
    expect((await w.run(['--phiemon-stop', 'serve'])).code).toBe(0)
  }, TIMEOUT)

  test.concurrent('SIGHUP during a crash loop: the app starts again at once as a restart, and the crash count starts over', async () => {
    const w = world()
    w.write('crash.ts', APPS.crash)
    const view = await w.start(['--phiemon-startup-grace', '0', 'crash.ts', '--max-restarts', '50'], { PHIEMON_BACKOFF_MS: '20' })
    await w.until('crash', (s) => s.runs >= 3)
    process.kill(view.supervisorPid!, 'SIGHUP')
    const s = await w.until('crash', (s) => s.history.some((r, k) => r.reason === 'restart' && s.history[k + 1] !== undefined))
    const k = s.history.findIndex((r) => r.reason === 'restart')
    // Before it, the waits grew (20, 40, 80 ms …); the restart's own end waits one unit again.
    expect(s.history.slice(0, 2).map((r) => r.delayMs)).toEqual([20, 40])
    expect(s.history[k]!.delayMs).toBe(20)
    expect(s.history[k + 1]!.reason).toBe('crash')
    expect(notes(w.log('crash'))).toContain('restarting: asked to (SIGHUP)')
    expect((await w.run(['--phiemon-stop', 'crash'])).code).toBe(0)
  }, TIMEOUT)

  test.concurrent('SIGHUP while waiting out a long backoff: the app starts at once', async () => {
    const w = world()
    w.write('crash.ts', APPS.crash)
    const view = await w.start(['--phiemon-startup-grace', '0', 'crash.ts'], { PHIEMON_BACKOFF_MS: '60000' })
    await w.until('crash', (s) => s.status === 'waiting')
    process.kill(view.supervisorPid!, 'SIGHUP')
    const s = await w.until('crash', (s) => s.runs === 2)
    expect(s.history[1]!.reason).toBe('restart')
    expect(Date.parse(s.history[1]!.startedAt) - Date.parse(s.history[0]!.endedAt!)).toBeLessThan(60_000)
    expect((await w.run(['--phiemon-stop', 'crash'])).code).toBe(0)
  }, TIMEOUT)

  test.concurrent('a clean exit after the start-up grace: not restarted, and the supervisor ends', async () => {
    const w = world()
    w.write('clean.ts', APPS.clean)
    await w.start(['--phiemon-startup-grace', '0', 'clean.ts'])
    const s = await w.until('clean', (s) => s.status === 'exited')
    await eventually(() => !alive(s.supervisor), 5000, 'the supervisor to exit')
    const [p] = s.history.map((r) => r.pid)
    expect(notes(w.log('clean')).slice(1)).toEqual([`app pid ${p} started (start)`, `app pid ${p} exited with code 0 after T`, 'clean exit: not restarting'])
    expect(s).toMatchObject({ message: 'exited with code 0; not restarted', child: null, runs: 1, restarts: 0 })
  }, TIMEOUT)
})
