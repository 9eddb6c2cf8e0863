/**
 * Start-to-exit of `phicode` beside the plain runtimes, in one run, medians of interleaved runs:
 * hello world in each dialect, and a 200-module φ-Python project (warm) beside the same project
 * as plain .py.
 *   npm run build && bun bench/startup.ts [--runs 21] [--json]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pythonExecutable } from './python'
import { writeProject } from '../src/bench/projects'
import { interleaved, type Variant } from './_proc'
import { markdownTable } from './_stats'
import { BUN, flag, numberOption, PHICODE } from './_cli'

const runs = numberOption('--runs', 21)

const dir = mkdtempSync(join(tmpdir(), 'phicode-bench-'))
try {
  writeFileSync(join(dir, 'package.json'), '{}')
  writeFileSync(join(dir, 'hello_py.φ'), 'π("hello")\n')
  writeFileSync(join(dir, 'hello_py.py'), 'print("hello")\n')
  writeFileSync(join(dir, 'hello_ts.φ'), '// phicode: typescript\nπ("hello")\n')
  writeFileSync(join(dir, 'hello_ts.ts'), 'console.log("hello")\n')
  const project = writeProject(join(dir, 'project'), 'python', 200)
  const python = pythonExecutable()
  const env = { PHICODE_HOME: join(dir, 'home') }
  const pairs: Array<[string, Variant, Variant]> = [
    ['hello, typescript dialect', { name: 'phicode hello.φ', cmd: [PHICODE, 'hello_ts.φ'], cwd: dir, env }, { name: 'bun hello.ts', cmd: [BUN, 'hello_ts.ts'], cwd: dir }],
    ['hello, python dialect', { name: 'phicode hello.φ (py)', cmd: [PHICODE, 'hello_py.φ'], cwd: dir, env }, { name: 'python3 hello.py', cmd: [python, 'hello_py.py'], cwd: dir }],
    // Python's own bytecode cache on for the baseline (an empty value is unset; this machine sets it
    // globally), so both sides run warm.
    ['200 φ-Python modules (warm)', { name: 'phicode main.φ', cmd: [PHICODE, project.phi], cwd: dir, env }, { name: 'python3 main.py', cmd: [python, project.plain], cwd: dir, env: { PYTHONDONTWRITEBYTECODE: '' } }],
  ]
  const medians = interleaved(pairs.flatMap(([, a, b]) => [a, b]), runs)
  const rows = pairs.map(([label, a, b]) => ({ label, phicode: medians.get(a.name)!, baseline: medians.get(b.name)!, baselineName: b.name }))
  if (flag('--json')) console.log(JSON.stringify(rows, null, 2))
  else {
    console.log(
      markdownTable(
        ['program', 'phicode (ms)', 'baseline', 'baseline (ms)', 'ratio'],
        rows.map((r) => [r.label, r.phicode.toFixed(1), r.baselineName, r.baseline.toFixed(1), `${(r.phicode / r.baseline).toFixed(2)}×`]),
      ),
    )
    console.log(`\nmedians of ${runs} interleaved runs after a warm-up round`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
