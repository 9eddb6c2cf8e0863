/**
 * The seed's own φ → Python transpiler (github.com/Varietyz/phicode-runtime, a checkout given
 * with --seed; never part of this repository) timed on the same inputs as phicode's scanners.
 * It runs in CPython as the seed does: `SymbolTranspiler().transpile`, its regex pass over the
 * non-string parts, with the `regex` package when installed. HOME points at an empty folder so
 * the seed's optional Rust helper (~/.phicode/bin) and custom symbol files are not picked up.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pythonExecutable } from './python'

// Warm-up call, then calls until both a count and a time are reached; prints the median seconds.
const DRIVER = `
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from phicode_engine.core.transpilation.phicode_to_python import SymbolTranspiler
import phicode_engine.core.transpilation.phicode_to_python as seed
source = open(sys.argv[2], encoding='utf-8').read()
runs, min_s = int(sys.argv[3]), float(sys.argv[4])
t = SymbolTranspiler()
t.transpile(source)
times, start = [], time.perf_counter()
while len(times) < runs or time.perf_counter() - start < min_s:
    a = time.perf_counter(); t.transpile(source); times.append(time.perf_counter() - a)
print(json.dumps({'seconds': statistics.median(times), 'regex': seed.re.__name__}))
`

export interface SeedTiming {
  mbps: number
  /** The regex engine the seed ran with: `regex` (as it prefers) or the standard `re`. */
  engine: string
}

/** MB/s of the seed's transpiler over `input` (φ-Python), median of at least `runs` calls. */
export function seedMBps(seedDir: string, input: string, runs: number, minSeconds: number): SeedTiming {
  const home = mkdtempSync(join(tmpdir(), 'phicode-bench-seed-'))
  try {
    writeFileSync(join(home, 'input.φ'), input)
    const proc = Bun.spawnSync([pythonExecutable(), '-c', DRIVER, join(seedDir, 'src'), join(home, 'input.φ'), String(runs), String(minSeconds)], {
      cwd: home,
      env: { ...process.env, HOME: home },
    })
    if (proc.exitCode !== 0) throw new Error(`the seed's transpiler failed (--seed ${seedDir}): ${proc.stderr.toString().trim().split('\n').slice(-3).join(' / ')}`)
    const { seconds, regex } = JSON.parse(proc.stdout.toString()) as { seconds: number; regex: string }
    return { mbps: Buffer.byteLength(input) / 1e6 / seconds, engine: regex }
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}
