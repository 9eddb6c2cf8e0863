/**
 * Transpiler throughput: MB/s of the token-aware scanners beside a naive regex substitution of
 * the same table over the same input, in the same run. Inputs are real code: the Python standard
 * library, and TypeScript from zod, rxjs and @types/node (topped up with prettier's JavaScript),
 * cut to 10 KB, 1 MB and 10 MB. Both are warmed up, then called in alternation; each figure is
 * the median call. With --seed DIR (a checkout of github.com/Varietyz/phicode-runtime), the seed's
 * own transpiler is timed on the same φ-Python inputs in the same run (bench/_seed.ts).
 *   bun bench/transpile.ts [--seed DIR] [--json]
 */
import { Glob } from 'bun'
import { join } from 'node:path'
import { naivePass } from '../src/bench/naive'
import { convert, PYTHON_SYMBOLS, TYPESCRIPT_SYMBOLS, type Dialect, type Direction } from '../src/transpile'
import { pythonExecutable } from './python'
import { markdownTable, median, timeInterleaved, type RunPlan } from './_stats'
import { flag, ROOT, stringOption } from './_cli'
import { seedMBps } from './_seed'

const SIZES = [10e3, 1e6, 10e6]
const plan = (size: number): RunPlan =>
  size <= 10e3 ? { warmupMs: 300, minRuns: 301, minMs: 300 } : size <= 1e6 ? { warmupMs: 300, minRuns: 31, minMs: 500 } : { warmupMs: 0, minRuns: 9, minMs: 0 }

async function collect(roots: string[], pattern: string, limit: number, skip: RegExp): Promise<string[]> {
  const files: string[] = []
  let total = 0
  for (const root of roots) {
    for await (const path of new Glob(pattern).scan({ cwd: root, absolute: true })) {
      const file = await Bun.file(path).text()
      if (skip.test(file)) continue
      files.push(file)
      if ((total += file.length) >= limit) return files
    }
  }
  return files
}

/** Whole files (a file cut in half may end inside a string) adding up to about `size`. */
function cut(files: string[], size: number): string {
  let text = ''
  for (const file of files) if (text.length + file.length <= size * 1.05) text += file + '\n'
  return text
}

/**
 * Reads one char of a result, as any consumer does: the scanners build their output as a rope,
 * and this makes the time to flatten it count (a regex replace returns a flat string already).
 */
const consume = (text: string): number => text.charCodeAt(0)

interface Row {
  dialect: Dialect
  direction: Direction
  bytes: number
  scannerMBps: number
  naiveMBps: number
  /** The seed's transpiler on the same input (φ-Python → Python only, and only with --seed). */
  seedMBps?: number
}

export async function benchTranspile(seedDir?: string): Promise<Row[]> {
  const python = Bun.spawnSync([pythonExecutable(), '-c', 'import os; print(os.path.dirname(os.__file__))']).stdout.toString().trim()
  const sources: Record<Dialect, string[]> = {
    python: await collect([python], '**/*.py', 10.5e6, /[πλ]/),
    typescript: await collect(
      ['zod', 'rxjs', '@types/node', 'prettier'].map((p) => join(ROOT, 'node_modules', p)),
      '**/*.{ts,mjs}',
      10.5e6,
      /[πλ∀]/,
    ),
  }
  const rows: Row[] = []
  for (const dialect of ['python', 'typescript'] as const) {
    const pairs = dialect === 'python' ? PYTHON_SYMBOLS : TYPESCRIPT_SYMBOLS
    for (const direction of ['forward', 'reverse'] as const) {
      const naive = naivePass(pairs, direction)
      for (const size of SIZES) {
        const code = cut(sources[dialect], size)
        const input = direction === 'reverse' ? code : convert(code, 'reverse', { dialect }).code
        const [scanner, regex] = timeInterleaved(
          [() => consume(convert(input, direction, { dialect }).code), () => consume(naive(input))],
          plan(size),
        ).map(median) as [number, number]
        const mb = Buffer.byteLength(input) / 1e6
        const seed =
          seedDir && dialect === 'python' && direction === 'forward' ? seedMBps(seedDir, input, plan(size).minRuns, plan(size).minMs / 1e3).mbps : undefined
        rows.push({ dialect, direction, bytes: Buffer.byteLength(input), scannerMBps: mb / (scanner / 1e3), naiveMBps: mb / (regex / 1e3), seedMBps: seed })
      }
    }
  }
  return rows
}

if (import.meta.main) {
  const seedDir = stringOption('--seed')
  const rows = await benchTranspile(seedDir)
  if (flag('--json')) console.log(JSON.stringify(rows, null, 2))
  else {
    const size = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(0)} MB` : `${(b / 1e3).toFixed(0)} KB`)
    console.log(
      markdownTable(
        ['dialect', 'direction', 'input', 'phicode MB/s', 'naive regex MB/s', 'ratio', ...(seedDir ? ['seed MB/s'] : [])],
        rows.map((r) => [
          r.dialect,
          r.direction === 'forward' ? 'φ → code' : 'code → φ',
          size(r.bytes),
          r.scannerMBps.toFixed(0),
          r.naiveMBps.toFixed(0),
          `${(r.scannerMBps / r.naiveMBps).toFixed(2)}×`,
          ...(seedDir ? [r.seedMBps === undefined ? '—' : r.seedMBps.toFixed(0)] : []),
        ]),
      ),
    )
    console.log(`\nMedian call of each, warmed up, called in alternation${seedDir ? "; the seed's transpiler in CPython on the same φ-Python input" : ''}.`)
  }
}
