import { afterAll, describe, expect, test } from 'bun:test'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkName, nameFromEntry } from '../../../src/daemon/names'
import type { DaemonView } from '../../../src/daemon/types'
import { APPS } from './_apps'
import { TIMEOUT, cleanup, eventually, startOf, world } from './_helpers'
import { statFields } from '../../helpers/proc-stat'

afterAll(cleanup)

const linux = process.platform === 'linux'

describe('dead supervisors and reused pids', () => {
  test.concurrent('the supervisor is detached: its own session and process group, no terminal', async () => {
    const w = world()
    w.write('serve.ts', APPS.serve)
    const view = await w.start(['serve.ts'])
    const sup = view.supervisorPid!
    if (linux) {
      const [, , pgrp, session, tty] = statFields(sup)!
      expect(Number(pgrp)).toBe(sup)
      expect(Number(session)).toBe(sup)
      expect(tty).toBe('0')
      // The app leads a process group of its own, the one stop signals.
      expect(Number(statFields(view.pid!)![2])).toBe(view.pid!)
    }
    expect((await w.run(['--phiemon-stop', 'serve'])).code).toBe(0)
  }, TIMEOUT)

  test.concurrent('SIGKILL the supervisor: the daemon is dead (never running with a stale pid); starting it again works', async () => {
    const w = world()
    w.write('serve.ts', APPS.serve)
    const first = await w.start(['serve.ts'])
    process.kill(first.supervisorPid!, 'SIGKILL')
    await eventually(() => startOf(first.supervisorPid!) === undefined, 5000, 'the supervisor to die')
    const dead = await w.status('serve')
    expect(dead).toMatchObject({ status: 'dead', pid: null, supervisorPid: null, orphanPid: first.pid })
    const listed = await w.json<DaemonView[]>(['--phiemon-list'])
    expect(listed).toEqual([expect.objectContaining({ name: 'serve', status: 'dead', pid: null })])
    expect((await w.run(['--phiemon-list'])).stdout).not.toContain('running')

    const again = await w.start(['serve.ts'])
    expect(again.status).toBe('running')
    expect(again.supervisorPid).not.toBe(first.supervisorPid)
    // The app the dead supervisor left behind was stopped, not left running beside the new one.
    expect(startOf(first.pid!)).toBeUndefined()
    expect(w.log('serve')).toContain(`stopping app pid ${first.pid}, left running by supervisor ${first.supervisorPid}`)
    expect((await w.run(['--phiemon-stop', 'serve'])).code).toBe(0)
  }, TIMEOUT)

  test.concurrent('a pid reused by an unrelated process is not taken for the daemon, nor signalled', async () => {
    const w = world()
    w.write('serve.ts', APPS.serve)
    await w.start(['serve.ts'])
    expect((await w.run(['--phiemon-stop', 'serve'])).code).toBe(0)
    // An unrelated live process; the state file claims its pid with another start time.
    const stranger = Bun.spawn(['sleep', '30'], { stdin: 'ignore', stdout: 'ignore', stderr: 'ignore' })
    try {
      const ref = { pid: stranger.pid, start: String(Number(startOf(stranger.pid)) - 1) }
      const path = join(w.home, 'phiemon', 'serve.json')
      const state = JSON.parse(readFileSync(path, 'utf8'))
      writeFileSync(path, JSON.stringify({ ...state, status: 'running', supervisor: ref, child: { ...ref, startedAt: new Date().toISOString() } }))
      writeFileSync(join(w.home, 'phiemon', 'serve.lock'), JSON.stringify(ref))

      expect(await w.status('serve')).toMatchObject({ status: 'dead', pid: null, supervisorPid: null, orphanPid: null })
      expect((await w.run(['--phiemon-stop', 'serve'])).code).toBe(0)
      const again = await w.start(['serve.ts'])
      expect(again).toMatchObject({ status: 'running' })
      expect(startOf(stranger.pid)).toBeDefined()
      expect((await w.run(['--phiemon-stop', 'serve'])).code).toBe(0)
      expect(startOf(stranger.pid)).toBeDefined()
    } finally {
      stranger.kill('SIGKILL')
    }
  }, TIMEOUT)
})

describe('many daemons and their names', () => {
  test.concurrent('10 daemons at once stay independent', async () => {
    const w = world()
    w.write('serve.ts', APPS.serve)
    const names = Array.from({ length: 10 }, (_, k) => `svc-${k}`)
    const started = await Promise.all(names.map((name) => w.start(['serve.ts', '--name', name])))
    expect(new Set(started.map((v) => v.pid)).size).toBe(10)
    expect(new Set(started.map((v) => v.supervisorPid)).size).toBe(10)
    const listed = await w.json<DaemonView[]>(['--phiemon-list'])
    expect(listed.map((v) => [v.name, v.status])).toEqual(names.map((n) => [n, 'running']))
    expect(listed.every((v) => typeof v.memoryBytes === 'number' && v.memoryBytes > 0)).toBe(true)

    // Killing one app is one crash, restarted by its own supervisor alone.
    process.kill(started[3]!.pid!, 'SIGKILL')
    await w.until('svc-3', (s) => s.runs === 2 && s.status === 'running')
    expect((await w.run(['--phiemon-stop', 'svc-5'])).code).toBe(0)
    const after = await w.json<DaemonView[]>(['--phiemon-list'])
    for (const [k, v] of after.entries()) {
      if (k === 5) expect(v.status).toBe('stopped')
      else expect(v.status).toBe('running')
      if (k !== 3 && k !== 5) expect(v.pid).toBe(started[k]!.pid)
    }
    for (const [k, name] of names.entries()) {
      await w.untilLog(name, new RegExp(`\\[out\\] up \\d+ ${name}\\n`))
      expect(w.log(name)).not.toMatch(new RegExp(`svc-(?!${k}\\b)\\d`))
    }
    const stopped = await w.run(['--phiemon-stop', '--all', '--json'])
    expect(stopped.code).toBe(0)
    expect(JSON.parse(stopped.stdout)).toHaveLength(10)
    expect((await w.json<DaemonView[]>(['--phiemon-list'])).every((v) => v.status === 'stopped')).toBe(true)
  }, TIMEOUT)

  test('names: documented characters only, typed names are refused, derived names sanitized', () => {
    for (const ok of ['web', 'api-2', 'my_app.v2', 'A'.repeat(64)]) expect(checkName(ok)).toBe(ok)
    for (const bad of ['', 'bad name', '../x', 'a/b', '.hidden', '-x', 'A'.repeat(65), 'café', 'x\n']) {
      expect(() => checkName(bad)).toThrow(/daemon name/)
    }
    expect(nameFromEntry('/p/my app!.py')).toBe('my-app')
    expect(nameFromEntry('/p/λ.φ')).toBe('app')
    expect(nameFromEntry('/p/serve.φ')).toBe('serve')
    expect(nameFromEntry('/p/pkg/__main__.py')).toBe('pkg')
  })

  test.concurrent('an odd --name is refused with exit 64; a derived name is sanitized', async () => {
    const w = world()
    w.write('my app!.ts', APPS.serve)
    const bad = await w.run(['my app!.ts', '--phiemon', '--name', '../etc/x'])
    expect(bad.code).toBe(64)
    expect(bad.stderr).toContain('invalid daemon name "../etc/x"')
    const view = await w.start(['my app!.ts'])
    expect(view.name).toBe('my-app')
    expect((await w.run(['--phiemon-stop', 'my-app'])).code).toBe(0)
  }, TIMEOUT)

  test.concurrent('two starts of one name at the same moment: one wins, the other is refused', async () => {
    const w = world()
    w.write('serve.ts', APPS.serve)
    const results = await Promise.all([1, 2, 3].map(() => w.run(['serve.ts', '--phiemon', '--name', 'race'])))
    expect(results.map((r) => r.code).sort()).toEqual([0, 75, 75])
    const listed = await w.json<DaemonView[]>(['--phiemon-list'])
    expect(listed).toEqual([expect.objectContaining({ name: 'race', status: 'running' })])
    const deleted = await w.run(['--phiemon-delete', 'race'])
    expect(deleted.stdout).toBe('deleted race\n')
    expect(await w.json<DaemonView[]>(['--phiemon-list'])).toEqual([])
    expect(w.log('race')).toBe('')
  }, TIMEOUT)

  test.concurrent('starting a name that is running is refused with exit 75', async () => {
    const w = world()
    w.write('serve.ts', APPS.serve)
    const first = await w.start(['serve.ts', '--name', 'one'])
    const second = await w.run(['serve.ts', '--phiemon', '--name', 'one'])
    expect(second.code).toBe(75)
    expect(second.stderr).toContain('daemon "one" is already running')
    expect((await w.status('one')).pid).toBe(first.pid)
    expect((await w.run(['--phiemon-stop', 'nope'])).code).toBe(66)
    expect((await w.run(['--phiemon-stop', 'one'])).code).toBe(0)
  }, TIMEOUT)
})
