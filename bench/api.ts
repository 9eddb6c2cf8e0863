/**
 * HTTP API throughput and latency with wrk: requests/s, p50 and p99 for GET /info, POST /convert
 * (1 KB of φ) and POST /execute (hello world in each language) at 1 and 16 connections, beside
 * a bare Bun.serve doing the same work with nothing in between (bench/_api-baseline.ts).
 * Medians of several runs.
 *   npm run build && apt-get install -y wrk && bun bench/api.ts [--runs 3] [--seconds 3] [--only /info] [--bypass] [--json]
 * --bypass runs the server without the security scan, to show what the scan costs.
 * --workers N [--wrk-threads 2] instead compares /convert and /info on one process with `--workers N` (bench/_api-workers.ts).
 */
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pythonExecutable } from './python'
import { markdownTable, median } from './_stats'
import { requireWrk, runWrk, type WrkRequest, type WrkResult } from './_wrk'
import { BUN, flag, numberOption, PHICODE, stringOption } from './_cli'
import { compareWorkers } from './_api-workers'

const runs = numberOption('--runs', 3)
const seconds = numberOption('--seconds', 3)
const only = stringOption('--only')

/** About 1 KB of φ-Python. */
const PHI_1KB = Array.from({ length: 16 }, (_, k) => `ƒ f${k}(x):\n    ¿ x ∈ ⟪(${k}): ⟲ "v" ⋄ ⟲ Ø\n`).join('').slice(0, 1024)

interface Scenario {
  name: string
  phicode: WrkRequest
  baseline?: WrkRequest
}

function scenarios(api: string, base: string): Scenario[] {
  const exec = (code: string, type: string) => JSON.stringify({ code, type })
  const run = (name: string, code: string, type: string, lang: 'python' | 'typescript'): Scenario => ({
    name,
    phicode: { url: `${api}/execute`, method: 'POST', body: exec(code, type) },
    baseline: { url: `${base}/execute?lang=${lang}`, method: 'POST', body: exec(code, type) },
  })
  return [
    { name: 'GET /info', phicode: { url: `${api}/info` }, baseline: { url: `${base}/info` } },
    {
      name: 'POST /convert (1 KB φ)',
      phicode: { url: `${api}/convert`, method: 'POST', body: JSON.stringify({ code: PHI_1KB, target: 'python' }) },
      baseline: { url: `${base}/convert`, method: 'POST', body: JSON.stringify({ code: PHI_1KB, target: 'python' }) },
    },
    run('POST /execute python', 'print("hello")\n', 'python', 'python'),
    run('POST /execute φ python', 'π("hello")\n', 'phicode', 'python'),
    run('POST /execute φ typescript', '// phicode: typescript\nπ("hello")\n', 'phicode', 'typescript'),
    run('POST /execute typescript', 'console.log("hello")\n', 'typescript', 'typescript'),
  ]
}

async function startServer(cmd: string[], env: Record<string, string>): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const proc = Bun.spawn(cmd, { env: { ...process.env, ...env }, stdout: 'pipe', stderr: 'inherit' })
  const reader = proc.stdout.getReader()
  let text = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) throw new Error(`${cmd.join(' ')} did not start: ${text}`)
    text += new TextDecoder().decode(value)
    const m = /listening on (http:\/\/\S+)/.exec(text)
    if (m) return { url: m[1]!, pid: proc.pid, stop: async () => void (proc.kill('SIGTERM'), await proc.exited) }
  }
}

const medianOf = (results: WrkResult[]): WrkResult => ({
  rps: median(results.map((r) => r.rps)),
  p50: median(results.map((r) => r.p50)),
  p99: median(results.map((r) => r.p99)),
  non2xx: Math.max(...results.map((r) => r.non2xx)),
  requests: median(results.map((r) => r.requests)),
})

requireWrk()
const dir = mkdtempSync(join(tmpdir(), 'phicode-bench-api-'))
chmodSync(dir, 0o711)
const bypass = flag('--bypass') ? ['--bypass'] : []
// One Python on both sides; the system's, which sandbox uids can reach (a pyenv under /root they cannot).
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : pythonExecutable()
const workers = numberOption('--workers', 0)
if (workers > 0) {
  const body = JSON.stringify({ code: PHI_1KB, target: 'python' })
  await compareWorkers({ workers, threads: numberOption('--wrk-threads', 2), runs, seconds, dir, body, start: (extra) => startServer([PHICODE, '--api-server', '--api-port', '0', ...bypass, ...extra], { TMPDIR: dir, PHITON_PATH: python }) })
  rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}
const api = await startServer([PHICODE, '--api-server', '--api-port', '0', ...bypass], { TMPDIR: dir, PHITON_PATH: python })
const base = await startServer([BUN, join(import.meta.dir, '_api-baseline.ts'), dir, python, BUN], {})
try {
  const rows: Array<{ scenario: string; connections: number; phicode: WrkResult; baseline?: WrkResult }> = []
  for (const s of scenarios(api.url, base.url).filter((s) => !only || s.name.includes(only))) {
    for (const connections of [1, 16]) {
      const ours: WrkResult[] = []
      const theirs: WrkResult[] = []
      await runWrk(dir, s.phicode, connections, 1)
      for (let k = 0; k < runs; k++) {
        ours.push(await runWrk(dir, s.phicode, connections, seconds))
        if (s.baseline) theirs.push(await runWrk(dir, s.baseline, connections, seconds))
      }
      rows.push({ scenario: s.name, connections, phicode: medianOf(ours), baseline: s.baseline ? medianOf(theirs) : undefined })
      console.error(`${s.name} c=${connections}: ${medianOf(ours).rps.toFixed(0)} req/s`)
    }
  }
  if (flag('--json')) console.log(JSON.stringify(rows, null, 2))
  else {
    const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(0))
    console.log(
      markdownTable(
        ['request', 'conn.', 'phicode req/s', 'p50 ms', 'p99 ms', 'baseline req/s', 'baseline p50 ms', 'baseline p99 ms', 'non-2xx'],
        rows.map((r) => [
          r.scenario, String(r.connections), r.phicode.rps.toFixed(0), ms(r.phicode.p50), ms(r.phicode.p99),
          r.baseline ? r.baseline.rps.toFixed(0) : '—', r.baseline ? ms(r.baseline.p50) : '—', r.baseline ? ms(r.baseline.p99) : '—',
          String(r.phicode.non2xx),
        ]),
      ),
    )
    console.log(`\nwrk, ${seconds} s per run, medians of ${runs} runs${bypass.length ? ', security scan off (--bypass)' : ''}; baseline: a bare Bun.serve doing the same work (bench/_api-baseline.ts)`)
  }
} finally {
  await Promise.all([api.stop(), base.stop()])
  rmSync(dir, { recursive: true, force: true })
}
