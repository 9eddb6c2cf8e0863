/** Start-to-exit of a hello world per runtime, beside the same program on the plain runtime. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { figure } from '../_figure'
import { interleaved, type Variant } from '../proc'
import { timeBox, type Scenario, type ScenarioContext } from '../_scenario'
import { bunCommand, pythonCommand } from '../_tools'

interface Pair {
  id: string
  label: string
  runtime: string
  phicode: Variant
  baseline: { label: string; variant: Variant }
}

function pairs(ctx: ScenarioContext): Pair[] {
  const { tools, work } = ctx
  const at = (cmd: string[]): Variant => ({ cmd, cwd: work })
  const pair = (id: string, label: string, runtime: string, words: string[], baseline: Pair['baseline']): Pair =>
    ({ id: `startup.${id}`, label, runtime, phicode: at([...tools.phicode, ...words]), baseline })
  const out: Pair[] = [
    pair('version', 'phicode --version', 'bun', ['--version'], { label: 'bun --version', variant: bunCommand(tools, ['--version'], work) }),
    pair('typescript.bun', 'hello.φ, TypeScript on Bun', 'bun', ['hello_ts.φ'], { label: 'bun hello.ts', variant: bunCommand(tools, ['hello.ts'], work) }),
  ]
  if (tools.python) {
    out.push(pair('python.cpython', 'hello.φ, Python on CPython', 'cpython', ['--cpython', 'hello_py.φ'], { label: 'python3 hello.py', variant: pythonCommand(tools.python, ['hello.py'], work) }))
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
  description: 'hello world per runtime (Bun, CPython, PyPy, Node) beside plain bun / python3 / pypy3 / node',
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
      timeBox(ctx, 6, 10),
      (done, max) => ctx.step(`${list.length} runtimes, round ${done} (of at most ${max})`),
    )
    return list.map((p, k) =>
      figure({ id: p.id, label: p.label, unit: 'ms', params: { runtime: p.runtime } }, samples[2 * k]!, {
        label: p.baseline.label,
        samples: samples[2 * k + 1]!,
      }),
    )
  },
}
