/**
 * The whole suite, once, as users run it: `phicode --benchmark --full --json` through the
 * compiled binary, in a project with benchmarks of its own.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { SAMPLE_BENCHMARKS } from '../../../bench/sample-report'
import { SCENARIOS, type BenchReport } from '../../../src/bench'
import { ROOT, runPhicode, type RunResult } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'
import { benchProject, parseReport, schemaErrors } from './_helpers'

const TWO_MINUTES = 120_000
let run: RunResult
let report: BenchReport
const project = tempDir('phicode-bench-')

beforeAll(async () => {
  benchProject(project, SAMPLE_BENCHMARKS)
  run = await runPhicode(['--benchmark', '--full', '--json'], { cwd: project, env: { PHICODE_HOME: join(project, 'home') }, timeout: 170_000 })
  report = parseReport(run.stdout)
}, 180_000)

describe('phicode --benchmark --full --json', () => {
  test('finishes within 2 minutes and prints JSON that validates against docs/benchmark.schema.json', () => {
    expect(run.code).toBe(0)
    expect(schemaErrors(report)).toEqual([])
    // The duration the suite records itself, against its documented budget.
    expect(report.duration_ms).toBeLessThan(TWO_MINUTES)
    expect(report.mode).toBe('full')
    expect(report.comparison).toBeNull()
  })

  test('every scenario ran; every figure has its baseline, round by round', () => {
    // A scenario that did not run says why in its notes: shown beside its status when it fails.
    expect(report.scenarios.map((s) => [s.id, s.status === 'ok' ? 'ok' : `${s.status}: ${s.notes.join(' ')}`])).toEqual(SCENARIOS.map((s) => [s.id, 'ok']))
    const figures = report.scenarios.flatMap((s) => s.figures)
    expect(figures.length).toBeGreaterThan(30)
    for (const f of figures) {
      expect(f.baseline).not.toBeNull()
      expect(f.baseline!.n).toBe(f.n)
      expect(f.n).toBeGreaterThanOrEqual(3)
    }
    const user = report.scenarios.find((s) => s.id === 'user')!
    expect(user.figures.map((f) => [f.label, f.baseline!.label])).toEqual([
      ['count.φ', 'bun count.ts'],
      ['fib.φ', 'python3 fib.py'],
      ['plain.ts', 'bun plain.ts'],
    ])
    const ids = figures.map((f) => f.id)
    expect(ids).toContain('transpile.python.forward.5MB.medium')
    expect(ids).toContain('transpile.typescript.reverse.100KB.high')
    expect(ids).toContain('startup.typescript.bun')
    expect(ids).toContain('startup.python.cpython')
    expect(ids).toContain('cache.python.warm')
    expect(ids).toContain('imports.python.400')
    expect(ids).toContain('api.execute.python')
    // The cache wrote its entries: warm runs are not timing the cold path.
    expect(report.scenarios.find((s) => s.id === 'cache')!.notes.join(' ')).not.toContain('Nothing was written')
  })

  test('the fingerprint names the machine and its runtimes', () => {
    const fp = report.fingerprint
    expect(fp.cpu.cores).toBe(availableParallelism())
    expect(fp.memory_bytes).toBeGreaterThan(0)
    expect(fp.runtimes.bun).toBe(Bun.version)
    expect(fp.runtimes.python).toMatch(/^3\.\d+\.\d+$/)
  })

  test('results.json (what --json printed), results.csv and report.md are in .(φ)/benchmark_results/<date-time>/', () => {
    const dir = report.results_dir!
    expect(dir.startsWith(join(project, '.(φ)', 'benchmark_results') + '/')).toBe(true)
    expect(dir).toMatch(/\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/)
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))).toEqual(report)
    const csv = readFileSync(join(dir, 'results.csv'), 'utf8').trimEnd().split('\r\n')
    expect(csv[0]!.startsWith('scenario,id,label,unit,better,n,median')).toBe(true)
    expect(csv).toHaveLength(1 + report.scenarios.flatMap((s) => s.figures).length)
    const markdown = readFileSync(join(dir, 'report.md'), 'utf8')
    for (const f of report.scenarios.flatMap((s) => s.figures)) {
      // The figure's table row carries its baseline beside it.
      const row = markdown.split('\n').find((l) => l.startsWith(`| ${f.label.replaceAll('|', '\\|')} |`))
      expect(row).toContain(`(${f.baseline!.label})`)
    }
  })

  test('progress went to stderr while it ran', () => {
    expect(run.stderr).toContain('phicode: [1/7] Transpile throughput…')
    expect(run.stderr).toContain('phicode: [7/7] Your benchmarks…')
    expect(run.stderr).toMatch(/Import burst: 2 figures \(\d+\.\d s\)/)
  })

  test("the Mermaid charts of this run's report and of docs/benchmark-sample.md parse with mermaid", () => {
    const files = [join(report.results_dir!, 'report.md'), join(ROOT, 'docs', 'benchmark-sample.md')]
    const r = Bun.spawnSync([process.execPath, join(import.meta.dir, '_mermaid.ts'), ...files], { cwd: ROOT, stderr: 'pipe' })
    expect(r.stderr.toString()).toBe('')
    const charts = r.stdout.toString().trim().split('\n').map((l) => JSON.parse(l) as { file: string; type?: string; error?: string })
    for (const file of files) {
      const mine = charts.filter((c) => c.file === file)
      expect(mine.length).toBeGreaterThanOrEqual(8)
      expect(mine.filter((c) => c.error)).toEqual([])
      expect(new Set(mine.map((c) => c.type))).toEqual(new Set(['xychart']))
    }
    // Every bar series has one value per category (mermaid does not check that).
    for (const file of files) {
      for (const block of readFileSync(file, 'utf8').matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)) {
        const categories = JSON.parse(/x-axis (\[.*\])/.exec(block[1]!)![1]!) as string[]
        for (const bar of block[1]!.matchAll(/bar (\[.*\])/g)) expect((JSON.parse(bar[1]!) as number[]).length).toBe(categories.length)
      }
    }
  })
})
