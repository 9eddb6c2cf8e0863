/**
 * What each cache layer buys, start to exit, in one run: a generated project of 300 φ modules
 * (plus its entry) per dialect, run uncached, cold (an empty cache every run), warm, and warm
 * with each layer switched off in turn (cold, for batched writes). Medians of interleaved
 * runs; the plain runtimes on the same program as a reference.
 *   npm run build && bun bench/cache.ts [--runs 11] [--modules 300] [--no-node] [--json]
 *
 * A layer's share is what switching it off costs a warm run, as a part of everything the
 * cache saves (uncached − warm); batched writes are measured on cold runs, where writing is.
 * Beside wall-clock time, the CPU time of the process and its children (the interpreter):
 * on a loaded machine it moves far less than the wall clock.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pythonExecutable } from './python'
import { writeProject } from '../src/bench/projects'
import { markdownTable, median } from './_stats'
import { BUN, flag, numberOption, PHICODE } from './_cli'

const runs = numberOption('--runs', 11)
const modules = numberOption('--modules', 300)

interface Variant {
  name: string
  env: Record<string, string>
  /** A fresh, empty cache directory for every run. */
  cold?: boolean
  /** The variant without this layer, when it is a layer's measurement. */
  layer?: string
  /** A plain runtime on the plain project: the reference. */
  cmd?: string[]
}

interface Suite {
  label: string
  cwd: string
  args: string[]
  variants: Variant[]
}

const off = (layer: string, env: Record<string, string>, cold = false): Variant => ({ name: `${cold ? 'cold' : 'warm'}, ${layer} off`, env, layer, cold })

function suites(dir: string): Suite[] {
  const python = writeProject(join(dir, 'python'), 'python', modules)
  const typescript = writeProject(join(dir, 'typescript'), 'typescript', modules)
  for (const p of [python, typescript]) writeFileSync(join(p.dir, 'package.json'), '{}')
  const common = [
    { name: 'uncached', env: { PHICODE_CACHE: 'off' } },
    { name: 'cold', env: {}, cold: true },
    { name: 'warm', env: {} },
    off('batched writes', { PHICODE_BATCH_SIZE: '1' }, true),
    off('memory', { PHICODE_CACHE_SIZE: '0' }),
    off('transpiled', { PHICODE_CACHE_TRANSPILED: 'off' }),
  ]
  const list: Suite[] = [
    {
      label: `python dialect on CPython (${modules + 1} φ modules)`,
      cwd: python.dir,
      args: [python.phi],
      variants: [
        ...common,
        off('bytecode', { PHICODE_CACHE_BYTECODE: 'off' }),
        off('resolution', { PHICODE_CACHE_RESOLUTION: 'off' }),
        { name: 'python3 main.py (warm __pycache__)', env: { PYTHONDONTWRITEBYTECODE: '' }, cmd: [pythonExecutable(), python.plain] },
      ],
    },
    {
      label: `typescript dialect on Bun (${modules + 1} φ modules)`,
      cwd: typescript.dir,
      args: [typescript.phi],
      variants: [...common, { name: 'bun main.ts', env: {}, cmd: [BUN, typescript.plain] }],
    },
  ]
  if (!flag('--no-node') && Bun.which('node')) {
    list.push({
      label: `typescript dialect on Node (${modules + 1} φ modules)`,
      cwd: typescript.dir,
      args: ['--node', typescript.phi],
      variants: [common[0]!, common[1]!, common[2]!, common[5]!],
    })
  }
  return list
}

interface Sample {
  wall: number
  cpu: number
}

function runOnce(cmd: string[], cwd: string, env: Record<string, string>): Sample {
  const start = Bun.nanoseconds()
  const r = Bun.spawnSync(cmd, { cwd, env: { ...process.env, ...env }, stdout: 'ignore', stderr: 'pipe' })
  const wall = (Bun.nanoseconds() - start) / 1e6
  if (!r.success) throw new Error(`${cmd.join(' ')} failed (${r.exitCode}): ${r.stderr.toString().slice(0, 500)}`)
  return { wall, cpu: Number(r.resourceUsage.cpuTime.total) / 1000 }
}

function timeVariant(suite: Suite, v: Variant, warmDir: string, dir: string): Sample {
  if (v.cmd) return runOnce(v.cmd, suite.cwd, v.env)
  const cacheDir = v.cold ? mkdtempSync(join(dir, 'cold-')) : warmDir
  try {
    return runOnce([PHICODE, ...suite.args], suite.cwd, { PHICODE_CACHE_DIR: cacheDir, ...v.env })
  } finally {
    if (v.cold) rmSync(cacheDir, { recursive: true, force: true })
  }
}

/** Median wall and CPU ms per variant, one run of each per round, after one warm-up round (which fills the warm cache). */
function measure(suite: Suite, dir: string): Map<string, Sample> {
  const warmDir = join(dir, `warm-${suite.label.replace(/\W+/g, '-')}`)
  mkdirSync(warmDir)
  const samples = new Map(suite.variants.map((v) => [v.name, [] as Sample[]]))
  for (let round = -1; round < runs; round++) {
    for (const v of suite.variants) {
      const sample = timeVariant(suite, v, warmDir, dir)
      if (round >= 0) samples.get(v.name)!.push(sample)
    }
  }
  return new Map([...samples].map(([name, s]) => [name, { wall: median(s.map((x) => x.wall)), cpu: median(s.map((x) => x.cpu)) }]))
}

const dir = mkdtempSync(join(tmpdir(), 'phicode-bench-cache-'))
try {
  const all = suites(dir)
  // Files changed within two seconds are never pushed to Python: let the generated ones age.
  const newest = statSync(join(dir, 'typescript', 'phi', 'main.φ')).ctimeMs
  await Bun.sleep(Math.max(0, newest + 2100 - Date.now()))
  const results = all.map((suite) => {
    const m = measure(suite, dir)
    const [uncached, cold, warm] = [m.get('uncached')!, m.get('cold')!, m.get('warm')!]
    const saved = uncached.wall - warm.wall
    const rows = suite.variants.map((v) => {
      const { wall, cpu } = m.get(v.name)!
      const base = v.layer ? (v.cold ? cold : warm) : undefined
      const cost = base && { wall: wall - base.wall, cpu: cpu - base.cpu }
      return { variant: v.name, wall, cpu, vsCold: wall / cold.wall, layerCost: cost, share: cost === undefined || v.cold ? undefined : cost.wall / saved }
    })
    return { suite: suite.label, uncached, cold, warm, warmOverCold: warm.wall / cold.wall, warmOverUncached: warm.wall / uncached.wall, rows }
  })
  if (flag('--json')) console.log(JSON.stringify({ runs, modules, results }, null, 2))
  else {
    for (const r of results) {
      console.log(`\n### ${r.suite}\nwarm/cold ${r.warmOverCold.toFixed(2)}×, warm/uncached ${r.warmOverUncached.toFixed(2)}× (wall clock)\n`)
      console.log(
        markdownTable(
          ['variant', 'wall ms', '× cold', 'CPU ms', 'layer buys, wall / CPU ms', 'share of the saving'],
          r.rows.map((row) => [
            row.variant,
            row.wall.toFixed(1),
            `${row.vsCold.toFixed(2)}×`,
            row.cpu.toFixed(0),
            row.layerCost ? `${row.layerCost.wall.toFixed(1)} / ${row.layerCost.cpu.toFixed(0)}` : '',
            row.share === undefined ? '' : `${(row.share * 100).toFixed(0)}%`,
          ]),
        ),
      )
    }
    const load = (await Bun.file('/proc/loadavg').text().catch(() => '?')).split(' ').slice(0, 3).join(' ')
    console.log(`\nmedians of ${runs} interleaved runs after a warm-up round; ${modules + 1} modules per project; load average at the end ${load}`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
