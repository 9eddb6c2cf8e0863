import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { environIncludes, isFinished, listProcesses, procStat, residentBytes } from '../../../src/util/proc'
import { tempDir } from '../../helpers/tmp'

/** What `ps` (procps, the real tool) says about a process: the oracle for the /proc reader. */
function ps(pid: number, fields: string): string[] {
  const result = Bun.spawnSync(['ps', '-o', fields, '-p', String(pid)], { stdout: 'pipe', stderr: 'pipe' })
  if (!result.success) throw new Error(`ps -o ${fields} -p ${pid} failed: ${result.stderr.toString()}`)
  return result.stdout.toString().trim().split(/\s+/)
}

if (process.platform !== 'linux') throw new Error('test/unit/util/proc.test.ts needs Linux: it reads /proc of real processes')

describe('the /proc reader against real processes', () => {
  // A `sleep` under a name with spaces and parentheses, which /proc/<pid>/stat shows unescaped;
  // its shell parent leaves one child unreaped, a zombie.
  const dir = tempDir('phicode-proc-')
  const odd = join(dir, 'sl) p (x')
  const sleeper = Bun.which('sleep')
  if (!sleeper) throw new Error('no sleep on PATH')
  copyFileSync(sleeper, odd)
  let child: ReturnType<typeof Bun.spawn>
  let zombie: number

  beforeAll(async () => {
    child = Bun.spawn(['sh', '-c', `"$1" 0 & exec "$1" 30`, 'sh', odd], {
      env: { ...process.env, PHICODE_PROC_TEST_MARK: 'ops-7f3a' },
      stdio: ['ignore', 'ignore', 'ignore'],
      detached: true,
    })
    // Ready when the exec'd sleep has an exited child of its own (the `0 &` one).
    const deadline = Date.now() + 10_000
    for (;;) {
      const found = listProcesses().find((p) => p.ppid === child.pid && isFinished(p.state))
      if (found && procStat(child.pid)?.state !== undefined) {
        zombie = found.pid
        break
      }
      if (Date.now() > deadline) throw new Error('the test process never got its zombie child')
      await Bun.sleep(20)
    }
  })
  afterAll(async () => {
    child.kill('SIGKILL')
    await child.exited
  })

  test('procStat reads state, parent, group and threads as ps reports them, past an odd command name', () => {
    // The state can change between two reads (R while the kernel runs it, S once it sleeps):
    // compare it only from a read that `ps` saw the same just before and just after.
    const settled = () => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const before = ps(child.pid, 'stat=')[0]![0]
        const read = procStat(child.pid)!
        if (ps(child.pid, 'stat=')[0]![0] === before) return { read, state: before }
      }
      throw new Error(`the state of ${child.pid} never held still for two reads of ps`)
    }
    const { read: stat, state } = settled()
    const [ppid, pgid, threads] = ps(child.pid, 'ppid=,pgid=,nlwp=')
    expect(stat.state).toBe(state!)
    expect(stat.ppid).toBe(Number(ppid))
    expect(stat.ppid).toBe(process.pid)
    // detached: a session and group of its own, led by the child.
    expect(stat.pgrp).toBe(Number(pgid))
    expect(stat.pgrp).toBe(child.pid)
    expect(stat.threads).toBe(Number(threads))
    expect(stat.threads).toBe(1)
    expect(stat.ttyNr).toBe(0)
    expect(stat.start).toMatch(/^\d+$/)
    expect(procStat(child.pid)!.start).toBe(stat.start)
  })

  test('a zombie is listed as finished; a pid that does not exist reads as undefined', () => {
    expect(ps(zombie, 'stat=')[0]![0]).toBe('Z')
    const entry = listProcesses().find((p) => p.pid === zombie)!
    expect(entry.state).toBe('Z')
    expect(isFinished(entry.state)).toBe(true)
    expect(isFinished(procStat(child.pid)!.state)).toBe(false)
    // Above the kernel's pid_max (at most 2^22): never a process.
    expect(procStat(2 ** 22 + 1)).toBeUndefined()
    expect(residentBytes(2 ** 22 + 1)).toBeUndefined()
  })

  test('listProcesses has this process and the child, owned by our uid', () => {
    const all = listProcesses()
    const me = all.find((p) => p.pid === process.pid)!
    const it = all.find((p) => p.pid === child.pid)!
    expect(me.uid).toBe(process.getuid!())
    expect(it).toMatchObject({ uid: process.getuid!(), ppid: process.pid, pgrp: child.pid })
  })

  test('resident memory matches ps (KiB) within a page or two; the environment is searchable', () => {
    const rss = residentBytes(child.pid)!
    const [psRss] = ps(child.pid, 'rss=')
    expect(Math.abs(rss - Number(psRss) * 1024)).toBeLessThanOrEqual(2 * 4096)
    expect(rss).toBeGreaterThan(0)
    expect(environIncludes(child.pid, 'PHICODE_PROC_TEST_MARK=ops-7f3a')).toBe(true)
    expect(environIncludes(child.pid, 'PHICODE_PROC_TEST_MARK=other')).toBe(false)
  })
})
