/**
 * The processes of daemons on Linux, against real processes this test starts and what
 * /proc says of them (read here, not through src/util/proc): identity by start time, zombies,
 * a process group's memory, signals to a group or to one process, and ending a group politely.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { endGroup, groupMemory, isAlive, processRef, signalGroup, signalProcess, waitUntil } from '../../../src/daemon/processes'
import { tempDir } from '../../helpers/tmp'
import { statFields } from '../../helpers/proc-stat'

if (process.platform !== 'linux') throw new Error('these tests read /proc: run them on Linux')

const dir = tempDir('phiemon-procs-')
const started: number[] = []
afterAll(() => {
  for (const pid of started) {
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {}
  }
})

/** Field `k` (1-based, as proc(5) numbers them) of /proc/<pid>/stat; undefined when the pid is gone. */
const statField = (pid: number, k: number): string | undefined => statFields(pid)?.[k - 3]
const gone = (pid: number): boolean => {
  const state = statField(pid, 3)
  return state === undefined || state === 'Z' || state === 'X'
}

/** A shell leading a process group of its own (detached), running `script`. */
function group(script: string): number {
  const proc = Bun.spawn(['sh', '-c', script], { detached: true, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore' })
  started.push(proc.pid)
  return proc.pid
}

const comm = (pid: number): string => readFileSync(`/proc/${pid}/comm`, 'latin1').trim()

/** The pids of a group's live members, from /proc. */
function members(pgid: number): number[] {
  const out = Bun.spawnSync(['ps', '-A', '-o', 'pid=,pgid=,stat=']).stdout.toString()
  return out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([, g, s]) => Number(g) === pgid && !s!.startsWith('Z'))
    .map(([p]) => Number(p))
}

async function eventually(what: () => boolean, label: string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`)
    await Bun.sleep(20)
  }
}

describe('identity', () => {
  test('a live process: its pid and the start time of field 22 of /proc/<pid>/stat', () => {
    const pid = group('exec sleep 60')
    expect(processRef(pid)).toEqual({ pid, start: statField(pid, 22)! })
    expect(isAlive({ pid, start: statField(pid, 22)! })).toBe(true)
  })

  test('no process for pids that cannot be one, a pid nobody has, or a zombie', async () => {
    for (const pid of [0, -1, 1.5, Number.NaN]) expect(processRef(pid)).toBeUndefined()
    expect(processRef(2 ** 22 + 1)).toBeUndefined()
    // `true` exits, and its parent (now `sleep`, which never waits) leaves it a zombie.
    const parent = group('true & exec sleep 60')
    let zombie = 0
    await eventually(() => {
      const kids = readFileSync(`/proc/${parent}/task/${parent}/children`, 'latin1').trim()
      zombie = Number(kids.split(' ')[0])
      return zombie > 0 && statField(zombie, 3) === 'Z'
    }, 'the zombie')
    expect(processRef(zombie)).toBeUndefined()
    expect(isAlive({ pid: zombie, start: statField(zombie, 22)! })).toBe(false)
  })

  test('isAlive: not for nothing, nor for a pid whose start time differs (a reused pid)', () => {
    const pid = group('exec sleep 60')
    expect(isAlive(null)).toBe(false)
    expect(isAlive(undefined)).toBe(false)
    expect(isAlive({ pid, start: String(Number(statField(pid, 22)) - 1) })).toBe(false)
    expect(isAlive({ pid, start: '' })).toBe(false)
  })
})

describe('memory', () => {
  test("a group's resident memory is the sum of its members' VmRSS; other groups are not counted", async () => {
    const pgid = group('sleep 60 & sleep 60 & wait')
    // Sizes settle once both children run sleep (before, they are copies of the shell).
    await eventually(() => members(pgid).length === 3 && members(pgid).filter((p) => comm(p) === 'sleep').length === 2, 'the group of three')
    const other = group('exec sleep 60')
    await eventually(() => comm(other) === 'sleep', 'the other sleep')
    const rss = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))![1]) * 1024
    const expected = members(pgid).reduce((sum, pid) => sum + rss(pid), 0)
    const totals = groupMemory([pgid])
    expect([...totals.keys()]).toEqual([pgid])
    expect(totals.get(pgid)).toBe(expected)
    expect(expected).toBeGreaterThan(0)
    expect(groupMemory([pgid, other]).get(other)).toBe(rss(other))
  })

  test('no groups asked, or a group that does not exist: nothing', () => {
    expect(groupMemory([])).toEqual(new Map())
    expect(groupMemory([2 ** 22 + 1])).toEqual(new Map())
  })
})

describe('signals', () => {
  test('a signal to a group reaches every member; a group that does not exist answers false', async () => {
    const pgid = group('sleep 60 & sleep 60 & wait')
    await eventually(() => members(pgid).length === 3, 'the group of three')
    const pids = members(pgid)
    expect(signalGroup(pgid, 'SIGKILL')).toBe(true)
    await eventually(() => pids.every(gone), 'every member to die')
    expect(signalGroup(2 ** 22 + 1, 'SIGTERM')).toBe(false)
  })

  test('a signal to one process: sent only when it is the same process (start time checked)', async () => {
    const pid = group('exec sleep 60')
    const start = statField(pid, 22)!
    expect(signalProcess({ pid, start: `${start}9` }, 'SIGKILL')).toBe(false)
    expect(gone(pid)).toBe(false)
    expect(signalProcess({ pid, start }, 'SIGKILL')).toBe(true)
    await eventually(() => gone(pid), 'the process to die')
  })

  test('a kill that fails (an unknown signal; root may signal any process): false, not a throw', () => {
    const pid = group('exec sleep 60')
    expect(signalProcess({ pid, start: statField(pid, 22)! }, 'SIGNOPE' as NodeJS.Signals)).toBe(false)
    expect(signalGroup(pid, 'SIGNOPE' as NodeJS.Signals)).toBe(false)
    expect(gone(pid)).toBe(false)
  })
})

describe('waiting', () => {
  test('waitUntil: true as soon as the check holds, checking again until then', async () => {
    let calls = 0
    expect(await waitUntil(() => ++calls === 4, 10_000, 1)).toBe(true)
    expect(calls).toBe(4)
    let once = 0
    expect(await waitUntil(() => ++once > 0, 0)).toBe(true)
    expect(once).toBe(1)
  })

  test('waitUntil: false when the time runs out, having checked at least once', async () => {
    let calls = 0
    expect(await waitUntil(() => (calls++, false), 60)).toBe(false)
    expect(calls).toBeGreaterThanOrEqual(2)
  })
})

describe('ending a group', () => {
  test('an empty group: done at once', async () => {
    expect(await endGroup(2 ** 22 + 1, 10_000)).toBe(true)
  })

  test('SIGTERM first: members that handle it end by themselves, and every member is gone', async () => {
    const mark = join(dir, 'termed')
    const pgid = group(`trap 'echo term > ${mark}; exit 0' TERM; sleep 60 & wait`)
    await eventually(() => members(pgid).length === 2, 'the group of two')
    const pids = members(pgid)
    expect(await endGroup(pgid, 10_000)).toBe(true)
    expect(pids.every(gone)).toBe(true)
    expect(readFileSync(mark, 'utf8')).toBe('term\n')
  })

  test('a member that ignores SIGTERM is killed after the grace period', async () => {
    const mark = join(dir, 'ignored')
    const pgid = group(`trap 'echo ignored > ${mark}' TERM; while :; do sleep 0.05; done`)
    // The trap is set once the loop has started a sleep.
    await eventually(() => members(pgid).length >= 2, 'the loop')
    expect(await endGroup(pgid, 300)).toBe(true)
    expect(gone(pgid)).toBe(true)
    expect(members(pgid)).toEqual([])
    expect(existsSync(mark)).toBe(true)
  })
})
