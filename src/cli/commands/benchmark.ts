import { createProgress, runBenchmark, SCENARIOS, type BenchReport, type ScenarioId } from '../../bench'
import { EXIT, PhicodeError } from '../../errors'
import { logger, printJson } from '../output'

export interface BenchmarkArgs {
  module?: string
  full?: boolean
  scenarios?: string
  json?: boolean
}

const IDS = SCENARIOS.map((s) => s.id)

function parseScenarios(list: string): ScenarioId[] {
  const asked = list.split(',').map((s) => s.trim()).filter(Boolean)
  const unknown = asked.find((s) => !IDS.includes(s as ScenarioId))
  if (unknown !== undefined || asked.length === 0) {
    throw new PhicodeError(`--scenarios: ${unknown === undefined ? 'none given' : `unknown scenario ${unknown}`} (choose from ${IDS.join(', ')})`, EXIT.USAGE)
  }
  return asked as ScenarioId[]
}

/** In a terminal, the user picks; everything runs for scripts, CI and --json. */
async function choose(args: BenchmarkArgs): Promise<ScenarioId[] | undefined> {
  if (args.scenarios !== undefined) return parseScenarios(args.scenarios)
  if (args.json || !process.stdin.isTTY || !process.stdout.isTTY || process.env.CI) return undefined
  // Only here, and required rather than imported: the full consola (prompts) costs 25-35 ms to
  // load, and the bundle would hoist its node:tty/readline/util imports into every start.
  const { consola } = require('consola') as typeof import('consola')
  const picked = await consola.prompt('Which benchmarks? (space toggles, enter runs)', {
    type: 'multiselect',
    options: SCENARIOS.map((s) => ({ value: s.id, label: s.title, hint: s.description })),
    initial: [...IDS],
    required: true,
    cancel: 'null',
  })
  if (picked === null) throw new PhicodeError('benchmark cancelled', EXIT.USAGE)
  return (picked as Array<string | { value: string }>).map((p) => (typeof p === 'string' ? p : p.value)) as ScenarioId[]
}

function printSummary(report: BenchReport): void {
  const changes = new Map(report.comparison?.figures.map((c) => [c.id, c]))
  const lines: string[] = []
  for (const s of report.scenarios) {
    lines.push(`${s.title}${s.status === 'ok' ? '' : `: ${s.status} (${s.notes[0] ?? ''})`}`)
    for (const f of s.figures) {
      const base = f.baseline ? `  ${f.baseline.ratio.toFixed(2)}× ${f.baseline.label} (${f.baseline.median.toPrecision(3)})` : ''
      const change = changes.get(f.id)
      const prev = change && change.verdict !== 'unchanged' ? `  [${change.verdict} ${change.change_pct > 0 ? '+' : ''}${change.change_pct}%]` : ''
      lines.push(`  ${f.label.padEnd(52)} ${f.median.toPrecision(3).padStart(8)} ${f.unit.padEnd(4)}${base}${prev}`)
    }
    if (s.status === 'ok') for (const note of s.notes) lines.push(`  · ${note}`)
  }
  process.stdout.write(lines.join('\n') + '\n')
  const c = report.comparison
  if (c) logger.info(`vs ${c.previous}: ${c.regressions} regression(s), ${c.improvements} improvement(s) beyond the noise${c.same_machine ? '' : ' (another machine: not counted)'}`)
  if (report.results_dir) logger.info(`reports: ${report.results_dir}/ (report.md, results.json, results.csv)`)
}

export async function benchmarkCommand(args: BenchmarkArgs): Promise<number> {
  if (args.module !== undefined) throw new PhicodeError(`--benchmark takes no module (${args.module}): put your own benchmarks in .(φ)/benchmarks/`, EXIT.USAGE)
  const scenarios = await choose(args)
  const report = await runBenchmark({ full: args.full === true, scenarios, cwd: process.cwd(), progress: createProgress() })
  if (args.json) printJson(report)
  else printSummary(report)
  return 0
}
