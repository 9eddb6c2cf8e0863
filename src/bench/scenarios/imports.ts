/**
 * Import burst: a generated project of hundreds of φ modules importing one another, run warm,
 * beside the same project as plain code on the plain runtime.
 */
import { join } from 'node:path'
import { figure } from '../_figure'
import { interleaved, type Variant } from '../proc'
import { writeProject } from '../projects'
import { timeBox, type Scenario } from '../_scenario'
import { bunCommand, pythonCommand } from '../_tools'
import type { Figure } from '../types'

export const importsScenario: Scenario = {
  id: 'imports',
  title: 'Import burst',
  description: 'hundreds of φ modules imported by one program, beside the same modules as plain .py / .ts',
  async run(ctx) {
    const { tools, work } = ctx
    const count = ctx.full ? 400 : 250
    const figures: Figure[] = []
    const variants: Array<{ id: string; label: string; dialect: string; phicode: Variant; baseline: Variant; baselineLabel: string }> = []
    const ts = writeProject(join(work, 'typescript'), 'typescript', count)
    variants.push({
      id: `imports.typescript.${count}`,
      label: `${count} φ-TypeScript modules`,
      dialect: 'typescript',
      phicode: { cmd: [...tools.phicode, ts.phi], cwd: work },
      baseline: bunCommand(tools, [ts.plain], work),
      baselineLabel: `bun, ${count} .ts`,
    })
    if (tools.python) {
      const py = writeProject(join(work, 'python'), 'python', count)
      variants.push({
        id: `imports.python.${count}`,
        label: `${count} φ-Python modules`,
        dialect: 'python',
        phicode: { cmd: [...tools.phicode, py.phi], cwd: work },
        baseline: pythonCommand(tools.python, [py.plain], work),
        baselineLabel: `python3, ${count} .py`,
      })
    } else ctx.note('python3 not found: the φ-Python import burst is not measured')
    const samples = interleaved(
      variants.flatMap((v) => [v.phicode, v.baseline]),
      timeBox(ctx, 6, 10),
      (done, max) => ctx.step(`${count} modules, round ${done} (of at most ${max})`),
    )
    variants.forEach((v, k) => {
      figures.push(
        figure({ id: v.id, label: v.label, unit: 'ms', params: { dialect: v.dialect, modules: count } }, samples[2 * k]!, {
          label: v.baselineLabel,
          samples: samples[2 * k + 1]!,
        }),
      )
    })
    ctx.note('Warm runs (after an untimed one): what a program costs to start on every run after its first.')
    return figures
  },
}
