/**
 * What `--phiemon-stop`, `--phiemon-delete`, `--phiemon-status`, `--phiemon-list` and
 * `--phiemon-save`/`--phiemon-resurrect` do with a daemon's recorded state, without starting a
 * supervisor: state files are written by hand, and real `sleep` processes (each leading its own
 * process group) stand for a live supervisor and app, identified by their start time read here
 * from /proc. Whether a process got its signal is read from /proc too.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { resurrectDaemons, saveDaemons } from '../../../src/daemon/boot'
import { checkPlatform, daemonStatus, deleteDaemon, listDaemons, startDaemon, stopDaemon } from '../../../src/daemon/control'
import type { DaemonSpec, DaemonState } from '../../../src/daemon/types'
import { EXIT, PhicodeError } from '../../../src/errors'
import { tempDir } from '../../helpers/tmp'
import { startOf, statFields } from '../../helpers/proc-stat'

if (process.platform !== 'linux') throw new Error('these tests read /proc: run them on Linux')

const started: number[] = []
afterAll(() => {
  for (const pid of started) {
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {}
  }
})

/** A live process leading its own group, as Phiemon records one. */
function live(script?: string): { pid: number; start: string } {
  const proc = Bun.spawn(script ? ['sh', '-c', script] : ['sleep', '60'], { detached: true, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore' })
  started.push(proc.pid)
  return { pid: proc.pid, start: startOf(proc.pid)! }
}
/** Live members of a process group, from /proc. */
function members(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      const fields = statFields(Number(d))
      return fields !== undefined && Number(fields[2]) === pgid && fields[0] !== 'Z'
    })
    .map(Number)
}

/** A process that is gone: a pid nobody has. */
const nobody = { pid: 2 ** 22 + 1, start: '1' }

async function until(what: () => boolean, label: string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`)
    await Bun.sleep(20)
  }
}

/** A fresh PHICODE_HOME for the test; its phiemon/ folder and logs/ exist. */
function home(): { dir: string; write(s: DaemonState): void; read(name: string): DaemonState } {
  const root = tempDir('phiemon-control-')
  process.env.PHICODE_HOME = root
  const dir = join(root, 'phiemon')
  mkdirSync(join(dir, 'logs'), { recursive: true })
  return {
    dir,
    write: (s) => writeFileSync(join(dir, `${s.name}.json`), JSON.stringify(s)),
    read: (name) => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as DaemonState,
  }
}
const previousHome = process.env.PHICODE_HOME
afterAll(() => {
  if (previousHome === undefined) delete process.env.PHICODE_HOME
  else process.env.PHICODE_HOME = previousHome
})

function spec(name: string): DaemonSpec {
  return { name, module: 'app.ts', entry: '/srv/app.ts', args: [], flags: [], cwd: '/srv', maxRestarts: 5, graceMs: 2000, stableMs: 30000, backoffUnitMs: 1000, logMaxBytes: 1 << 20, logFiles: 3, env: { K: name } }
}

function state(name: string, over: Partial<DaemonState> = {}): DaemonState {
  return {
    format: 1,
    name,
    status: 'running',
    spec: spec(name),
    supervisor: null,
    child: null,
    restarts: 0,
    streak: 0,
    runs: 1,
    nextRestartAt: '2026-01-01T00:01:00.000Z',
    message: 'as stored',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    history: [],
    ...over,
  }
}

function thrown(run: () => unknown): PhicodeError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(PhicodeError)
    return error as PhicodeError
  }
  throw new Error('no error thrown')
}
async function rejected(run: () => Promise<unknown>): Promise<PhicodeError> {
  try {
    await run()
  } catch (error) {
    expect(error).toBeInstanceOf(PhicodeError)
    return error as PhicodeError
  }
  throw new Error('no error thrown')
}

describe('stop', () => {
  test('a live supervisor gets SIGTERM; the stop waits for it to end', async () => {
    const h = home()
    const supervisor = live()
    h.write(state('web', { supervisor }))
    expect(await stopDaemon('web')).toEqual({ name: 'web', stopped: true, was: 'running' })
    expect(startOf(supervisor.pid)).toBeUndefined()
    // It had the supervisor record the stop: the state is left as the supervisor wrote it.
    expect(h.read('web').status).toBe('running')
  })

  test('an app left by a dead supervisor: its group is ended (SIGTERM first), and the stop recorded', async () => {
    const h = home()
    const mark = join(h.dir, 'termed')
    const child = live(`trap 'echo term > ${mark}; exit 0' TERM; sleep 60 & wait`)
    // The trap is set once the shell has started its sleep.
    await until(() => members(child.pid).length === 2, 'the app and its sleep')
    h.write(state('web', { supervisor: nobody, child: { ...child, startedAt: '2026-01-01T00:00:00.000Z' } }))
    expect(await stopDaemon('web')).toEqual({ name: 'web', stopped: true, was: 'dead' })
    await until(() => startOf(child.pid) === undefined, 'the app to end')
    expect(readFileSync(mark, 'utf8')).toBe('term\n')
    expect(h.read('web')).toMatchObject({ status: 'stopped', child: null, nextRestartAt: null, message: 'stopped (its supervisor was already gone)', runs: 1 })
  })

  test('an active daemon with nothing running: recorded as stopped, nothing was stopped', async () => {
    const h = home()
    for (const status of ['starting', 'running', 'waiting', 'stopping'] as const) {
      h.write(state('web', { status, supervisor: nobody }))
      expect(await stopDaemon('web')).toEqual({ name: 'web', stopped: false, was: 'dead' })
      expect(h.read('web')).toMatchObject({ status: 'stopped', child: null, nextRestartAt: null, message: 'stopped (its supervisor was already gone)' })
    }
  })

  test('a daemon that already ended is left as it is', async () => {
    const h = home()
    for (const status of ['stopped', 'exited', 'errored'] as const) {
      const s = state('web', { status, message: 'why' })
      h.write(s)
      expect(await stopDaemon('web')).toEqual({ name: 'web', stopped: false, was: status })
      expect(h.read('web')).toEqual(s)
    }
  })

  test('an unknown name: exit 66, pointing at the list', async () => {
    home()
    const error = await rejected(() => stopDaemon('nope'))
    expect(error.exitCode).toBe(EXIT.NOT_FOUND)
    expect(error.message).toBe('no daemon named "nope" (phicode --phiemon-list shows them)')
  })
})

describe('delete', () => {
  test('stops the daemon, then removes its state, lock, log, supervisor log and numbered logs up to the first gap', async () => {
    const h = home()
    const supervisor = live()
    h.write(state('web', { supervisor }))
    h.write(state('api'))
    const logs = join(h.dir, 'logs')
    for (const f of ['web.log', 'web.log.1', 'web.log.2', 'web.log.4', 'web.supervisor.log', 'api.log']) writeFileSync(join(logs, f), 'x\n')
    writeFileSync(join(h.dir, 'web.lock'), '{}')
    expect(await deleteDaemon('web')).toEqual({ name: 'web', stopped: true, was: 'running' })
    expect(startOf(supervisor.pid)).toBeUndefined()
    expect(readdirSync(h.dir).sort()).toEqual(['api.json', 'logs'])
    expect(readdirSync(logs).sort()).toEqual(['api.log', 'web.log.4'])
  })

  test('a daemon with only its state (no lock, no logs): removed without complaint', async () => {
    const h = home()
    h.write(state('bare', { status: 'stopped' }))
    expect(await deleteDaemon('bare')).toEqual({ name: 'bare', stopped: false, was: 'stopped' })
    expect(readdirSync(h.dir).sort()).toEqual(['logs'])
  })

  test('an unknown name: exit 66, nothing removed', async () => {
    const h = home()
    writeFileSync(join(h.dir, 'logs', 'nope.log'), 'x\n')
    expect((await rejected(() => deleteDaemon('nope'))).exitCode).toBe(EXIT.NOT_FOUND)
    expect(existsSync(join(h.dir, 'logs', 'nope.log'))).toBe(true)
  })
})

describe('status and list', () => {
  test('status: the view of one daemon with its memory; an unknown name is exit 66', () => {
    const h = home()
    const app = live()
    h.write(state('web', { supervisor: live(), child: { ...app, startedAt: new Date().toISOString() } }))
    const view = daemonStatus('web')
    expect(view).toMatchObject({ name: 'web', status: 'running', pid: app.pid })
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${app.pid}/status`, 'latin1'))![1]) * 1024
    expect(view.memoryBytes).toBe(rss)
    expect(thrown(() => daemonStatus('nope')).message).toBe('no daemon named "nope" (phicode --phiemon-list shows them)')
  })

  test('list: every daemon with a readable state, by name', () => {
    const h = home()
    h.write(state('web', { status: 'stopped' }))
    h.write(state('api', { status: 'exited' }))
    writeFileSync(join(h.dir, 'broken.json'), '{')
    expect(listDaemons().map((v) => [v.name, v.status])).toEqual([
      ['api', 'exited'],
      ['web', 'stopped'],
    ])
  })
})

describe('start', () => {
  test('a name whose supervisor is alive is refused with exit 75 naming it, before anything is started', async () => {
    const h = home()
    const supervisor = live()
    h.write(state('web', { supervisor }))
    const error = await rejected(() => startDaemon(spec('web')))
    expect(error.exitCode).toBe(EXIT.ALREADY_RUNNING)
    expect(error.message).toBe(`daemon "web" is already running (supervisor pid ${supervisor.pid}): stop it first, or pick another --name`)
    expect(readdirSync(join(h.dir, 'logs'))).toEqual([])
  })

  test('Phiemon refuses Windows, naming why; Linux passes', () => {
    expect(() => checkPlatform()).not.toThrow()
    const control = join(import.meta.dir, '../../../src/daemon/control.ts')
    const r = Bun.spawnSync([process.execPath, '-e', `const c = await import(${JSON.stringify(control)}); try { c.checkPlatform(); console.log('passed') } catch (e) { console.log(e.exitCode, e.message) }`], {
      env: { ...process.env, PHICODE_TEST_PLATFORM: 'win32' },
      stdout: 'pipe',
    })
    const out = r.stdout.toString()
    expect(out).toStartWith('69 Phiemon is not supported on Windows')
    expect(out).toEndWith(': it stops and restarts apps by process group and POSIX signals, which Windows lacks; run it under WSL, or use a Windows service manager\n')
  })
})

describe('save and resurrect', () => {
  test('save: the specs of the daemons whose supervisor is alive and active, for the owner only; the rest skipped', () => {
    const h = home()
    const supervisor = live()
    h.write(state('one', { supervisor }))
    h.write(state('two', { status: 'waiting', supervisor }))
    h.write(state('dead', { supervisor: nobody }))
    h.write(state('done', { status: 'exited', supervisor }))
    writeFileSync(join(h.dir, 'broken.json'), '{')
    const before = Date.now()
    const result = saveDaemons()
    const path = join(process.env.PHICODE_HOME!, 'phiemon-dump.json')
    expect(result).toEqual({ path, saved: ['one', 'two'], skipped: ['dead', 'done'] })
    const text = readFileSync(path, 'utf8')
    const dump = JSON.parse(text)
    expect(text).toBe(`${JSON.stringify(dump, null, 2)}\n`)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(dump).toEqual({ format: 1, savedAt: expect.any(String), daemons: [spec('one'), spec('two')] })
    expect(Date.parse(dump.savedAt)).toBeGreaterThanOrEqual(before - 1000)
  })

  test('resurrect: nothing saved is exit 66; a damaged or foreign dump is exit 78, each naming the file and the way out', async () => {
    home()
    const path = join(process.env.PHICODE_HOME!, 'phiemon-dump.json')
    let error = await rejected(() => resurrectDaemons())
    expect([error.exitCode, error.message]).toEqual([EXIT.NOT_FOUND, `nothing saved: ${path} does not exist (phicode --phiemon-save records the daemons running now)`])
    writeFileSync(path, '{"format":')
    error = await rejected(() => resurrectDaemons())
    expect(error.exitCode).toBe(EXIT.CONFIG)
    expect(error.message).toStartWith(`${path} is not valid JSON (`)
    expect(error.message).toEndWith('); save again with phicode --phiemon-save')
    for (const dump of [{ format: 2, daemons: [] }, { format: 1, daemons: {} }, { format: 1 }]) {
      writeFileSync(path, JSON.stringify(dump))
      error = await rejected(() => resurrectDaemons())
      expect([error.exitCode, error.message]).toEqual([EXIT.CONFIG, `${path}: unknown format; save again with phicode --phiemon-save`])
    }
  })

  test('resurrect: a daemon still running is left alone (with its app pid, or none); one that cannot start says why, the rest go on', async () => {
    const h = home()
    const supervisor = live()
    const app = live()
    h.write(state('up', { supervisor, child: { ...app, startedAt: '2026-01-01T00:00:00.000Z' } }))
    h.write(state('between', { status: 'waiting', supervisor }))
    // The logs folder is a file: the start fails before any process is made.
    const logs = join(h.dir, 'logs')
    Bun.spawnSync(['rm', '-r', logs])
    writeFileSync(logs, '')
    writeFileSync(join(process.env.PHICODE_HOME!, 'phiemon-dump.json'), JSON.stringify({ format: 1, savedAt: '', daemons: [spec('up'), spec('between'), spec('broken')] }))
    const results = await resurrectDaemons()
    expect(results.slice(0, 2)).toEqual([
      { name: 'up', outcome: 'running', pid: app.pid, error: null },
      { name: 'between', outcome: 'running', pid: null, error: null },
    ])
    expect(results[2]).toMatchObject({ name: 'broken', outcome: 'failed', pid: null })
    expect(results[2]!.error).toContain(logs)
  })
})
