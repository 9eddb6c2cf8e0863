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
  async run({ tools, work, full, step, note }) {
    const count = full ? 400 : 250
    const figures: Figure[] = []
    const variants: Array<{ id: string; label: string; dialect: string; phicode: Variant; baseline: Variant; baselineLabel: string }> = []
    /** One dialect's generated project: the φ copy on phicode, the plain copy run by `baseline`. */
    const burst = (dialect: 'python' | 'typescript', name: string, baselineLabel: string, baseline: (plain: string) => Variant) => {
      const project = writeProject(join(work, dialect), dialect, count)
      variants.push({
        id: `imports.${dialect}.${count}`,
        label: `${count} φ-${name} modules`,
        dialect,
        phicode: { cmd: [...tools.phicode, project.phi], cwd: work },
        baseline: baseline(project.plain),
        baselineLabel,
      })
    }
    burst('typescript', 'TypeScript', `bun, ${count} .ts`, (plain) => bunCommand(tools, [plain], work))
    const { python } = tools
    if (python) burst('python', 'Python', `python3, ${count} .py`, (plain) => pythonCommand(python, [plain], work))
    else note('python3 not found: the φ-Python import burst is not measured')
    const samples = interleaved(
      variants.flatMap((v) => [v.phicode, v.baseline]),
      timeBox(full, 6, 10),
      (done, max) => step(`${count} modules, round ${done} (of at most ${max})`),
    )
    variants.forEach((v, k) => {
      figures.push(
        figure({ id: v.id, label: v.label, unit: 'ms', params: { dialect: v.dialect, modules: count } }, samples[2 * k]!, {
          label: v.baselineLabel,
          samples: samples[2 * k + 1]!,
        }),
      )
    })
    note('Warm runs (after an untimed one): what a program costs to start on every run after its first.')
    return figures
  },
}
