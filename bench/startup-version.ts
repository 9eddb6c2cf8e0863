/**
 * Start-up cost of the compiled binary: median wall time of `phicode --version` beside two
 * baselines measured in the same run, interleaved so machine noise hits all alike:
 *   - an empty program compiled with the same flags (what any compiled Bun binary costs), and
 *   - `bun --version` (the runtime's own fast path, no JavaScript runs).
 *   bun bench/startup-version.ts [--runs 30] [--binary dist/phicode] [--json]
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { COMPILE_FLAGS } from '../build/build'
import { PHICODE } from './_cli'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    binary: { type: 'string', default: PHICODE },
    json: { type: 'boolean', default: false },
  },
})
const runs = Number(values.runs)

function compileEmpty(dir: string): string {
  const entry = join(dir, 'empty.ts')
  const outfile = join(dir, 'empty')
  writeFileSync(entry, 'export {}\n')
  const r = Bun.spawnSync([process.execPath, 'build', entry, ...COMPILE_FLAGS, `--outfile=${outfile}`], { stdout: 'ignore', stderr: 'pipe' })
  if (!r.success) throw new Error(`cannot compile the empty baseline: ${r.stderr}`)
  return outfile
}

function timeOnce(cmd: string[]): number {
  const started = performance.now()
  const r = Bun.spawnSync(cmd, { stdout: 'ignore', stderr: 'ignore' })
  if (!r.success) throw new Error(`${cmd.join(' ')} failed`)
  return performance.now() - started
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

const scratch = mkdtempSync(join(tmpdir(), 'phicode-bench-'))
try {
  const commands: Record<string, string[]> = {
    'phicode --version': [values.binary, '--version'],
    'empty compiled program': [compileEmpty(scratch)],
    'bun --version': [process.execPath, '--version'],
  }
  const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, [] as number[]]))
  for (let i = 0; i < 3; i++) for (const cmd of Object.values(commands)) timeOnce(cmd)
  for (let i = 0; i < runs; i++) for (const [name, cmd] of Object.entries(commands)) samples[name]!.push(timeOnce(cmd))

  const medians = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, Number(median(xs).toFixed(1))]))
  const result = { runs, binary: values.binary, binary_bytes: statSync(values.binary).size, bun: Bun.version, median_ms: medians }
  if (values.json) console.log(JSON.stringify(result, null, 2))
  else {
    console.log(`${values.binary}: ${(result.binary_bytes / 1024 / 1024).toFixed(1)} MiB; medians of ${runs} runs (Bun ${Bun.version}):`)
    const own = medians['phicode --version']!
    for (const [name, ms] of Object.entries(medians)) {
      console.log(`  ${name.padEnd(24)} ${String(ms).padStart(6)} ms${name === 'phicode --version' ? '' : `   (phicode is ${(own / ms).toFixed(2)}×)`}`)
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
