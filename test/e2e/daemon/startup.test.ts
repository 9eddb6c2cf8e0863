import { afterAll, describe, expect, test } from 'bun:test'
import type { DaemonView } from '../../../src/daemon/types'
import { APPS } from './_apps'
import { TIMEOUT, alive, cleanup, eventually, world } from './_helpers'

afterAll(cleanup)

/** Prints on both streams, then exits 3 about 50 ms after it began: the app that "started" and was gone. */
const EARLY_CRASH = `console.log('booting', process.pid)\nsetTimeout(() => { console.error('fatal: no config'); process.exit(3) }, 50)\n`

describe('--phiemon waits out the start-up grace', () => {
  test.concurrent('an app that crashes after ~50 ms: the start fails (69) with its exit code and last output, and it is not restarted', async () => {
    const w = world()
    w.write('early.ts', EARLY_CRASH)
    const r = await w.run(['early.ts', '--phiemon'])
    expect(r.code).toBe(69)
    expect(r.stdout).toBe('')
    const state = w.state('early')
    const pid = state.history[0]!.pid
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines[0]).toStartWith('phicode: error: daemon "early" did not start: the app exited with code 3 after ')
    expect(lines[0]).toEndWith(', within its start-up grace of 1.0 s; not restarted')
    expect(lines.slice(1)).toEqual([
      'its last output:',
      `  [out] booting ${pid}`,
      '  [err] fatal: no config',
      'phicode --phiemon-logs early shows the whole log',
    ])
    // What the supervisor recorded: one run, ended early, the daemon errored rather than waiting to restart.
    expect(state).toMatchObject({ status: 'errored', runs: 1, restarts: 0, nextRestartAt: null })
    expect(state.history).toEqual([expect.objectContaining({ pid, exitCode: 3, signal: null, early: true })])
    await eventually(() => !alive(state.supervisor), 5000, 'the supervisor to exit')
    expect(w.state('early').runs).toBe(1)
    expect((await w.status('early')).status).toBe('errored')
  }, TIMEOUT)

  test.concurrent('an app killed by a signal during the grace: the signal is named; --json prints nothing on stdout', async () => {
    const w = world()
    w.write('killed.ts', `console.log('about to go')\nprocess.kill(process.pid, 'SIGKILL')\n`)
    const r = await w.run(['--phiemon', '--json', 'killed.ts'])
    expect(r.code).toBe(69)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('did not start: the app was killed by SIGKILL after ')
    expect(r.stderr).toContain('  [out] about to go\n')
    expect(w.state('killed').history[0]).toMatchObject({ signal: 'SIGKILL', early: true })
  }, TIMEOUT)

  test.concurrent('a healthy app is reported started once the supervisor records it up past the grace', async () => {
    const w = world()
    w.write('serve.ts', APPS.serve)
    const r = await w.run(['--phiemon', '--phiemon-startup-grace', '500ms', 'serve.ts'])
    expect(r.code).toBe(0)
    const state = w.state('serve')
    expect(state.spec.startupGraceMs).toBe(500)
    expect(state).toMatchObject({ status: 'running', runs: 1 })
    expect(alive(state.child)).toBe(true)
    expect(r.stdout).toBe(`started serve: pid ${state.child!.pid} (supervisor ${state.supervisor!.pid}); logs: phicode --phiemon-logs serve\n`)
    expect(state.history).toEqual([expect.not.objectContaining({ endedAt: expect.anything() })])
    // Its memory in the list is in IEC units, like every size phicode prints.
    const list = await w.run(['--phiemon-list'])
    expect(list.stdout).toMatch(new RegExp(`^serve +running +${state.child!.pid} +.+ +0 +\\d+(\\.\\d+)? MiB$`, 'm'))
    expect((await w.run(['--phiemon-stop', 'serve'])).code).toBe(0)
  }, TIMEOUT)

  test.concurrent('an app that ends with exit 0 during the grace is reported as exited, not as started or failed', async () => {
    const w = world()
    w.write('once.ts', APPS.clean)
    const r = await w.run(['once.ts', '--phiemon'])
    expect(r.code).toBe(0)
    expect(r.stdout).toStartWith('once: the app exited with code 0 after ')
    expect(r.stdout).toEndWith(', within its start-up grace of 1.0 s; not restarted\n')
    expect(w.state('once')).toMatchObject({ status: 'exited', runs: 1 })
  }, TIMEOUT)

  test.concurrent('--phiemon-startup-grace 0: the start returns once the app is spawned and crashes are restarted as before', async () => {
    const w = world()
    w.write('early.ts', EARLY_CRASH)
    const view = JSON.parse((await w.run(['--phiemon', '--phiemon-startup-grace', '0', '--json', 'early.ts'], { PHIEMON_BACKOFF_MS: '20' })).stdout) as DaemonView
    expect(view.name).toBe('early')
    const s = await w.until('early', (s) => s.runs >= 2)
    expect(s.history[0]).toMatchObject({ exitCode: 3, delayMs: 20 })
    expect(s.history[0]!.early).toBeUndefined()
    expect((await w.run(['--phiemon-stop', 'early'])).code).toBe(0)
  }, TIMEOUT)

  test.concurrent('a malformed grace is a usage error (64) naming the option', async () => {
    const w = world()
    w.write('serve.ts', APPS.serve)
    const r = await w.run(['--phiemon', '--phiemon-startup-grace', 'soon', 'serve.ts'])
    expect(r.code).toBe(64)
    expect(r.stderr).toContain('--phiemon-startup-grace takes a duration such as 5, 2.5, 500ms, 10s or 2m, not "soon"')
  }, TIMEOUT)
})
