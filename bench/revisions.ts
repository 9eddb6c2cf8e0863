/**
 * Whether a change moved start-up time, told apart from the difference between builds. Two
 * builds of the very same code (only the build stamp compiled in differs) start a hello world
 * up to a millisecond apart, which is as much as most changes move it: one build of each side,
 * as bench/startup.ts --before times them, does not say which code is faster. This compiles each
 * of two git revisions --builds times, with a stamp of its own each time, and times every build
 * in the same interleaved rounds (after a warm-up round, each executable written again just
 * before, the two sides in alternating order, then read from disk: see `balancedOrder`).
 * For each revision and row it reports the median of its builds' medians and their range, and
 * how likely builds of one code would be to differ as much (an exact two-sided rank test of the
 * builds' medians, Mann-Whitney): a change is told at p ≤ 0.05 (with 5 builds a side, only when
 * every build of one side beats every build of the other, p = 0.008, or all but one pair, 0.016).
 *   bun bench/revisions.ts <before> <after> [--builds 3] [--runs 41] [--dir /some/folder] [--json]
 * <before> and <after> are commits (HEAD, a hash, a tag); each is taken with `git archive` into
 * a folder of its own under --dir (default: the temp folder) and built with its own
 * build/build.ts. The rows: hello.φ in each dialect, 200 φ-TypeScript and 200 φ-Python modules
 * (warm: their first runs are the warm-up round's) and `phicode --version`.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeProject } from '../src/bench/projects'
import { interleaved, type Variant } from './_proc'
import { readFromDiskNext, writtenAfresh } from './_page-cache'
import { markdownTable, median } from './_stats'
import { BUN, flag, numberOption, ROOT, stringOption } from './_cli'

const builds = numberOption('--builds', 3)
const runs = numberOption('--runs', 41)
const VALUED = new Set(['--builds', '--runs', '--dir'])
const revisions = process.argv.slice(2).filter((word, at, all) => !word.startsWith('-') && !VALUED.has(all[at - 1]!))

const MODULES = 200

const ROWS = [
  { label: 'hello.φ, typescript dialect', args: ['hello_ts.φ'] },
  { label: 'hello.φ, python dialect', args: ['hello_py.φ'] },
  { label: `${MODULES} φ-TypeScript modules, warm`, args: ['ts/phi/main.φ'] },
  { label: `${MODULES} φ-Python modules, warm`, args: ['py/phi/main.φ'] },
  { label: 'phicode --version', args: ['--version'] },
]

/** The revision's files, as `git archive` gives them, beside this checkout's node_modules. */
function checkOut(revision: string, dir: string): void {
  mkdirSync(dir, { recursive: true })
  const archive = Bun.spawnSync(['git', '-C', ROOT, 'archive', revision], { stdout: 'pipe', stderr: 'pipe' })
  if (!archive.success) throw new Error(`git archive ${revision}: ${archive.stderr.toString().trim()}`)
  const tar = Bun.spawnSync(['tar', '-x', '-C', dir], { stdin: archive.stdout, stderr: 'pipe' })
  if (!tar.success) throw new Error(`unpacking ${revision}: ${tar.stderr.toString().trim()}`)
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
}

/** The revision's build/build.ts compiles it, the stamp naming the build. */
function compileAs(tree: string, outfile: string, stamp: string): void {
  const script = `const { compile } = await import(${JSON.stringify(join(tree, 'build/build.ts'))}); await compile(undefined, ${JSON.stringify(outfile)}, { commit: ${JSON.stringify(stamp)} })`
  const r = Bun.spawnSync([BUN, '-e', script], { cwd: tree, stdout: 'pipe', stderr: 'pipe' })
  if (!r.success) throw new Error(`building ${stamp}: ${r.stderr.toString().trim().slice(-600)}`)
}

function writePrograms(dir: string): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), '{}')
  writeFileSync(join(dir, 'hello_ts.φ'), '// phicode: typescript\nπ("hello")\n')
  writeFileSync(join(dir, 'hello_py.φ'), '# phicode: python\nπ("hello")\n')
  writeProject(join(dir, 'ts'), 'typescript', MODULES)
  writeProject(join(dir, 'py'), 'python', MODULES)
}

export interface RowSummary {
  median: number
  low: number
  high: number
  /** Each build's median. */
  builds: number[]
}

/**
 * The order in which the builds are written again just before they are timed: A B B A A B …, so
 * that neither side is on average the more recently written. A copy written seconds after another
 * started a hello world 0.8-0.9 ms faster here, both dropped from the page cache alike (either
 * copy rewritten last was the faster), and builds made one after the other took that order.
 */
export function balancedOrder(builds: number): Array<[side: number, build: number]> {
  const order: Array<[number, number]> = []
  for (let k = 0; k < builds; k++) {
    const first = k % 2
    order.push([first, k], [1 - first, k])
  }
  return order
}

/** Copies of the builds written in `balancedOrder` (`writtenAfresh`), each in its build's place. */
function copiedBalanced(binaries: string[][], dir: string): string[][] {
  const order = balancedOrder(binaries[0]!.length)
  const copies = writtenAfresh(dir, order.map(([side, build]) => binaries[side]![build]!))
  const timed = binaries.map((side) => [...side])
  order.forEach(([side, build], at) => {
    timed[side]![build] = copies[at]!
  })
  return timed
}

/** Per row, the median of the builds' medians and their range. */
export function summarize(byBuild: number[][]): RowSummary[] {
  return byBuild[0]!.map((_, row) => {
    const medians = byBuild.map((build) => build[row]!)
    return { median: median(medians), low: Math.min(...medians), high: Math.max(...medians), builds: medians }
  })
}

/** Mann-Whitney's U of `a` against `b`: the pairs in which a's value is the larger, a tie counting half. */
function mannWhitneyU(a: readonly number[], b: readonly number[]): number {
  let u = 0
  for (const x of a) for (const y of b) u += x > y ? 1 : x === y ? 0.5 : 0
  return u
}

/**
 * The exact two-sided p of Mann-Whitney's test: of every way to deal the pooled values into two
 * groups of these sizes, the share whose U lies at least as far from its middle as the one seen.
 */
export function rankTestP(a: readonly number[], b: readonly number[]): number {
  const pooled = [...a, ...b]
  const middle = (a.length * b.length) / 2
  const seen = Math.abs(mannWhitneyU(a, b) - middle)
  let asFar = 0
  let deals = 0
  const deal = (from: number, picked: number[]): void => {
    if (picked.length === a.length) {
      const rest = pooled.filter((_, k) => !picked.includes(k))
      deals++
      if (Math.abs(mannWhitneyU(picked.map((k) => pooled[k]!), rest) - middle) >= seen - 1e-9) asFar++
      return
    }
    for (let k = from; k <= pooled.length - (a.length - picked.length); k++) deal(k + 1, [...picked, k])
  }
  deal(0, [])
  return asFar / deals
}

if (import.meta.main) {
  if (revisions.length !== 2) {
    console.error('bench/revisions.ts: name two revisions, e.g. `bun bench/revisions.ts HEAD~1 HEAD` (--help)')
    process.exit(2)
  }
  const parent = stringOption('--dir') ?? tmpdir()
  mkdirSync(parent, { recursive: true })
  const dir = mkdtempSync(join(parent, 'phicode-revisions-'))
  try {
    const built = revisions.map((revision, side) => {
      const tree = join(dir, `tree${side}`)
      checkOut(revision, tree)
      return Array.from({ length: builds }, (_, k) => {
        const outfile = join(dir, `phicode-${side}-${k}`)
        console.error(`building ${revision} (${k + 1} of ${builds})`)
        compileAs(tree, outfile, `${revision}#${k}`)
        return outfile
      })
    })
    const binaries = copiedBalanced(built, dir)
    const variants: Variant[] = binaries.flat().flatMap((binary, at) => {
      const project = join(dir, `project${at}`)
      writePrograms(project)
      // Python's own bytecode cache on (an empty value is unset; this machine sets it globally).
      const env = { PHICODE_HOME: join(project, 'home'), PYTHONDONTWRITEBYTECODE: '' }
      return ROWS.map((row, r) => ({ name: `${at}:${r}`, cmd: [binary, ...row.args], cwd: project, env }))
    })
    const kept = readFromDiskNext(binaries.flat())
    const medians = interleaved(variants, runs)
    const summaries = binaries.map((side, s) => summarize(side.map((_, k) => ROWS.map((__, r) => medians.get(`${s * builds + k}:${r}`)!))))
    const load = loadavg().map((l) => l.toFixed(2)).join(', ')
    if (flag('--json')) {
      const rows = ROWS.map((row, r) => ({ label: row.label, before: summaries[0]![r]!, after: summaries[1]![r]!, p: rankTestP(summaries[0]![r]!.builds, summaries[1]![r]!.builds) }))
      console.log(JSON.stringify({ revisions, builds, runs, load, kept, rows }, null, 2))
    }
    else {
      const cell = (s: RowSummary) => `${s.median.toFixed(2)} (${s.low.toFixed(2)}–${s.high.toFixed(2)})`
      const told = (a: RowSummary, b: RowSummary) => {
        const p = rankTestP(a.builds, b.builds)
        return `${p > 0.05 ? 'not told apart' : b.median < a.median ? 'faster' : 'slower'} (p = ${p.toFixed(3)})`
      }
      const change = (a: { median: number }, b: { median: number }) => `${b.median >= a.median ? '+' : '−'}${Math.abs(b.median - a.median).toFixed(2)} ms`
      const cells = ROWS.map((row, r) => {
        const [before, after] = [summaries[0]![r]!, summaries[1]![r]!]
        return [row.label, cell(before), cell(after), change(before, after), told(before, after)]
      })
      console.log(markdownTable(['program', `${revisions[0]} (ms)`, `${revisions[1]} (ms)`, 'change', 'after'], cells))
      console.log(`\n${builds} builds of each revision, medians of ${runs} interleaved runs each after a warm-up round; in parentheses the range of the builds' medians; load average ${load} at the end`)
      if (kept.length > 0) console.log(`still in the page cache: ${kept.join(', ')}`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
