/**
 * `bun bench/api.ts --workers N`: /convert and /info through one server process against
 * `--workers N` on the same machine, run alternately (one process, then N, then one …) so load
 * from elsewhere hits both alike. Medians of `runs`; the ratio is what the README reports.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { markdownTable, median } from './_stats'
import { runWrk, type WrkRequest, type WrkResult } from './_wrk'

interface Server {
  url: string
  pid: number
  stop(): Promise<void>
}

/** utime + stime (clock ticks, 100 a second) of `pid` and its children: the server's CPU, workers included (Linux). */
function cpuTicks(pid: number): number {
  let ticks = 0
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(name) === pid || Number(f[1]) === pid) ticks += Number(f[11]) + Number(f[12])
    } catch {}
  }
  return ticks
}

/** A wrk run, and the cores the server used meanwhile (CPU seconds over wall seconds). */
async function measured(server: Server, run: () => Promise<WrkResult>): Promise<WrkResult & { cores: number }> {
  const [ticks, start] = [cpuTicks(server.pid), performance.now()]
  const result = await run()
  return { ...result, cores: (cpuTicks(server.pid) - ticks) / 100 / ((performance.now() - start) / 1000) }
}

export async function compareWorkers(options: {
  workers: number
  /** wrk's threads: on a small machine wrk's second thread takes the core a second worker would use. */
  threads: number
  runs: number
  seconds: number
  dir: string
  body: string
  start: (extra: string[]) => Promise<Server>
}): Promise<void> {
  const { workers, threads, runs, seconds, dir } = options
  const single = await options.start([])
  const pool = await options.start(['--workers', String(workers)])
  try {
    const requests = (url: string): Array<[string, WrkRequest]> => [
      ['POST /convert (1 KB φ)', { url: `${url}/convert`, method: 'POST', body: options.body }],
      ['GET /info', { url: `${url}/info` }],
    ]
    const rows: string[][] = []
    for (let k = 0; k < requests('').length; k++) {
      const [name, one] = requests(single.url)[k]!
      const [, many] = requests(pool.url)[k]!
      const ones: Array<WrkResult & { cores: number }> = []
      const manys: Array<WrkResult & { cores: number }> = []
      await runWrk(dir, one, 16, 1, threads)
      await runWrk(dir, many, 16, 1, threads)
      for (let r = 0; r < runs; r++) {
        ones.push(await measured(single, () => runWrk(dir, one, 16, seconds, threads)))
        manys.push(await measured(pool, () => runWrk(dir, many, 16, seconds, threads)))
      }
      const a = median(ones.map((x) => x.rps))
      const b = median(manys.map((x) => x.rps))
      const p50 = (xs: WrkResult[]) => median(xs.map((x) => x.p50)).toFixed(2)
      const cores = (xs: Array<{ cores: number }>) => median(xs.map((x) => x.cores)).toFixed(2)
      rows.push([name, a.toFixed(0), p50(ones), cores(ones), b.toFixed(0), p50(manys), cores(manys), `${(b / a).toFixed(2)}×`, String(Math.max(...[...ones, ...manys].map((x) => x.non2xx)))])
      console.error(`${name}: 1 process ${a.toFixed(0)} req/s, --workers ${workers} ${b.toFixed(0)} req/s`)
    }
    console.log(markdownTable(['request (16 conn.)', 'baseline: 1 process req/s', 'p50 ms', 'cores used', `phicode --workers ${workers} req/s`, 'p50 ms', 'cores used', 'ratio', 'non-2xx'], rows))
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
    console.log(`\nwrk -t${threads} -c16, ${seconds} s per run, medians of ${runs} runs, alternating; ${navigator.hardwareConcurrency} cores shared with wrk itself; load average at the end ${load}; cores used: the servers' CPU seconds per second`)
  } finally {
    await Promise.all([single.stop(), pool.stop()])
  }
}
