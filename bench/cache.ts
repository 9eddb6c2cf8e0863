/**
 * What each cache layer buys, start to exit, in one run: a generated project of 300 φ modules
 * (plus its entry) per dialect, run uncached, cold (an empty cache every run), warm, and warm
 * with each layer switched off in turn (cold, for batched writes). Medians of interleaved
 * runs; the plain runtimes on the same program as a reference.
 *   npm run build && bun bench/cache.ts [--runs 11] [--modules 300] [--no-node] [--json]
 *
 * A layer's share is what switching it off costs a warm run, as a part of everything the
 * cache saves (uncached − warm); batched writes are measured on cold runs, where writing is.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pythonExecutable } from '../test/helpers/python'
import { writeProject } from './_projects'
import { timeOnce } from './_proc'
import { markdownTable, median } from './_stats'

const ROOT = join(import.meta.dir, '..')
const PHICODE = join(ROOT, 'dist', 'phicode')
const BUN = join(ROOT, 'node_modules', '.bin', 'bun')
const option = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(name) + 1]) || fallback
const runs = option('--runs', 11)
const modules = option('--modules', 300)

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
  if (!process.argv.includes('--no-node') && Bun.which('node')) {
    list.push({
      label: `typescript dialect on Node (${modules + 1} φ modules)`,
      cwd: typescript.dir,
      args: ['--node', typescript.phi],
      variants: [common[0]!, common[1]!, common[2]!, common[5]!],
    })
  }
  return list
}

function timeVariant(suite: Suite, v: Variant, warmDir: string, dir: string): number {
  if (v.cmd) return timeOnce({ name: v.name, cmd: v.cmd, cwd: suite.cwd, env: v.env })
  const cacheDir = v.cold ? mkdtempSync(join(dir, 'cold-')) : warmDir
  try {
    return timeOnce({ name: v.name, cmd: [PHICODE, ...suite.args], cwd: suite.cwd, env: { PHICODE_CACHE_DIR: cacheDir, ...v.env } })
  } finally {
    if (v.cold) rmSync(cacheDir, { recursive: true, force: true })
  }
}

/** Median ms per variant, one run of each per round, after one warm-up round (which fills the warm cache). */
function measure(suite: Suite, dir: string): Map<string, number> {
  const warmDir = join(dir, `warm-${suite.label.replace(/\W+/g, '-')}`)
  mkdirSync(warmDir)
  const samples = new Map(suite.variants.map((v) => [v.name, [] as number[]]))
  for (let round = -1; round < runs; round++) {
    for (const v of suite.variants) {
      const ms = timeVariant(suite, v, warmDir, dir)
      if (round >= 0) samples.get(v.name)!.push(ms)
    }
  }
  return new Map([...samples].map(([name, times]) => [name, median(times)]))
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
    const saved = uncached - warm
    const rows = suite.variants.map((v) => {
      const ms = m.get(v.name)!
      const base = v.layer ? (v.cold ? cold : warm) : undefined
      const cost = base === undefined ? undefined : ms - base
      return { variant: v.name, ms, vsCold: ms / cold, layerCost: cost, share: cost === undefined || v.cold ? undefined : cost / saved }
    })
    return { suite: suite.label, uncached, cold, warm, warmOverCold: warm / cold, warmOverUncached: warm / uncached, rows }
  })
  if (process.argv.includes('--json')) console.log(JSON.stringify({ runs, modules, results }, null, 2))
  else {
    for (const r of results) {
      console.log(`\n### ${r.suite}\nwarm/cold ${r.warmOverCold.toFixed(2)}×, warm/uncached ${r.warmOverUncached.toFixed(2)}×\n`)
      const cell = (n: number | undefined, f: (x: number) => string) => (n === undefined ? '' : f(n))
      console.log(
        markdownTable(
          ['variant', 'ms', '× cold', 'layer buys (ms)', 'share of the saving'],
          r.rows.map((row) => [
            row.variant,
            row.ms.toFixed(1),
            `${row.vsCold.toFixed(2)}×`,
            cell(row.layerCost, (x) => x.toFixed(1)),
            cell(row.share, (x) => `${(x * 100).toFixed(0)}%`),
          ]),
        ),
      )
    }
    console.log(`\nmedians of ${runs} interleaved runs after a warm-up round; ${modules + 1} modules per project`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
