/**
 * Start-to-exit of phicode beside the plain runtimes (issue 16's table): `--version` beside an
 * empty program compiled with the same flags, a hello world per runtime beside the same program
 * on the plain runtime, and a 200-module project per dialect, warm, beside its plain copy.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { COMPILE_FLAGS } from '../../compile-flags'
import { figure } from '../_figure'
import { CommandFailed, commandEnv, interleaved, type Variant } from '../proc'
import { writeProject } from '../projects'
import { timeBox, type Scenario, type ScenarioContext } from '../_scenario'
import { bunCommand, nodeOs, pythonCommand } from '../_tools'

interface Pair {
  id: string
  label: string
  params: Record<string, string | number>
  phicode: Variant
  baseline: { label: string; variant: Variant }
}

/** Modules of the warm project rows. */
const MODULES = 200

/** An empty program compiled as phicode is (this executable acts as `bun build`): what any compiled Bun binary costs. */
function compileEmpty(ctx: ScenarioContext): string {
  const { tools, work } = ctx
  writeFileSync(join(work, 'empty.ts'), 'export {}\n')
  const outfile = join(work, 'empty')
  const r = Bun.spawnSync([...tools.bun.cmd, 'build', join(work, 'empty.ts'), ...COMPILE_FLAGS, `--outfile=${outfile}`], {
    cwd: work,
    env: commandEnv(tools.bun.env),
    stdout: 'ignore',
    stderr: 'pipe',
  })
  if (!r.success) throw new CommandFailed(`compiling an empty program failed: ${r.stderr.toString().trim().slice(0, 300)}`)
  return outfile
}

function pairs(ctx: ScenarioContext): Pair[] {
  const { tools, work } = ctx
  const at = (cmd: string[]): Variant => ({ cmd, cwd: work })
  const pair = (id: string, label: string, runtime: string, words: string[], baseline: Pair['baseline']): Pair =>
    ({ id: `startup.${id}`, label, params: { runtime }, phicode: at([...tools.phicode, ...words]), baseline })
  const out: Pair[] = [
    pair('version', 'phicode --version', 'bun', ['--version'], { label: 'empty compiled program', variant: at([compileEmpty(ctx)]) }),
    pair('typescript.bun', 'hello.φ, TypeScript on Bun', 'bun', ['hello_ts.φ'], { label: 'bun hello.ts', variant: bunCommand(tools, ['hello.ts'], work) }),
  ]
  const ts = writeProject(join(work, 'ts-project'), 'typescript', MODULES)
  out.push({
    ...pair(`typescript.${MODULES}`, `${MODULES} φ-TypeScript modules, warm`, 'bun', [ts.phi], { label: `bun main.ts, ${MODULES} .ts`, variant: bunCommand(tools, [ts.plain], work) }),
    params: { runtime: 'bun', modules: MODULES },
  })
  const { python } = tools
  if (python) {
    out.push(pair('python.cpython', 'hello.φ, Python on CPython', 'cpython', ['--cpython', 'hello_py.φ'], { label: 'python3 hello.py', variant: pythonCommand(python, ['hello.py'], work) }))
    const py = writeProject(join(work, 'py-project'), 'python', MODULES)
    out.push({
      ...pair(`python.${MODULES}`, `${MODULES} φ-Python modules, warm`, 'cpython', ['--cpython', py.phi], {
        label: `python3 main.py, ${MODULES} .py, warm __pycache__`,
        variant: pythonCommand(python, [py.plain], work),
      }),
      params: { runtime: 'cpython', modules: MODULES },
    })
  } else ctx.note('python3 not found: the CPython start-up is not measured')
  if (tools.pypy) {
    out.push(pair('python.pypy', 'hello.φ, Python on PyPy', 'pypy', ['--pypy', 'hello_py.φ'], { label: 'pypy3 hello.py', variant: pythonCommand(tools.pypy, ['hello.py'], work) }))
  }
  if (tools.node) {
    out.push(pair('typescript.node', 'hello.φ, TypeScript on Node', 'node', ['--node', 'hello_ts.φ'], { label: 'node hello.mjs', variant: at([tools.node.path, 'hello.mjs']) }))
  }
  return out
}

export const startupScenario: Scenario = {
  id: 'startup',
  title: 'Start-up',
  description: `phicode --version beside an empty compiled program; hello world per runtime (Bun, CPython, PyPy, Node) and ${MODULES} modules per dialect (warm) beside plain bun / python3 / pypy3 / node`,
  async run(ctx) {
    const { work } = ctx
    writeFileSync(join(work, 'package.json'), '{"private": true}\n')
    writeFileSync(join(work, 'hello_ts.φ'), '// phicode: typescript\nπ("hello")\n')
    writeFileSync(join(work, 'hello_py.φ'), '# phicode: python\nπ("hello")\n')
    writeFileSync(join(work, 'hello.ts'), 'console.log("hello")\n')
    writeFileSync(join(work, 'hello.mjs'), 'console.log("hello")\n')
    writeFileSync(join(work, 'hello.py'), 'print("hello")\n')
    const list = pairs(ctx)
    const samples = interleaved(
      list.flatMap((p) => [p.phicode, p.baseline.variant]),
      timeBox(ctx.full, 8, 14),
      (done, max) => ctx.step(`${list.length} programs, round ${done} (of at most ${max})`),
    )
    ctx.note(`Medians of interleaved runs after an untimed warm-up round (so the ${MODULES}-module rows run warm); load average ${loadAverage()} when it ended.`)
    return list.map((p, k) =>
      figure({ id: p.id, label: p.label, unit: 'ms', params: p.params }, samples[2 * k]!, {
        label: p.baseline.label,
        samples: samples[2 * k + 1]!,
      }),
    )
  },
}

const loadAverage = (): string => nodeOs().loadavg().map((l) => l.toFixed(2)).join(', ')
