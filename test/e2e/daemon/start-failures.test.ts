/**
 * How `phicode --phiemon` reports a start that goes wrong, through the compiled binary: the name
 * held by another live process, a supervisor that dies before it reports, an app that cannot be
 * spawned, and an app that fails within its start-up grace (its last ten lines of output, nothing
 * printed, and the watch that goes on). Expected texts are written out by hand.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { APPS } from './_apps'
import { TIMEOUT, cleanup, eventually, alive, startOf, world } from './_helpers'

afterAll(cleanup)

/** A live process of the test's own, as a lock names its owner (pid and start time from /proc). */
function liveProcess(): { child: ReturnType<typeof Bun.spawn>; owner: { pid: number; start: string } } {
  const child = Bun.spawn(['sleep', '60'], { stdio: ['ignore', 'ignore', 'ignore'] })
  return { child, owner: { pid: child.pid, start: startOf(child.pid)! } }
}

describe('a start that goes wrong', () => {
  test.concurrent('the name locked by another live process: exit 75 naming that process', async () => {
    const w = world()
    w.write('serve.ts', APPS.serve)
    mkdirSync(join(w.home, 'phiemon'), { recursive: true })
    // Not this test process: the files' clean-up kills every lock's owner.
    const { child, owner } = liveProcess()
    try {
      writeFileSync(join(w.home, 'phiemon', 'web.lock'), JSON.stringify(owner))
      const r = await w.run(['--phiemon', '--name', 'web', 'serve.ts'])
      expect(r.code).toBe(75)
      expect(r.stderr).toContain(`daemon "web" is already running (supervisor pid ${owner.pid}): stop it first, or pick another --name`)
    } finally {
      child.kill('SIGKILL')
      await child.exited
    }
  }, TIMEOUT)

  test.concurrent('a supervisor that fails before it reports: exit 70 with the last line it wrote', async () => {
    const w = world()
    w.write('serve.ts', APPS.serve)
    // A folder where the state file goes: the supervisor cannot record anything and ends.
    mkdirSync(join(w.home, 'phiemon', 'web.json'), { recursive: true })
    const r = await w.run(['--phiemon', '--name', 'web', 'serve.ts'])
    expect(r.code).toBe(70)
    const line = r.stderr.trimEnd().split('\n')[0]!
    expect(line).toStartWith('phicode: error: the supervisor of "web" did not start: ')
    const own = readFileSync(join(w.home, 'phiemon', 'logs', 'web.supervisor.log'), 'utf8').trim().split('\n').filter(Boolean).at(-1)!
    expect(own.length).toBeGreaterThan(0)
    expect(line).toEndWith(own)
  }, TIMEOUT)

  test.concurrent('an app that cannot be spawned (its folder is gone): exit 69 with the reason', async () => {
    const w = world()
    w.write('sub/serve.ts', APPS.serve)
    const sub = join(w.app, 'sub')
    // Start it from its folder, stop it, remove the folder: a restart must spawn the app there.
    expect((await runPhicode(['--phiemon', '--name', 'web', 'serve.ts'], { cwd: sub, env: { PHICODE_HOME: w.home } })).code).toBe(0)
    expect((await w.run(['--phiemon-stop', 'web'])).code).toBe(0)
    rmSync(sub, { recursive: true, force: true })
    const r = await w.run(['--phiemon-restart', 'web'])
    expect(r.code).toBe(69)
    expect(r.stderr).toStartWith('phicode: error: daemon "web": cannot start the app: ')
    // The supervisor reports the failure first, then records it.
    const s = await w.until('web', (s) => s.status !== 'starting')
    expect(s).toMatchObject({ status: 'errored', child: null, nextRestartAt: null, runs: 0 })
    expect(s.message).toStartWith('cannot start the app: ')
  }, TIMEOUT)
})

describe('an app that fails within its start-up grace', () => {
  test.concurrent('its last ten lines of output are shown, none of an earlier run', async () => {
    const w = world()
    w.write('loud.ts', `for (let k = 1; k <= 15; k++) console.log('line', k)\nprocess.exit(3)\n`)
    const r = await w.run(['--phiemon', 'loud.ts'])
    expect(r.code).toBe(69)
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines.slice(1)).toEqual(['its last output:', ...Array.from({ length: 10 }, (_, k) => `  [out] line ${k + 6}`), 'phicode --phiemon-logs loud shows the whole log'])
    // Its supervisor has ended by the time the failure is reported: a start right after it is no
    // "already running" (exit 75).
    expect(startOf(w.state('loud').supervisor!.pid)).toBeUndefined()
    // Started again: the output shown is the new run's only.
    w.write('loud.ts', `console.log('second')\nprocess.exit(4)\n`)
    const again = await w.run(['--phiemon', 'loud.ts'])
    expect(again.code).toBe(69)
    expect(again.stderr).toContain('the app exited with code 4 after ')
    expect(again.stderr.trimEnd().split('\n').slice(1)).toEqual(['its last output:', '  [out] second', 'phicode --phiemon-logs loud shows the whole log'])
  }, TIMEOUT)

  test.concurrent('the grace given is the one waited out: an app that ends 1.5 s in fails a 4 s grace', async () => {
    const w = world()
    w.write('slow.ts', `console.log('up')\nsetTimeout(() => process.exit(3), 1500)\n`)
    const r = await w.run(['--phiemon', '--phiemon-startup-grace', '4s', 'slow.ts'])
    expect(r.code).toBe(69)
    expect(r.stderr).toContain(', within its start-up grace of 4.0 s; not restarted')
  }, TIMEOUT)

  test.concurrent('an app that printed nothing says so; with --watch the supervisor stays, and says it', async () => {
    const w = world()
    w.write('quiet.ts', `process.exit(5)\n`)
    const r = await w.run(['--phiemon', '--watch', 'quiet.ts'])
    expect(r.code).toBe(69)
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines[0]).toStartWith('phicode: error: daemon "quiet" did not start: the app exited with code 5 after ')
    expect(lines.slice(1)).toEqual([
      'it printed nothing',
      'phicode --phiemon-logs quiet shows the whole log',
      `its supervisor keeps watching ${w.app}: a change starts the app again (phicode --phiemon-stop quiet ends it)`,
    ])
    const s = w.state('quiet')
    expect(s.status).toBe('errored')
    expect(alive(s.supervisor)).toBe(true)
    expect((await w.run(['--phiemon-stop', 'quiet'])).code).toBe(0)
    await eventually(() => !alive(s.supervisor), 5000, 'the supervisor to exit')
  }, TIMEOUT)
})
