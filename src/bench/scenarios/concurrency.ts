/**
 * Concurrent runs: K phicode processes started at once on one project (sharing its cache), the
 * time until the last exits, beside K plain runs of the same program.
 */
import { join } from 'node:path'
import { figure } from '../_figure'
import { anotherRound, timeTogether, type Command } from '../proc'
import { writeProject } from '../projects'
import { timeBox, type Scenario } from '../_scenario'
import { bunCommand, nodeOs, pythonCommand } from '../_tools'
import type { Figure } from '../types'

interface Case {
  id: string
  label: string
  params: Record<string, string | number>
  phicode: Command[]
  baseline: Command[]
  baselineLabel: string
}

export const concurrencyScenario: Scenario = {
  id: 'concurrency',
  title: 'Concurrent runs',
  description: 'K φ programs started at once on one project and cache, beside K plain runs',
  async run({ tools, work, full, step, note }) {
    const cores = nodeOs().availableParallelism()
    const k = 2 * cores
    const modules = 8
    const times = <T>(c: T): T[] => Array.from({ length: k }, () => c)
    const ts = writeProject(join(work, 'typescript'), 'typescript', modules)
    const cases: Case[] = [
      {
        id: `concurrency.typescript.${k}`,
        label: `${k} × φ-TypeScript at once`,
        params: { dialect: 'typescript', processes: k, modules },
        phicode: times({ cmd: [...tools.phicode, ts.phi], cwd: work }),
        baseline: times(bunCommand(tools, [ts.plain], work)),
        baselineLabel: `${k} × bun at once`,
      },
    ]
    if (tools.python) {
      const py = writeProject(join(work, 'python'), 'python', modules)
      cases.push({
        id: `concurrency.python.${k}`,
        label: `${k} × φ-Python at once`,
        params: { dialect: 'python', processes: k, modules },
        phicode: times({ cmd: [...tools.phicode, py.phi], cwd: work }),
        baseline: times(pythonCommand(tools.python, [py.plain], work)),
        baselineLabel: `${k} × python3 at once`,
      })
    } else note('python3 not found: concurrent φ-Python runs are not measured')
    const plan = timeBox(full, 6, 10, 4)
    const samples = cases.map(() => [[] as number[], [] as number[]] as const)
    const start = performance.now()
    // Round 0 warms the caches up and is not kept.
    for (let round = 0; round === 0 || anotherRound(plan, round - 1, performance.now() - start); round++) {
      step(`${k} processes at once, round ${round} (of at most ${plan.max})`)
      for (const [i, c] of cases.entries()) {
        const own = await timeTogether(c.phicode)
        const base = await timeTogether(c.baseline)
        if (round > 0) {
          samples[i]![0].push(own)
          samples[i]![1].push(base)
        }
      }
    }
    note(`Wall time until the last of K processes exits, on ${cores} cores.`)
    return cases.map((c, i): Figure => figure({ id: c.id, label: c.label, unit: 'ms', params: c.params }, samples[i]![0], { label: c.baselineLabel, samples: samples[i]![1] }))
  },
}
