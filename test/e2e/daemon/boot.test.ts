import { afterAll, describe, expect, test } from 'bun:test'
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { DaemonView } from '../../../src/daemon/types'
import { PHICODE, runCommand } from '../../helpers/binary'
import { required } from '../../helpers/prerequisites'
import { verifyUnits } from '../../helpers/systemd'
import { tempDir } from '../../helpers/tmp'
import { TIMEOUT, cleanup, eventually, startOf, world } from './_helpers'

afterAll(cleanup)

/** Prints what the environment says, then stays up. */
const ENV_APP = `console.log('secret', process.env.BOOT_SECRET ?? '-', 'path', process.env.BOOT_PATH ?? '-', 'name', process.env.PHIEMON_NAME)\nsetInterval(() => {}, 1000)\n`

type World = ReturnType<typeof world>

/** What a reboot does to daemons: every supervisor and app gone at once, no state recorded. */
async function reboot(w: World, names: string[]): Promise<void> {
  for (const name of names) {
    const state = w.state(name)
    process.kill(state.supervisor!.pid, 'SIGKILL')
    process.kill(-state.child!.pid, 'SIGKILL')
    await eventually(() => startOf(state.supervisor!.pid) === undefined && startOf(state.child!.pid) === undefined, 5000, `${name} to die`)
    expect((await w.status(name)).status).toBe('dead')
  }
}

/** The app's lines in a daemon's log that report its environment, oldest first. */
const envLines = (w: World, name: string) => [...w.log(name).matchAll(/\[out\] secret (\S+) path (.+) name (\S+)$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`)

describe('the environment a daemon was started with', () => {
  test('is recorded (readable by its owner only) and given to the app again when a new supervisor restarts it', async () => {
    const w = world()
    w.write('envy.ts', ENV_APP)
    await w.start(['envy.ts'], { BOOT_SECRET: 'first', BOOT_PATH: '/opt/a b' })
    await w.untilLog('envy', /secret first/)
    expect(statSync(join(w.home, 'phiemon', 'envy.json')).mode & 0o777).toBe(0o600)
    await reboot(w, ['envy'])
    // Restarted from a shell whose environment says otherwise: the recorded one wins.
    const restarted = await w.run(['--phiemon-restart', 'envy'], { BOOT_SECRET: 'second', BOOT_PATH: '/elsewhere' })
    expect(restarted.code).toBe(0)
    await eventually(() => envLines(w, 'envy').length === 2, 10_000, 'the second run')
    expect(envLines(w, 'envy')).toEqual(['first /opt/a b envy', 'first /opt/a b envy'])
  }, TIMEOUT)
})

describe('--phiemon-save and --phiemon-resurrect', () => {
  test('save records the running daemons; after a "reboot" resurrect starts them with their own environments; again it leaves them alone', async () => {
    const w = world()
    w.write('envy.ts', ENV_APP)
    await w.start(['envy.ts', '--name', 'one'], { BOOT_SECRET: 'uno' })
    await w.start(['envy.ts', '--name', 'two'], { BOOT_SECRET: 'dos' })
    await w.start(['envy.ts', '--name', 'off'], { BOOT_SECRET: 'nada' })
    expect((await w.run(['--phiemon-stop', 'off'])).code).toBe(0)
    const saved = await w.json<{ path: string; saved: string[]; skipped: string[] }>(['--phiemon-save'])
    expect(saved).toEqual({ path: join(w.home, 'phiemon-dump.json'), saved: ['one', 'two'], skipped: ['off'] })
    expect(statSync(saved.path).mode & 0o777).toBe(0o600)
    await reboot(w, ['one', 'two'])

    const back = await w.run(['--phiemon-resurrect', '--json'], { BOOT_SECRET: 'boot' })
    expect(back.code).toBe(0)
    const results = JSON.parse(back.stdout) as { name: string; outcome: string; pid: number }[]
    expect(results.map((r) => [r.name, r.outcome])).toEqual([['one', 'started'], ['two', 'started']])
    for (const name of ['one', 'two']) {
      const view = await w.status(name)
      expect(view.status).toBe('running')
      expect(startOf(view.pid!)).toBeDefined()
    }
    await eventually(() => envLines(w, 'one').length === 2 && envLines(w, 'two').length === 2, 10_000, 'the resurrected runs')
    expect(envLines(w, 'one').at(-1)).toBe('uno - one')
    expect(envLines(w, 'two').at(-1)).toBe('dos - two')
    expect((await w.status('off')).status).toBe('stopped')

    const again = await w.run(['--phiemon-resurrect'])
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/^already running one: pid \d+\nalready running two: pid \d+\n$/)
  }, TIMEOUT)

  test('nothing saved: resurrect says so with exit 66; a saved daemon that cannot start fails with 69, the others still start', async () => {
    const w = world()
    const none = await w.run(['--phiemon-resurrect'])
    expect(none.code).toBe(66)
    expect(none.stderr).toContain('phicode --phiemon-save')
    w.write('envy.ts', ENV_APP)
    w.write('gone/envy.ts', ENV_APP)
    await w.start(['envy.ts', '--name', 'stays'])
    await runCommand([PHICODE, '--phiemon', '--name', 'moves', 'envy.ts'], { cwd: join(w.app, 'gone'), env: { PHICODE_HOME: w.home } })
    expect((await w.run(['--phiemon-save'])).code).toBe(0)
    await reboot(w, ['stays', 'moves'])
    await runCommand(['rm', '-rf', join(w.app, 'gone')])
    const back = await w.run(['--phiemon-resurrect'])
    expect(back.code).toBe(69)
    expect(back.stderr).toContain('moves')
    expect(back.stdout).toMatch(/^started stays: pid \d+\n$/)
  }, TIMEOUT)
})

describe('--phiemon-startup systemd', () => {
  /** The ExecStart= or Environment= words of a unit, unquoted as systemd reads them (the units quote every word). */
  const words = (line: string) => [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] ?? m[2]!).replace(/\\(.)/g, '$1').replace(/%%/g, '%'))
  const field = (unit: string, key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!)

  test('a system unit and a user unit, each passing systemd-analyze verify without a warning', async () => {
    const w = world()
    const dirs = { system: tempDir('phiemon-system-units-'), user: tempDir('phiemon-user-units-') }
    for (const [kind, dir] of Object.entries(dirs)) {
      const made = await w.run(['--phiemon-startup', 'systemd', ...(kind === 'user' ? ['--user'] : []), '--phiemon-unit-dir', dir, '--json'])
      expect(made.code).toBe(0)
      const result = JSON.parse(made.stdout) as { name: string; path: string; unit: string; commands: string[] }
      expect(readFileSync(result.path, 'utf8')).toBe(result.unit)
      expect(result.commands).toContain(`${kind === 'user' ? 'systemctl --user' : 'systemctl'} enable ${result.name}`)
      expect(field(result.unit, 'Type')).toEqual(['oneshot'])
      // One daemon that cannot come back (exit 69) must not fail the unit: its cgroup, and the daemons that did start, would be killed.
      expect(field(result.unit, 'SuccessExitStatus')).toEqual(['69'])
      expect(field(result.unit, 'WantedBy')).toEqual([kind === 'user' ? 'default.target' : 'multi-user.target'])
      expect(field(result.unit, 'User')).toEqual(kind === 'user' ? [] : [String(process.getuid!())])
      expect(words(field(result.unit, 'ExecStart')[0]!)).toEqual([PHICODE, '--phiemon-resurrect'])
      expect(field(result.unit, 'Environment').map((e) => words(e)[0])).toContain(`PHICODE_HOME=${w.home}`)
    }
    expect(verifyUnits({ 'system.service': readFileSync(join(dirs.system, readdirSync(dirs.system)[0]!), 'utf8') })).toEqual({ code: 0, stderr: '' })
    // A user manager needs a runtime directory of its own to verify against.
    const runtime = tempDir('phiemon-xdg-')
    mkdirSync(runtime, { recursive: true, mode: 0o700 })
    const analyze = required('systemd-analyze')
    const userUnit = join(dirs.user, readdirSync(dirs.user)[0]!)
    const verified = await runCommand([analyze, '--user', 'verify', userUnit], { env: { XDG_RUNTIME_DIR: runtime } })
    expect({ code: verified.code, stderr: verified.stderr }).toEqual({ code: 0, stderr: '' })
  }, TIMEOUT)

  test("the unit's ExecStart, run with only the unit's environment, brings the saved daemons back", async () => {
    const w = world()
    w.write('envy.ts', ENV_APP)
    await w.start(['envy.ts', '--name', 'boot'], { BOOT_SECRET: 'kept' })
    expect((await w.run(['--phiemon-save'])).code).toBe(0)
    const made = await w.run(['--phiemon-startup', 'systemd', '--phiemon-unit-dir', '-'])
    expect(made.code).toBe(0)
    await reboot(w, ['boot'])
    const env = Object.fromEntries(field(made.stdout, 'Environment').map((e) => words(e)[0]!.split(/=(.*)/s).slice(0, 2) as [string, string]))
    const exec = words(field(made.stdout, 'ExecStart')[0]!)
    // As systemd runs it: no inherited environment but PATH and the unit's own.
    const proc = Bun.spawn(['env', '-i', `PATH=${process.env.PATH}`, ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...exec], { stdout: 'pipe', stderr: 'pipe', cwd: '/' })
    expect(await proc.exited).toBe(0)
    const view: DaemonView = await w.status('boot')
    expect(view.status).toBe('running')
    await eventually(() => envLines(w, 'boot').length === 2, 10_000, 'the resurrected run')
    expect(envLines(w, 'boot').at(-1)).toBe('kept - boot')
  }, TIMEOUT)
})
