/**
 * Start-to-exit of `phicode` beside the plain runtimes, issue 16's table, in one run: medians of
 * interleaved runs after a warm-up round (so the 200-module rows run warm; with --before, each
 * round runs every row twice, the two builds in either order) of
 *   - hello world in each dialect beside `bun hello.ts` and `python3 hello.py`,
 *   - 200 φ-Python and 200 φ-TypeScript modules beside the same projects as .py / .ts,
 *   - `phicode --version` beside an empty program compiled with the same flags.
 *   npm run build && bun bench/startup.ts [--runs 21] [--binary dist/phicode] [--before old/phicode] [--dir /some/folder] [--json]
 * phicode and the build before are timed as two copies each, written just before the timing
 * around a copy of bun (phicode, before, bun, before, phicode; see `writtenAfresh`), each round
 * running both copies; the empty program is compiled then; python3 is timed as installed.
 * Every executable compared is dropped from the page cache first (see `_page-cache.ts`).
 * The projects go into a fresh folder under --dir (default: the temp folder). Where matters: Bun
 * reads the listing of every folder from / down to the entry, phicode's runs and the baselines
 * alike, so a crowded parent (a shared /tmp with thousands of entries) adds the same milliseconds
 * to both sides and flatters the ratios. The report names the folder and that listing's size.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { COMPILE_FLAGS } from '../src/compile-flags'
import { writeProject } from '../src/bench/projects'
import { pythonExecutable } from './python'
import { interleaved, type Variant } from './_proc'
import { readFromDiskNext, writtenAfresh } from './_page-cache'
import { markdownTable } from './_stats'
import { BUN, flag, numberOption, PHICODE as BUILT, stringOption } from './_cli'

const runs = numberOption('--runs', 21)
/** Another phicode binary (an older build, to compare). */
const PHICODE = stringOption('--binary') ?? BUILT
/** A previous build, timed in the same rounds as PHICODE (the table's "before"). */
const BEFORE = stringOption('--before')
const MODULES = 200

function compileEmpty(dir: string): string {
  writeFileSync(join(dir, 'empty.ts'), 'export {}\n')
  const outfile = join(dir, 'empty')
  const r = Bun.spawnSync([BUN, 'build', join(dir, 'empty.ts'), ...COMPILE_FLAGS, `--outfile=${outfile}`], { stdout: 'ignore', stderr: 'pipe' })
  if (!r.success) throw new Error(`cannot compile the empty baseline: ${r.stderr}`)
  return outfile
}

/** Entries in the folders above `dir`, every one of which Bun's resolver lists on a run from `dir`. */
function listedAbove(dir: string): number {
  let entries = 0
  for (let at = dirname(dir); ; at = dirname(at)) {
    entries += readdirSync(at).length
    if (dirname(at) === at) return entries
  }
}

/** The φ and plain programs of the table, in `dir`: each build timed gets its own copy (their caches would void each other's). */
function writePrograms(dir: string): { py: ReturnType<typeof writeProject>; ts: ReturnType<typeof writeProject> } {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), '{}')
  writeFileSync(join(dir, 'hello_py.φ'), '# phicode: python\nπ("hello")\n')
  writeFileSync(join(dir, 'hello_py.py'), 'print("hello")\n')
  writeFileSync(join(dir, 'hello_ts.φ'), '// phicode: typescript\nπ("hello")\n')
  writeFileSync(join(dir, 'hello_ts.ts'), 'console.log("hello")\n')
  return { py: writeProject(join(dir, 'py-project'), 'python', MODULES), ts: writeProject(join(dir, 'ts-project'), 'typescript', MODULES) }
}

for (const [option, binary] of [['--binary', PHICODE], ['--before', BEFORE]] as const) {
  if (binary !== undefined && !existsSync(binary)) {
    console.error(`bench/startup.ts: ${option} ${binary}: no such file (npm run build makes dist/phicode)`)
    process.exit(2)
  }
}
const parent = stringOption('--dir') ?? tmpdir()
mkdirSync(parent, { recursive: true })
const dir = mkdtempSync(join(parent, 'phicode-bench-'))
try {
  // The real executable, never a shim (pyenv's costs ~0.5 s per start).
  const python = pythonExecutable()
  // Python's own bytecode cache on for the baseline (an empty value is unset; this machine sets it globally).
  const pyEnv = { PYTHONDONTWRITEBYTECODE: '' }
  const empty = compileEmpty(dir)
  // Two copies of each phicode build around one of bun, written in this order, so that on average
  // no executable compared was written later than another (see `writtenAfresh`).
  const copies = writtenAfresh(dir, BEFORE === undefined ? [PHICODE, BUN, PHICODE] : [PHICODE, BEFORE, BUN, BEFORE, PHICODE])
  const bun = copies[copies.length >> 1]!
  const phicodes = [copies[0]!, copies[copies.length - 1]!]
  const previous = BEFORE === undefined ? [] : [copies[1]!, copies[3]!]
  const at = (where: string, name: string, cmd: string[], extra: Record<string, string> = {}): Variant =>
    ({ name, cmd, cwd: join(dir, where), env: { PHICODE_HOME: join(dir, where, 'home'), ...extra } })
  /** One build's side of each row, run in `where`: for each copy of the build, its variants (one name for both copies). */
  const phicodeRows = (where: string, binaries: string[]): Variant[][] => {
    const { py, ts } = writePrograms(join(dir, where))
    return binaries.map((binary) => [
      at(where, `${where}: hello.φ`, [binary, 'hello_ts.φ']),
      at(where, `${where}: hello.φ (py)`, [binary, 'hello_py.φ']),
      at(where, `${where}: main.φ (py)`, [binary, py.phi]),
      at(where, `${where}: main.φ (ts)`, [binary, ts.phi]),
      at(where, `${where}: --version`, [binary, '--version']),
    ])
  }
  const now = phicodeRows('now', phicodes)
  const before = previous.length === 0 ? [] : phicodeRows('before', previous)
  const { py, ts } = writePrograms(join(dir, 'plain'))
  const baselines: Array<[string, Variant]> = [
    ['hello.φ, typescript dialect', at('plain', 'bun hello.ts', [bun, 'hello_ts.ts'])],
    ['hello.φ, python dialect', at('plain', 'python3 hello.py', [python, 'hello_py.py'], pyEnv)],
    [`${MODULES} φ-Python modules, warm`, at('plain', 'python3 main.py', [python, py.plain], pyEnv)],
    [`${MODULES} φ-TypeScript modules, warm`, at('plain', 'bun main.ts', [bun, ts.plain])],
    ['phicode --version', at('plain', 'empty compiled program', [empty])],
  ]
  const kept = readFromDiskNext([...copies, python, empty])
  // Each round runs every row twice, once per copy; with a build before, the two builds in either
  // order: a command runs faster or slower by what ran just before it (the same binary timed as
  // both builds differed by up to 5.5 ms on the Python rows), so each build gets both predecessors.
  const order = (first: Variant[], second: Variant[] = []) => baselines.flatMap(([, b], k) => [first[k]!, ...(second[k] ? [second[k]!] : []), b])
  const medians = interleaved([...order(now[0]!, before[0]), ...order(before[1] ?? now[1]!, before[1] ? now[1] : undefined)], runs)
  const listed = listedAbove(dir)
  const load = loadavg().map((l) => l.toFixed(2)).join(', ')
  const rows = baselines.map(([label, b], k) => ({
    label,
    phicode: medians.get(now[0]![k]!.name)!,
    baseline: medians.get(b.name)!,
    baselineName: b.name,
    ...(before[0]?.[k] ? { before: medians.get(before[0][k]!.name)! } : {}),
  }))
  const cache = kept.length === 0 ? 'every executable read from disk before the warm-up' : `still in the page cache: ${kept.join(', ')}`
  if (flag('--json')) console.log(JSON.stringify({ runs, load, dir, listed, cache, binary: PHICODE, before: BEFORE, rows }, null, 2))
  else {
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`
    console.log(
      markdownTable(
        ['program', 'phicode (ms)', 'baseline', 'baseline (ms)', 'ratio', ...(BEFORE ? ['before (ms)', 'before ratio'] : [])],
        rows.map((r) => [
          r.label, r.phicode.toFixed(1), r.baselineName, r.baseline.toFixed(1), ratio(r.phicode, r.baseline),
          ...(r.before === undefined ? [] : [r.before.toFixed(1), ratio(r.before, r.baseline)]),
        ]),
      ),
    )
    console.log(`\nmedians of ${runs} interleaved runs after a warm-up round; load average ${load} at the end; ${python}`)
    if (BEFORE) console.log(`before: ${BEFORE}, timed in the same rounds, in a copy of the projects of its own`)
    console.log(`projects in ${dir}; the folders above it hold ${listed} entries, listed by Bun on every run of both sides`)
    console.log(`page cache: ${cache}; phicode${BEFORE ? ' and the build before' : ''} timed as two copies each around one of bun, written just before, python3 as installed`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
