/**
 * --workers when a worker cannot start: the port check before any worker runs, a worker whose
 * metrics socket cannot be made, and the primary's retries of a replacement that fails (1 s,
 * then 2 s, counted from nothing again after a success); and workers on a port given to them,
 * each draining 1 s by default (docs/deploy.md). Expected texts are written by hand.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, stopAllServers } from '../../helpers/api'
import { PHICODE, ROOT, runPhicode } from '../../helpers/binary'
import { until } from '../../helpers/load'
import { freePort } from '../../helpers/port'
import { statFields } from '../../helpers/proc-stat'
import { tempDir } from '../../helpers/tmp'

afterAll(stopAllServers)

/** A TMPDIR for a server: sandbox uids must pass through it to their own directory. */
function serverTmp(): string {
  const dir = tempDir('phicode-api-test-')
  chmodSync(dir, 0o711)
  return dir
}

/** Live children of `pid` (a primary's workers), each with its PHICODE_API_WORKER id and directory. */
function workers(pid: number): Array<{ pid: number; id: string; dir: string }> {
  const found: Array<{ pid: number; id: string; dir: string }> = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const fields = statFields(Number(name))
    if (!fields || fields[0] === 'Z' || Number(fields[1]) !== pid) continue
    try {
      const env = Object.fromEntries(readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]))
      found.push({ pid: Number(name), id: env.PHICODE_API_WORKER!, dir: env.PHICODE_API_WORKER_DIR! })
    } catch {
      // Exited meanwhile.
    }
  }
  return found.sort((a, b) => Number(a.id) - Number(b.id))
}

describe('--workers when a worker cannot start', () => {
  test('a worker whose metrics socket is taken exits 69 naming it, instead of hanging with its sandbox up', async () => {
    const dir = tempDir('phicode-workers-sock-')
    writeFileSync(join(dir, '1.sock'), '')
    const run = await runPhicode(['--api-server', '--api-port', '0'], { env: { PHICODE_API_WORKER: '1', PHICODE_API_WORKER_DIR: dir, TMPDIR: serverTmp() }, timeout: 20_000 })
    expect(run.stderr).toBe(`phicode: error: cannot listen on ${join(dir, '1.sock')}: the address is in use\n`)
    expect(run.code).toBe(69)
    expect(run.stdout).toBe('')
  }, 30_000)

  test('a replacement that fails to start is retried after 1 s, then 2 s; after a success the wait starts at 1 s again', async () => {
    const s = await startServer({ args: ['--workers', '2'] })
    await until(() => workers(s.pid).length === 2, 10_000, 'two workers')
    const [one] = workers(s.pid) as [{ pid: number; id: string; dir: string }]
    expect(one.id).toBe('1')
    // A file where the next replacements put their metrics sockets: workers 3 and 4 cannot start.
    writeFileSync(join(one.dir, '3.sock'), '')
    writeFileSync(join(one.dir, '4.sock'), '')
    process.kill(one.pid, 'SIGKILL')
    await until(() => /worker 5 \(pid \d+\) replaces worker 4\n/.test(s.stderr()), 30_000, 'worker 5')
    const log = s.stderr()
    expect(log).toContain(`phicode: warning: worker 1 (pid ${one.pid}) was killed by SIGKILL; starting a replacement\n`)
    expect(log).toContain(`phicode: error: cannot listen on ${join(one.dir, '3.sock')}: the address is in use\n`)
    expect(log).toContain('phicode: error: replacing worker 1: worker 3 exited before listening (code 69); its errors are above; retrying in 1 s\n')
    expect(log).toContain('phicode: error: replacing worker 3: worker 4 exited before listening (code 69); its errors are above; retrying in 2 s\n')
    const five = workers(s.pid).find((w) => w.id === '5')!
    expect(log).toContain(`phicode: worker 5 (pid ${five.pid}) replaces worker 4\n`)
    // Worker 5 started: the next failure waits 1 s again.
    writeFileSync(join(one.dir, '6.sock'), '')
    process.kill(five.pid, 'SIGKILL')
    await until(() => /worker 7 \(pid \d+\) replaces worker 6\n/.test(s.stderr()), 30_000, 'worker 7')
    expect(s.stderr()).toContain('phicode: error: replacing worker 5: worker 6 exited before listening (code 69); its errors are above; retrying in 1 s\n')
    expect(workers(s.pid).map((w) => w.id)).toEqual(['2', '7'])
    expect(await s.stop()).toBe(0)
  }, 60_000)

  test('a port another program holds with SO_REUSEPORT is refused before any worker starts (exit 69)', async () => {
    const holder = Bun.spawn([process.execPath, '-e', 'const s = Bun.serve({ hostname: "127.0.0.1", port: 0, reusePort: true, fetch: () => new Response("holder") }); console.log(s.port)'], { stdout: 'pipe', stderr: 'inherit' })
    try {
      const reader = holder.stdout.getReader()
      let text = ''
      while (!text.includes('\n')) {
        const { value, done } = await reader.read()
        if (done) throw new Error('the holder exited before listening')
        text += new TextDecoder().decode(value)
      }
      const port = text.trim()
      const run = await runPhicode(['--api-server', '--workers', '2', '--api-port', port], { env: { TMPDIR: serverTmp() }, timeout: 20_000 })
      expect(run.stderr).toBe(`phicode: error: cannot listen on 127.0.0.1:${port}: the address is in use\n`)
      expect(run.code).toBe(69)
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('holder')
    } finally {
      holder.kill()
      await holder.exited
    }
  }, 30_000)
})

describe('--workers on a port given to them', () => {
  test('a free port: both workers listen on it', async () => {
    const port = freePort()
    const tmp = serverTmp()
    const proc = Bun.spawn([PHICODE, '--api-server', '--workers', '2', '--api-port', String(port)], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp }, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' })
    try {
      const reader = proc.stdout.getReader()
      let text = ''
      while (!text.includes('\n')) {
        const { value, done } = await reader.read()
        if (done) throw new Error(`the primary exited: ${await new Response(proc.stderr).text()}`)
        text += new TextDecoder().decode(value)
      }
      expect(text).toBe(`phicode API listening on http://127.0.0.1:${port}\n`)
      await until(() => workers(proc.pid).length === 2, 10_000, 'two workers')
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200)
    } finally {
      proc.kill('SIGTERM')
      expect(await proc.exited).toBe(0)
    }
  }, 30_000)

  test('a worker told to stop keeps answering /ready with 503 for a while (PHICODE_API_DRAIN_DELAY_MS is 1 s under --workers)', async () => {
    const s = await startServer({ args: ['--workers', '1'] })
    await until(() => workers(s.pid).length === 1, 10_000, 'the worker')
    const only = workers(s.pid)[0]!
    process.kill(only.pid, 'SIGTERM')
    // Each request on a new connection: answered by the draining worker until its listener closes.
    const seen: Array<number | string> = []
    while (seen.length < 5000 && seen.at(-1) !== 503) {
      try {
        seen.push((await fetch(`${s.url}/ready`, { headers: { connection: 'close' } })).status)
      } catch (error) {
        seen.push((error as Error).message)
        break
      }
    }
    expect(seen.at(-1)).toBe(503)
    expect(await s.stop()).toBe(0)
  }, 30_000)
})
