import { existsSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'bun:test'
import { PhicodeError } from '../../../src/errors'
import { tasksOf } from '../../../src/server/sandbox/_procs'
import { awaitReaped, claimUidBlock, dropTo, killAllOf } from '../../../src/server/sandbox/uid'
import { required } from '../../helpers/prerequisites'
import { startOf } from '../../helpers/proc-stat'
import { ROOT } from '../../helpers/root'
import { tempDir } from '../../helpers/tmp'

// The uid blocks and "kill every process of uid U", with real processes run as those uids
// through setpriv (root), and the locks read back from /run/phicode-api.

if (process.getuid?.() !== 0) throw new Error('test/unit/server/sandbox-uid.test.ts must run as root (CI does): it runs processes as other uids')
const TOOLS = { setpriv: required('setpriv'), prlimit: required('prlimit'), sh: '/bin/sh' }
const LOCKS = '/run/phicode-api'

/** A base no other test file uses: the API tests take theirs from 2,100,000,000 up, the sandbox ones from 2,050,000,000. */
const BASE = 1_900_000_000 + (process.pid % 900) * 100_000
/** This process's PID namespace, the inode of /proc/self/ns/pid: a lock names its owner by pid and namespace. */
const NS = /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))![1]!
const lock = (base: number, block: number) => `${LOCKS}/uids-${base}-${block}.lock`

const started: Array<ReturnType<typeof Bun.spawn>> = []
afterAll(() => {
  for (const p of started) p.kill('SIGKILL')
})

/** `sleep` as `uid`, optionally in a session of its own (escaped from its group). */
function sleepAs(uid: number, setsid = false) {
  const p = Bun.spawn(['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', ...(setsid ? ['setsid'] : []), 'sleep', '300'], { stdio: ['ignore', 'ignore', 'ignore'] })
  started.push(p)
  return p
}

/** Pids of live processes of `uid`, read from /proc by the test itself. */
async function liveOf(uid: number): Promise<number[]> {
  const out = Bun.spawnSync(['ps', '-o', 'pid=,stat=', '-u', String(uid)]).stdout.toString()
  return out.trim().split('\n').filter((l) => l.trim() && !l.trim().split(/\s+/)[1]!.startsWith('Z')).map((l) => Number(l.trim().split(/\s+/)[0]))
}

async function until(check: () => Promise<boolean>) {
  while (!(await check())) await Bun.sleep(10)
}

describe('dropTo', () => {
  test('setpriv to the uid and its gid, no groups, no way back to privileges', () => {
    expect(dropTo(TOOLS, 4321)).toStrictEqual([TOOLS.setpriv, '--reuid=4321', '--regid=4321', '--clear-groups', '--no-new-privs', '--inh-caps=-all', '--bounding-set=-all', '--'])
  })

  test('what runs under it has the uid and nothing more', () => {
    const r = Bun.spawnSync([...dropTo(TOOLS, BASE + 77), 'sh', '-c', 'id -u; id -g; id -G; grep -E "^(CapBnd|NoNewPrivs)" /proc/self/status'])
    expect(r.stdout.toString()).toBe(`${BASE + 77}\n${BASE + 77}\n${BASE + 77}\nCapBnd:\t0000000000000000\nNoNewPrivs:\t1\n`)
  })
})

describe('killAllOf', () => {
  test('refuses root and nonsense uids', async () => {
    for (const uid of [0, -1, Number.NaN]) {
      await expect(killAllOf(uid, TOOLS)).rejects.toThrow(`refusing to kill all processes of uid ${uid}`)
    }
  })

  test('a uid with nothing running: clean, no zombies', async () => {
    expect(await killAllOf(BASE + 1, TOOLS)).toStrictEqual({ clean: true, zombies: 0 })
  })

  test('kills every process of the uid, escaped ones too, and only that uid\'s', async () => {
    const uid = BASE + 2
    const mine = [sleepAs(uid), sleepAs(uid, true), sleepAs(uid, true)]
    const other = sleepAs(uid + 1)
    await until(async () => (await liveOf(uid)).length === 3 && (await liveOf(uid + 1)).length === 1)
    const swept = await killAllOf(uid, TOOLS)
    expect(swept.clean).toBe(true)
    expect(await liveOf(uid)).toStrictEqual([])
    await Promise.all(mine.map((p) => p.exited))
    expect(mine.map((p) => p.signalCode)).toStrictEqual(['SIGKILL', 'SIGKILL', 'SIGKILL'])
    expect(startOf(other.pid)).toBeDefined()
    other.kill('SIGKILL')
  })

  test('its zombies are counted, not taken for live processes', async () => {
    const uid = BASE + 3
    // A parent (as the uid) that never reaps its child: once killed, the child is a zombie until the parent goes.
    const parent = Bun.spawn(['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', '/usr/bin/python3', '-c', 'import os, time, signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nif os.fork() == 0:\n    time.sleep(300)\nprint("forked", flush=True)\ntime.sleep(300)\n'], { stdio: ['ignore', 'pipe', 'ignore'] })
    started.push(parent)
    const reader = parent.stdout.getReader()
    await reader.read()
    await until(async () => (await liveOf(uid)).length === 2)
    const child = (await liveOf(uid)).find((p) => p !== parent.pid)!
    process.kill(child, 'SIGKILL')
    await until(async () => (await liveOf(uid)).length === 1)
    // The zombie runs nothing: RLIMIT_NPROC's count is the parent's one thread.
    expect(tasksOf(uid)).toBe(1)
    expect(await awaitReaped(uid, 1, 100, new AbortController().signal)).toBe(false)
    const swept = await killAllOf(uid, TOOLS)
    expect(swept.clean).toBe(true)
    expect(swept.zombies).toBeGreaterThanOrEqual(1)
  })
})

describe('awaitReaped', () => {
  test('nothing of the uid: at once', async () => {
    expect(await awaitReaped(BASE + 4, 0, 10_000, new AbortController().signal)).toBe(true)
  })

  test('a live process: false once the time is up, or at once when aborted', async () => {
    const uid = BASE + 5
    const p = sleepAs(uid)
    await until(async () => (await liveOf(uid)).length === 1)
    expect(await awaitReaped(uid, 5, 200, new AbortController().signal)).toBe(false)
    const aborted = new AbortController()
    aborted.abort()
    expect(await awaitReaped(uid, 5, 600_000, aborted.signal)).toBe(false)
    p.kill('SIGKILL')
    await p.exited
    expect(await awaitReaped(uid, 0, 10_000, new AbortController().signal)).toBe(true)
  })
})

describe('claimUidBlock', () => {
  test('the first free block: one uid per slot, a lock holding this pid, given back on release', async () => {
    const base = BASE + 10_000
    const a = await claimUidBlock(base, 3, TOOLS)
    expect(a.uids).toStrictEqual([base, base + 1, base + 2])
    expect(readFileSync(lock(base, 0), 'utf8')).toBe(`${process.pid} ${NS}`)
    const b = await claimUidBlock(base, 2, TOOLS)
    expect(b.uids).toStrictEqual([base + 1000, base + 1001])
    a.release()
    expect(existsSync(lock(base, 0))).toBe(false)
    const c = await claimUidBlock(base, 1, TOOLS)
    expect(c.uids).toStrictEqual([base])
    b.release()
    c.release()
    expect([existsSync(lock(base, 0)), existsSync(lock(base, 1))]).toStrictEqual([false, false])
  })

  test('a lock left by a dead server is taken over, and what still runs under its uids is killed first', async () => {
    const base = BASE + 20_000
    const dead = Bun.spawnSync(['true']).pid
    writeFileSync(lock(base, 0), `${dead} ${NS}`)
    // A lock of an earlier phicode, the pid alone: taken over the same way.
    writeFileSync(lock(base, 1), String(dead))
    const leftover = sleepAs(base + 1, true)
    await until(async () => (await liveOf(base + 1)).length === 1)
    const block = await claimUidBlock(base, 2, TOOLS)
    const next = await claimUidBlock(base, 1, TOOLS)
    expect([block.uids, next.uids]).toStrictEqual([[base, base + 1], [base + 1000]])
    next.release()
    expect(readFileSync(lock(base, 0), 'utf8')).toBe(`${process.pid} ${NS}`)
    await leftover.exited
    expect(leftover.signalCode).toBe('SIGKILL')
    block.release()
  })

  test('a lock of a live server, or an unreadable owner, is not taken', async () => {
    const base = BASE + 30_000
    // A sleep of the test's own stands in for the live server (never the test runner's pid: under a PID namespace it is 1, its parent 0).
    const owner = Bun.spawn(['sleep', '60'])
    writeFileSync(lock(base, 0), String(owner.pid))
    writeFileSync(lock(base, 1), '0')
    const block = await claimUidBlock(base, 1, TOOLS)
    try {
      expect(block.uids).toStrictEqual([base + 1000])
      expect(readFileSync(lock(base, 0), 'utf8')).toBe(String(owner.pid))
    } finally {
      owner.kill('SIGKILL')
      block.release()
      rmSync(lock(base, 0), { force: true })
    }
  })

  test('a block held by a server in another PID namespace (whose pid means nothing here) is not taken, nor its processes killed', async () => {
    required('unshare')
    const base = BASE + 60_000
    const held = await claimUidBlock(base, 1, TOOLS)
    const running = sleepAs(base)
    await until(async () => (await liveOf(base)).length === 1)
    const dir = tempDir('phicode-uid-ns-')
    writeFileSync(join(dir, 'claim.ts'), `import { claimUidBlock } from ${JSON.stringify(join(ROOT, 'src/server/sandbox/uid.ts'))}\nconst b = await claimUidBlock(${base}, 1, ${JSON.stringify(TOOLS)})\nconsole.log(JSON.stringify(b.uids))\nb.release()\n`)
    try {
      const other = Bun.spawnSync(['unshare', '--pid', '--fork', '--mount-proc', process.execPath, join(dir, 'claim.ts')])
      expect(other.stdout.toString()).toBe(`[${base + 1000}]\n`)
      expect(startOf(running.pid)).toBeDefined()
      expect(readFileSync(lock(base, 0), 'utf8')).toBe(`${process.pid} ${NS}`)
    } finally {
      held.release()
      running.kill('SIGKILL')
    }
  })

  test('a block held by a server whose whole PID namespace is gone: taken over from the initial namespace, kept from inside a container', async () => {
    required('unshare')
    // Only the kernel's initial namespace (PROC_PID_INIT_INO) sees every process; CI and this machine run there.
    const initial = NS === String(0xeffffffc)
    const base = BASE + 70_000
    // A namespace that existed: its inode, read by a shell that was its pid 1, which has exited.
    const gone = Bun.spawnSync(['unshare', '--pid', '--fork', '--mount-proc', 'sh', '-c', 'readlink /proc/self/ns/pid']).stdout.toString().trim()
    expect(gone).toMatch(/^pid:\[\d+\]$/)
    writeFileSync(lock(base, 0), `1 ${/\d+/.exec(gone)![0]}`)
    const block = await claimUidBlock(base, 1, TOOLS)
    try {
      expect(block.uids).toEqual([initial ? base : base + 1000])
      if (initial) expect(readFileSync(lock(base, 0), 'utf8')).toBe(`${process.pid} ${NS}`)
    } finally {
      block.release()
      rmSync(lock(base, 0), { force: true })
    }
  })

  test('more slots than a block holds: a usage error (exit 64); exactly a block: accepted', async () => {
    const base = BASE + 40_000
    const error = await claimUidBlock(base, 1001, TOOLS).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PhicodeError)
    expect([(error as PhicodeError).message, (error as PhicodeError).exitCode]).toStrictEqual(['PHICODE_API_CONCURRENCY can be at most 1000 in uid mode', 64])
    const full = await claimUidBlock(base, 1000, TOOLS)
    expect([full.uids.length, full.uids[0], full.uids[999]]).toStrictEqual([1000, base, base + 999])
    full.release()
  }, 30_000)

  test('all 64 blocks held by live servers: refused (exit 69), naming the base', async () => {
    const base = BASE + 50_000
    for (let block = 0; block < 64; block++) writeFileSync(lock(base, block), String(process.pid))
    try {
      const error = await claimUidBlock(base, 1, TOOLS).catch((e: unknown) => e)
      expect([(error as PhicodeError).message, (error as PhicodeError).exitCode]).toStrictEqual([`all 64 sandbox uid blocks from ${base} are in use by other phicode servers`, 69])
    } finally {
      for (let block = 0; block < 64; block++) rmSync(lock(base, block), { force: true })
    }
  })
})
