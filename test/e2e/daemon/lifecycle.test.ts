import { afterAll, describe, expect, test } from 'bun:test'
import { APPS } from './_apps'
import { TIMEOUT, cleanup, alive, eventually, startOf, world } from './_helpers'

afterAll(cleanup)

describe('restart policy', () => {
  test.concurrent('a crash loop backs off 1, 2, 4, 8, 16, 30 units (PHIEMON_BACKOFF_MS) and ends errored', async () => {
    const w = world()
    w.write('crash.ts', APPS.crash)
    const unit = 40
    await w.start(['--phiemon-startup-grace', '0', 'crash.ts', '--max-restarts', '6'], { PHIEMON_BACKOFF_MS: String(unit) })
    const s = await w.until('crash', (s) => s.status === 'errored', 20_000)
    const expected = [1, 2, 4, 8, 16, 30].map((x) => x * unit)
    expect(s.history).toHaveLength(7)
    expect(s.history.map((r) => r.exitCode)).toEqual([3, 3, 3, 3, 3, 3, 3])
    expect(s.history.slice(0, 6).map((r) => r.delayMs)).toEqual(expected)
    // From the timestamps the supervisor recorded: each restart waited at least its step (no
    // upper bound: a busy machine may add any delay; the recorded delayMs above is exact).
    const gaps = s.history.slice(1).map((r, k) => Date.parse(r.startedAt) - Date.parse(s.history[k]!.endedAt!))
    gaps.forEach((gap, k) => expect(gap).toBeGreaterThanOrEqual(expected[k]! - 5))
    expect(await w.status('crash')).toMatchObject({ name: 'crash', status: 'errored', pid: null, restarts: 6 })
    await eventually(() => !alive(s.supervisor), 5000, 'the supervisor to exit')
  }, TIMEOUT)

  test.concurrent('in real seconds: the first restart waits 1 s; max restarts 1 then errored', async () => {
    const w = world()
    w.write('crash.ts', APPS.crash)
    await w.start(['--phiemon-startup-grace', '0', 'crash.ts', '--max-restarts', '1'])
    const s = await w.until('crash', (s) => s.status === 'errored')
    expect(s.history).toHaveLength(2)
    expect(s.history[0]!.delayMs).toBe(1000)
    // The supervisor's own timestamps: the restart came no earlier than the second it waited for.
    const gap = Date.parse(s.history[1]!.startedAt) - Date.parse(s.history[0]!.endedAt!)
    expect(gap).toBeGreaterThanOrEqual(995)
    expect(s.message).toContain('gave up after 1 restart')
  }, TIMEOUT)

  test.concurrent('a run that lasted the stable uptime resets the crash count', async () => {
    const w = world()
    w.write('late.ts', APPS.lateCrash)
    // Each run lives ~300 ms, longer than --phiemon-stable: with max 1 restart it still keeps going.
    await w.start(['--phiemon-stable', '150ms', '--phiemon-startup-grace', '0', 'late.ts', '--max-restarts', '1'], { PHIEMON_BACKOFF_MS: '20' })
    const s = await w.until('late', (s) => s.runs >= 4 || s.status === 'errored')
    expect(s.status).not.toBe('errored')
    const delays = s.history.flatMap((r) => (r.delayMs === undefined ? [] : [r.delayMs]))
    expect(delays.length).toBeGreaterThanOrEqual(3)
    expect(delays.every((d) => d === 20)).toBe(true)
    expect((await w.run(['--phiemon-stop', 'late'])).code).toBe(0)
  }, TIMEOUT)

  test.concurrent('a clean exit (0) is not restarted', async () => {
    const w = world()
    w.write('clean.ts', APPS.clean)
    await w.start(['clean.ts'])
    const s = await w.until('clean', (s) => s.status === 'exited')
    expect(s.runs).toBe(1)
    expect(s.history[0]).toMatchObject({ exitCode: 0, signal: null })
    await eventually(() => !alive(s.supervisor), 5000, 'the supervisor to exit')
    expect((await w.status('clean')).status).toBe('exited')
  }, TIMEOUT)
})

describe('stop and restart', () => {
  test.concurrent('stop during a backoff wait ends the daemon at once', async () => {
    const w = world()
    w.write('crash.ts', APPS.crash)
    await w.start(['--phiemon-startup-grace', '0', 'crash.ts'], { PHIEMON_BACKOFF_MS: '60000' })
    const waiting = await w.until('crash', (s) => s.status === 'waiting')
    expect(Date.parse(waiting.nextRestartAt!) - Date.now()).toBeGreaterThan(30_000)
    const r = await w.run(['--phiemon-stop', 'crash'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('stopped crash')
    // Stopped, supervisor gone, long before the restart it had scheduled (a minute away).
    expect(Date.now()).toBeLessThan(Date.parse(waiting.nextRestartAt!))
    expect(alive(waiting.supervisor)).toBe(false)
    const s = w.state('crash')
    expect(s).toMatchObject({ status: 'stopped', runs: 1, nextRestartAt: null })
    expect((await w.status('crash')).status).toBe('stopped')
  }, TIMEOUT)

  test.concurrent('a child that ignores SIGTERM is killed after the grace period', async () => {
    const w = world()
    w.write('stubborn.ts', APPS.stubborn)
    const view = await w.start(['--phiemon-grace', '600ms', 'stubborn.ts'])
    await w.untilLog('stubborn', /\[out\] ready/)
    const child = w.state('stubborn').child!
    const began = Date.now()
    const r = await w.run(['--phiemon-stop', 'stubborn'])
    expect(r.code).toBe(0)
    expect(alive(child)).toBe(false)
    const s = w.state('stubborn')
    expect(s.status).toBe('stopped')
    // The end the supervisor recorded came no earlier than the grace period after the stop began.
    expect(Date.parse(s.history.at(-1)!.endedAt!) - began).toBeGreaterThanOrEqual(600)
    expect(s.history.at(-1)).toMatchObject({ pid: view.pid!, signal: 'SIGKILL' })
    const log = w.log('stubborn')
    expect(log).toContain('[out] ignoring SIGTERM')
    expect(log).toMatch(/still running 600 ms after SIGTERM: SIGKILL/)
  }, TIMEOUT)

  test.concurrent('restart keeps the name and the log, with a new process', async () => {
    const w = world()
    w.write('serve.ts', APPS.serve)
    const first = await w.start(['serve.ts', '--name', 'web'])
    await w.untilLog('web', new RegExp(`\\[out\\] up ${first.pid} web`))
    const r = await w.run(['--phiemon-restart', 'web', '--json'])
    expect(r.code).toBe(0)
    const second = JSON.parse(r.stdout)
    expect(second).toMatchObject({ name: 'web', status: 'running', restarts: 1 })
    expect(second.pid).not.toBe(first.pid)
    expect(second.supervisorPid).toBe(first.supervisorPid)
    const log = await w.untilLog('web', new RegExp(`\\[out\\] up ${second.pid} web`))
    expect(log).toContain(`[out] up ${first.pid} web`)
    expect(startOf(first.pid!)).toBeUndefined()
    expect(w.state('web').history.map((h) => h.reason)).toEqual(['start', 'restart'])
    expect((await w.run(['--phiemon-stop', 'web'])).code).toBe(0)
  }, TIMEOUT)

  test.concurrent('--watch restarts the app when one of its files changes', async () => {
    const w = world()
    w.write('serve.ts', APPS.serve)
    const first = await w.start(['--watch', 'serve.ts'])
    await w.untilLog('serve', /\[out\] up/)
    w.write('lib/helper.ts', 'export const x = 1\n')
    const s = await w.until('serve', (s) => s.runs === 2 && s.status === 'running')
    expect(s.history.at(-1)!.reason).toBe('watch')
    expect(s.child!.pid).not.toBe(first.pid)
    expect(w.log('serve')).toMatch(/restarting: \S+ changed/)
    expect((await w.run(['--phiemon-stop', 'serve'])).code).toBe(0)
  }, TIMEOUT)
})
