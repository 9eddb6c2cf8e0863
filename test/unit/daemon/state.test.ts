/**
 * Phiemon's state files and the view of a daemon that `--phiemon-list`/`--phiemon-status` show:
 * the stored state checked against live processes (this test's own process stands for a live
 * supervisor and app, identified by its kernel start time read here from /proc).
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { daemonNames, readState, viewOf, writeState } from '../../../src/daemon/state'
import type { DaemonState } from '../../../src/daemon/types'
import { tempDir } from '../../helpers/tmp'
import { startOf } from '../../helpers/proc-stat'

const home = tempDir()
const previousHome = process.env.PHICODE_HOME
process.env.PHICODE_HOME = home
afterAll(() => {
  if (previousHome === undefined) delete process.env.PHICODE_HOME
  else process.env.PHICODE_HOME = previousHome
})

/** This process, as Phiemon records a process: pid and the 22nd field of /proc/<pid>/stat. */
const self = { pid: process.pid, start: startOf(process.pid)! }
/** Same pid, another start time: a process that is gone, its pid reused. */
const gone = { pid: process.pid, start: `${self.start}0` }

function state(over: Partial<DaemonState> = {}): DaemonState {
  return {
    format: 1,
    name: 'web',
    status: 'running',
    spec: {
      name: 'web',
      module: 'app.φ',
      entry: '/srv/app.φ',
      args: ['--port', '80'],
      flags: ['--pypy', '--debug'],
      cwd: '/srv',
      maxRestarts: 5,
      graceMs: 5000,
      stableMs: 30000,
      backoffUnitMs: 1000,
      logMaxBytes: 1024,
      logFiles: 3,
    },
    supervisor: self,
    child: { ...self, startedAt: '2026-01-01T00:00:00.000Z' },
    restarts: 2,
    streak: 1,
    runs: 3,
    nextRestartAt: '2026-01-01T00:01:00.000Z',
    message: 'stored message',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:05.000Z',
    history: [],
    ...over,
  }
}

const now = Date.parse('2026-01-01T00:00:42.000Z')

describe('viewOf', () => {
  test('a live supervisor with its app running', () => {
    expect(viewOf(state(), new Map([[process.pid, 12345]]), now)).toEqual({
      name: 'web',
      status: 'running',
      pid: process.pid,
      supervisorPid: process.pid,
      restarts: 2,
      streak: 1,
      maxRestarts: 5,
      uptimeMs: 42_000,
      memoryBytes: 12345,
      nextRestartAt: '2026-01-01T00:01:00.000Z',
      message: 'stored message',
      orphanPid: null,
      entry: '/srv/app.φ',
      cwd: '/srv',
      command: ['--pypy', '--debug', 'app.φ', '--port', '80'],
      watch: null,
      log: join(home, 'phiemon', 'logs', 'web.log'),
      updatedAt: '2026-01-01T00:00:05.000Z',
    })
  })
  test('no memory figure: null; an app started "in the future": uptime 0; the entry when no module was named; the watched folder', () => {
    const s = state({ child: { ...self, startedAt: '2026-01-01T00:01:00.000Z' } })
    s.spec.module = undefined
    s.spec.watch = '/srv'
    expect(viewOf(s, new Map(), now)).toMatchObject({ memoryBytes: null, uptimeMs: 0, command: ['--pypy', '--debug', '/srv/app.φ', '--port', '80'], watch: '/srv' })
  })
  test('a live supervisor between runs (its app gone): no pid, uptime or memory', () => {
    expect(viewOf(state({ status: 'waiting', child: { ...gone, startedAt: '2026-01-01T00:00:00.000Z' } }), new Map([[process.pid, 1]]), now)).toMatchObject({
      status: 'waiting',
      pid: null,
      supervisorPid: process.pid,
      uptimeMs: null,
      memoryBytes: null,
      nextRestartAt: '2026-01-01T00:01:00.000Z',
      orphanPid: null,
      message: 'stored message',
    })
  })
  test('an active daemon whose supervisor is gone is dead; its app still running is named an orphan', () => {
    expect(viewOf(state({ supervisor: gone }), new Map([[process.pid, 1]]), now)).toMatchObject({
      status: 'dead',
      pid: null,
      supervisorPid: null,
      uptimeMs: null,
      memoryBytes: null,
      nextRestartAt: null,
      orphanPid: process.pid,
      message: `supervisor ${process.pid} is gone; app pid ${process.pid} is still running unsupervised`,
    })
    for (const status of ['starting', 'waiting', 'stopping'] as const) {
      expect(viewOf(state({ status, supervisor: null, child: null }), new Map(), now)).toMatchObject({
        status: 'dead',
        orphanPid: null,
        message: 'supervisor ? is gone',
      })
    }
  })
  test('a stopped or errored daemon without a supervisor is what it says', () => {
    for (const status of ['stopped', 'errored'] as const) {
      expect(viewOf(state({ status, supervisor: null, child: null, message: 'why' }), new Map(), now)).toMatchObject({ status, message: 'why', orphanPid: null, supervisorPid: null })
    }
  })
})

describe('state files', () => {
  test('written whole as indented JSON, for its owner only, with the time of writing and the last 20 runs', () => {
    const runs = Array.from({ length: 23 }, (_, i) => ({ pid: i, startedAt: '2026-01-01T00:00:00.000Z', reason: 'crash' as const }))
    const before = Date.now()
    writeState(state({ name: 'api', history: runs }))
    const path = join(home, 'phiemon', 'api.json')
    const text = readFileSync(path, 'utf8')
    const written = JSON.parse(text) as DaemonState
    expect(text).toBe(`${JSON.stringify(written, null, 2)}\n`)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(written.history.map((r) => r.pid)).toEqual(Array.from({ length: 20 }, (_, i) => i + 3))
    expect(Date.parse(written.updatedAt)).toBeGreaterThanOrEqual(before - 1000)
    expect(readState('api')).toEqual(written)
  })
  test('a history of 20 is kept whole', () => {
    const runs = Array.from({ length: 20 }, (_, i) => ({ pid: i, startedAt: '2026-01-01T00:00:00.000Z', reason: 'start' as const }))
    writeState(state({ name: 'twenty', history: runs }))
    expect(readState('twenty')?.history).toHaveLength(20)
  })
  test('no file, broken JSON, another format or another name: no state', () => {
    const dir = join(home, 'phiemon')
    mkdirSync(dir, { recursive: true })
    expect(readState('absent')).toBeUndefined()
    writeFileSync(join(dir, 'broken.json'), '{"format": 1,')
    expect(readState('broken')).toBeUndefined()
    writeFileSync(join(dir, 'v2.json'), JSON.stringify({ ...state(), name: 'v2', format: 2 }))
    expect(readState('v2')).toBeUndefined()
    writeFileSync(join(dir, 'renamed.json'), JSON.stringify(state()))
    expect(readState('renamed')).toBeUndefined()
  })
  test('daemonNames: every state file, sorted, nothing else', () => {
    const other = tempDir()
    process.env.PHICODE_HOME = other
    try {
      expect(daemonNames()).toEqual([])
      mkdirSync(join(other, 'phiemon', 'logs'), { recursive: true })
      for (const f of ['web.json', 'api.json', 'web.lock', 'b.json.tmp-1', 'a.jsonx']) writeFileSync(join(other, 'phiemon', f), '{}')
      expect(daemonNames()).toEqual(['api', 'web'])
    } finally {
      process.env.PHICODE_HOME = home
    }
  })
})
