import { afterAll, describe, expect, test } from 'bun:test'
import { readdirSync, readFileSync } from 'node:fs'
import { startServer, stopAllServers, type TestServer } from '../../helpers/api'
import { runCommand, runPhicode } from '../../helpers/binary'
import { startLoad, until } from '../../helpers/load'
import { statFields } from '../../helpers/proc-stat'

afterAll(stopAllServers)

/** Concurrent clients of the load tests. */
const CLIENTS = 4

/** Live children of `pid`, from /proc (the workers of a primary). */
function children(pid: number): number[] {
  const found: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const fields = statFields(Number(name))
    if (fields && fields[0] !== 'Z' && Number(fields[1]) === pid) found.push(Number(name))
  }
  return found.sort()
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'latin1'))
  } catch {
    return false
  }
}

/** The `worker` labels in one scrape of /metrics (the answering worker reports its siblings too). */
async function workerLabels(server: TestServer): Promise<string[]> {
  const text = await (await fetch(`${server.url}/metrics`)).text()
  return [...new Set([...text.matchAll(/^phicode_api_queue_capacity\{worker="(\d+)"\}/gm)].map((m) => m[1]!))].sort()
}

const convert = (server: TestServer, headers: Record<string, string> = {}) => () =>
  fetch(`${server.url}/convert`, { method: 'POST', headers, body: JSON.stringify({ code: 'ƒ f():\n    ⟲ 1\n', target: 'python' }) })

describe('--api-server --workers', () => {
  test('N processes answer on one port, each with its own budget; one scrape of /metrics covers them all', async () => {
    const s = await startServer({ args: ['--workers', '2'], env: { PHICODE_API_CONCURRENCY: '3' } })
    await until(() => children(s.pid).length === 2, 10_000, 'two workers')
    expect(await workerLabels(s)).toEqual(['1', '2'])
    const text = await (await fetch(`${s.url}/metrics`)).text()
    expect(text).toContain('phicode_api_slots{worker="1",state="free"} 3')
    expect(text).toContain('phicode_api_slots{worker="2",state="free"} 3')
    expect(s.stderr()).toContain('budgets are per worker')
    // Each request on a connection of its own, so the kernel spreads them over both workers; the
    // one answering the scrape must add its sibling's counts.
    for (let k = 0; k < 20; k++) expect((await convert(s, { connection: 'close' })()).status).toBe(200)
    const scraped = await (await fetch(`${s.url}/metrics`)).text()
    const counted = [...scraped.matchAll(/^phicode_api_requests_total\{worker="\d+",route="\/convert",method="POST",status="200"\} (\d+)$/gm)]
    expect(counted.reduce((sum, m) => sum + Number(m[1]), 0)).toBe(20)
    const workers = children(s.pid)
    expect(await s.stop()).toBe(0)
    expect(workers.filter(alive)).toEqual([])
    expect(s.leftAtExit).toEqual([])
  }, 60_000)

  test('--workers auto starts one per core (nproc), and an unset PHICODE_API_CONCURRENCY is the one-process default split across them', async () => {
    const cores = Number((await runCommand(['nproc'])).stdout.trim())
    const s = await startServer({ args: ['--workers', 'auto'], env: { PHICODE_API_CONCURRENCY: '' } })
    await until(() => children(s.pid).length === cores, 20_000, `${cores} workers`)
    const text = await (await fetch(`${s.url}/metrics`)).text()
    const each = Math.ceil(Math.max(2, cores) / cores)
    for (let id = 1; id <= cores; id++) expect(text).toContain(`phicode_api_slots{worker="${id}",state="free"} ${each}`)
    expect(await s.stop()).toBe(0)
  }, 60_000)

  test('a worker SIGKILLed under load is replaced; the port keeps answering throughout', async () => {
    const s = await startServer({ args: ['--workers', '2'] })
    await until(() => children(s.pid).length === 2, 10_000, 'two workers')
    const [victim, survivor] = children(s.pid) as [number, number]
    const load = startLoad(convert(s), CLIENTS)
    await until(() => load.ok >= 200, 30_000, 'load before the kill')
    process.kill(victim, 'SIGKILL')
    const atKill = load.ok
    await until(async () => children(s.pid).length === 2 && !children(s.pid).includes(victim) && (await workerLabels(s)).includes('3'), 30_000, 'the replacement')
    await until(() => load.ok >= atKill + 500, 30_000, 'load after the kill')
    await load.stop()
    // Requests the killed worker held are lost with it, a reset connection each: at most the one
    // in flight per client, and one more sent on a connection the dying worker had just accepted.
    // Never a status: every answer the port gives is a good one.
    console.log(`worker SIGKILLed under load: ${load.ok} answered, ${load.failures.length} failed (${load.failures.join('; ')})`)
    expect(load.failures.length).toBeLessThanOrEqual(2 * CLIENTS)
    expect(load.failures.every((f) => !f.startsWith('status'))).toBe(true)
    expect(alive(survivor)).toBe(true)
    // The dead worker's metrics socket went with it; the scrape reports exactly the live two.
    expect((await workerLabels(s)).length).toBe(2)
    // The primary's log names the dead worker by its pid, and its replacement (the third worker started) by its own.
    const replacement = children(s.pid).find((pid) => pid !== survivor)!
    expect(s.stderr()).toMatch(new RegExp(`worker [12] \\(pid ${victim}\\) was killed by SIGKILL; starting a replacement\n`))
    // The replacement serves its metrics a moment before the primary has read its ready line and said so.
    const replaced = new RegExp(`worker 3 \\(pid ${replacement}\\) replaces worker [12]\n`)
    await until(() => replaced.test(s.stderr()), 10_000, 'the replacement named in the log')
    expect(s.stderr()).toMatch(replaced)
    expect(await s.stop()).toBe(0)
  }, 90_000)

  test('a worker that exits by itself (SIGTERM: it drains, then exits 0) is replaced too, its exit code in the log', async () => {
    const s = await startServer({ args: ['--workers', '2'] })
    await until(() => children(s.pid).length === 2, 10_000, 'two workers')
    const [victim, survivor] = children(s.pid) as [number, number]
    // The start line (logged just after the URL) names the workers' pids.
    await until(() => /2 workers on one port/.test(s.stderr()), 10_000, 'the start line')
    const named = /2 workers on one port \(pids (\d+), (\d+)\)/.exec(s.stderr())
    expect(named && [named[1], named[2]].map(Number).sort()).toEqual([victim, survivor].sort())
    process.kill(victim, 'SIGTERM')
    // The list the condition held for: a second look at /proc may catch it changing again.
    let workers: number[] = []
    await until(() => (workers = children(s.pid)).length === 2 && !workers.includes(victim), 30_000, 'the replacement')
    const replacement = workers.find((pid) => pid !== survivor)!
    await until(() => /replaces worker/.test(s.stderr()), 10_000, 'the replacement\'s log line')
    expect(s.stderr()).toMatch(new RegExp(`worker [12] \\(pid ${victim}\\) exited with code 0; starting a replacement\n`))
    expect(s.stderr()).toMatch(new RegExp(`worker 3 \\(pid ${replacement}\\) replaces worker [12]\n`))
    // The primary stops its workers and waits for them: none is left once it has exited.
    expect(await s.stop()).toBe(0)
    expect([survivor, replacement].filter(alive)).toEqual([])
  }, 60_000)

  test('SIGHUP reloads under load with zero failed requests: new workers listen, then the old ones drain and exit', async () => {
    const s = await startServer({ args: ['--workers', '2'] })
    await until(() => children(s.pid).length === 2, 10_000, 'two workers')
    const old = children(s.pid)
    const load = startLoad(convert(s))
    await until(() => load.ok >= 200, 30_000, 'load before the reload')
    process.kill(s.pid, 'SIGHUP')
    await until(() => old.every((pid) => !alive(pid)) && children(s.pid).length === 2, 60_000, 'the old workers to exit')
    const atReload = load.ok
    await until(() => load.ok >= atReload + 500, 30_000, 'load after the reload')
    await load.stop()
    console.log(`SIGHUP reload under load: ${load.ok} answered, ${load.failures.length} failed`)
    expect(load.failures).toEqual([])
    expect(await workerLabels(s)).toEqual(['3', '4'])
    expect(s.stderr()).toContain('reload: workers 3, 4 listening; draining 1, 2\n')
    expect(await s.stop()).toBe(0)
  }, 120_000)

  test('workers whose primary is SIGKILLed stop by themselves', async () => {
    const s = await startServer({ args: ['--workers', '2'] })
    await until(() => children(s.pid).length === 2, 10_000, 'two workers')
    const workers = children(s.pid)
    process.kill(s.pid, 'SIGKILL')
    await until(() => workers.every((pid) => !alive(pid)), 20_000, 'the orphaned workers to stop')
    await s.stop()
  }, 30_000)

  test('--workers takes a count or auto; a port in use is refused before any worker starts', async () => {
    const bad = await runPhicode(['--api-server', '--workers', 'many'])
    expect(bad.code).toBe(64)
    expect(bad.stderr).toContain('--workers must be a number 1–256 or auto')
    const s = await startServer()
    const busy = await runPhicode(['--api-server', '--workers', '2', '--api-port', new URL(s.url).port])
    expect(busy.code).toBe(69)
    expect(busy.stderr).toContain('address is in use')
    expect(await s.stop()).toBe(0)
  }, 30_000)
})
