/**
 * Plants, one at a time, the five defects issue 19 found the suite blind to, and runs the tests
 * meant to catch each: every one must fail. It works on a detached worktree of HEAD (this
 * checkout is never touched), so it shows what the committed suite catches.
 *
 *   bun mutation/planted.ts [--json]
 *
 * A defect whose text is no longer in its file is reported as not planted, and the run fails:
 * the list must follow the code, or it would prove nothing. The same tests are first run with no
 * defect and must pass, so a failure is the defect's and not the worktree's.
 */
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

interface Defect {
  name: string
  file: string
  find: string
  replace: string
  tests: string[]
}

const DEFECTS: Defect[] = [
  {
    name: 'python ⭱/⭳ swapped',
    file: 'src/transpile/symbols.ts',
    find: "['⭱', 'max'], ['⭳', 'min']",
    replace: "['⭱', 'min'], ['⭳', 'max']",
    tests: ['test/unit/transpile/symbol-table.test.ts', 'test/unit/transpile/tables.test.ts', 'test/e2e/runtime/glyphs.test.ts'],
  },
  {
    name: '/execute answers 500 for code the scanner cannot read',
    file: 'src/server/routes/execute.ts',
    find: 'throw new HttpError(422, `code cannot be scanned',
    replace: 'throw new HttpError(500, `code cannot be scanned',
    tests: ['test/e2e/server/guarantees.test.ts'],
  },
  {
    name: 'py-kill no longer matches os.kill',
    file: 'src/security/rules.ts',
    find: "member('os', 'kill|killpg')",
    replace: "member('os', 'killpg')",
    tests: ['test/unit/security/rules.test.ts'],
  },
  {
    name: "the sandbox inherits the server's environment (PHICODE_API_TOKEN)",
    file: 'src/server/sandbox/_run.ts',
    find: 'const env: Record<string, string> = {\n',
    replace: 'const env: Record<string, string> = {\n      ...(process.env as Record<string, string>),\n',
    tests: ['test/e2e/server/guarantees.test.ts'],
  },
  {
    name: "the converter's fast path deleted",
    file: 'src/transpile/convert.ts',
    find: "  if (direction === 'forward' && !table.detect.test(source)) return { code: source, symbolsUsed: [] }\n",
    replace: '',
    tests: ['test/unit/transpile/fast-path.test.ts'],
  },
]

interface Result {
  defect: string
  planted: boolean
  caught: boolean
  /** Tests that failed with the defect in place. */
  failed: number
}

const ROOT = resolve(import.meta.dir, '..')
const BUN = process.execPath

function git(cwd: string, ...args: string[]): void {
  const r = Bun.spawnSync(['git', ...args], { cwd, stdout: 'ignore', stderr: 'pipe' })
  if (!r.success) throw new Error(`git ${args.join(' ')}: ${r.stderr.toString().trim()}`)
}

/** Runs test files in the worktree; the test helpers rebuild dist/phicode when a source is newer than it. */
function runTests(work: string, tests: string[]): { success: boolean; failed: number; output: string } {
  const run = Bun.spawnSync([BUN, 'test', '--timeout', '60000', ...tests], { cwd: work, stdout: 'pipe', stderr: 'pipe', env: { ...process.env, CI: 'true' } })
  const output = run.stdout.toString() + run.stderr.toString()
  return { success: run.success, failed: Number(/^\s*(\d+) fail$/m.exec(output)?.[1] ?? 0), output }
}

function tryDefect(work: string, defect: Defect): Result {
  const path = join(work, defect.file)
  const original = readFileSync(path, 'utf8')
  if (!original.includes(defect.find)) return { defect: defect.name, planted: false, caught: false, failed: 0 }
  writeFileSync(path, original.replace(defect.find, defect.replace))
  try {
    const { success, failed } = runTests(work, defect.tests)
    return { defect: defect.name, planted: true, caught: !success && failed > 0, failed }
  } finally {
    writeFileSync(path, original)
  }
}

function plantAll(): Result[] {
  const work = join(tmpdir(), `phicode-planted-${process.pid}`)
  git(ROOT, 'worktree', 'add', '--detach', work, 'HEAD')
  try {
    if (!existsSync(join(work, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'))
    const control = runTests(work, [...new Set(DEFECTS.flatMap((d) => d.tests))])
    if (!control.success) throw new Error(`the tests fail with no defect planted:\n${control.output}`)
    return DEFECTS.map((defect) => {
      if (!json) console.error(`planting: ${defect.name} …`)
      return tryDefect(work, defect)
    })
  } finally {
    rmSync(work, { recursive: true, force: true })
    git(ROOT, 'worktree', 'prune')
  }
}

const json = process.argv.includes('--json')
const results = plantAll()
if (json) console.log(JSON.stringify(results, null, 2))
else {
  for (const r of results) {
    const verdict = !r.planted ? 'NOT PLANTED (its text is gone: update mutation/planted.ts)' : r.caught ? `caught (${r.failed} failing)` : 'MISSED'
    console.log(`${verdict.padEnd(22)}  ${r.defect}`)
  }
}
process.exitCode = results.every((r) => r.planted && r.caught) ? 0 : 1
