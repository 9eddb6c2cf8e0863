/**
 * The Markdown report: the machine, then per scenario a Mermaid bar chart (each figure beside
 * its baseline and its previous value) and a table with the spreads and the verdicts.
 */
import type { BenchReport, Figure, FigureChange, ScenarioResult } from '../types'
import { formatBytes } from '../../util/bytes'
import { num, signed, VERDICT_TEXT, withUnit } from './_format'

const quote = (s: string) => `"${s.replaceAll('"', "'")}"`

interface Group {
  title: string
  /** Each figure with the name of its category in the chart. */
  figures: Array<{ figure: Figure; name: string }>
}

/** Throughput charts go per dialect and direction (one unit, comparable bars); others per scenario. */
function groups(scenario: ScenarioResult): Group[] {
  if (scenario.id !== 'transpile') return [{ title: scenario.title, figures: scenario.figures.map((figure) => ({ figure, name: figure.label })) }]
  const byTitle = new Map<string, Group>()
  for (const figure of scenario.figures) {
    const [title, ...rest] = figure.label.split(', ')
    const group = byTitle.get(title!) ?? { title: title!, figures: [] }
    group.figures.push({ figure, name: rest.join(', ') })
    byTitle.set(title!, group)
  }
  return [...byTitle.values()]
}

/** Previous run amber, phicode blue, baseline grey (the series' order): the bar's colour says what it is. */
const CHART_COLOURS = '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#e8a33d, #2f6fdb, #9aa3ad"}}}}%%'

/**
 * One bar series per kind (phicode, baseline, previous), each zero outside its own categories:
 * the bars never overlap and each kind keeps its colour.
 */
function mermaidChart(group: Group, changes: Map<string, FigureChange>): string {
  const categories: string[] = []
  // Drawn in this order; a zero still draws a sliver at the axis, which the last series covers:
  // grey slivers read as the axis, amber or blue ones would read as figures.
  const series: Record<'previous' | 'own' | 'baseline', number[]> = { previous: [], own: [], baseline: [] }
  const add = (name: string, kind: keyof typeof series, value: number) => {
    categories.push(name)
    for (const k of Object.keys(series) as Array<keyof typeof series>) series[k].push(k === kind ? Number(num(value)) : 0)
  }
  for (const { figure, name } of group.figures) {
    add(`${name} · phicode`, 'own', figure.median)
    if (figure.baseline) add(`${name} · ${figure.baseline.label}`, 'baseline', figure.baseline.median)
    const change = changes.get(figure.id)
    if (change) add(`${name} · previous`, 'previous', change.previous_median)
  }
  const f = group.figures[0]!.figure
  const top = Math.max(...Object.values(series).flat())
  const lines = [
    CHART_COLOURS,
    'xychart-beta horizontal',
    `    title ${quote(`${group.title} (${f.unit}, ${f.better} is better)`)}`,
    `    x-axis [${categories.map(quote).join(', ')}]`,
    // From 0, so a zero is no bar at all (an automatic range starts below the smallest value).
    `    y-axis ${quote(f.unit)} 0 --> ${num(top * 1.05)}`,
  ]
  // All three series always, so each keeps its colour.
  for (const values of Object.values(series)) lines.push(`    bar [${values.join(', ')}]`)
  return ['```mermaid', ...lines, '```'].join('\n')
}

const spread = (f: { median: number; mad: number }, unit: Figure['unit']) => `${withUnit(f.median, unit)} ± ${num(f.mad)}`

function row(f: Figure, change: FigureChange | undefined): string[] {
  const b = f.baseline
  const previous = change
    ? `${withUnit(change.previous_median, f.unit)}: ${signed(change.change_pct)} (noise ±${change.noise_pct.toFixed(1)}%), ${VERDICT_TEXT[change.verdict]}`
    : '—'
  return [f.label, spread(f, f.unit), b ? `${spread(b, f.unit)} (${b.label})` : '—', b ? `${b.ratio.toFixed(2)}×` : '—', previous]
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

function scenarioSection(s: ScenarioResult, changes: Map<string, FigureChange>): string {
  const parts = [`## ${s.title}`, '']
  if (s.status !== 'ok') parts.push(`*${s.status}*: ${s.notes.join(' ')}`, '')
  else {
    for (const group of groups(s)) parts.push(mermaidChart(group, changes), '')
    parts.push(
      table(
        ['figure', 'phicode (median ± MAD)', 'baseline', 'ratio', 'previous run'],
        s.figures.map((f) => row(f, changes.get(f.id))),
      ),
      '',
    )
    for (const note of s.notes) parts.push(`- ${note}`)
    if (s.notes.length) parts.push('')
  }
  return parts.join('\n')
}

function summary(report: BenchReport): string {
  const c = report.comparison
  if (!c) return 'First run in this project: nothing to compare with yet.'
  const other = c.same_machine ? '' : ' It ran on another machine: the changes are shown, not counted.'
  return `Compared with the run of ${c.previous_started_at} (\`${c.previous}\`): ${c.regressions} regression(s), ${c.improvements} improvement(s) beyond the measured noise.${other}`
}

export function toMarkdown(report: BenchReport): string {
  const fp = report.fingerprint
  const changes = new Map(report.comparison?.figures.map((c) => [c.id, c]))
  const p = report.phicode
  const runtimes = [`Bun ${fp.runtimes.bun}`, `Python ${fp.runtimes.python ?? '—'}`, `PyPy ${fp.runtimes.pypy ?? '—'}`, `Node ${fp.runtimes.node ?? '—'}`]
  return [
    `# phicode benchmark, ${report.started_at}`,
    '',
    `phicode ${p.version} (${p.commit}, Bun ${p.bun}, ${p.target}) · ${report.mode} run · ${(report.duration_ms / 1000).toFixed(1)} s`,
    '',
    summary(report),
    '',
    table(
      ['system', ''],
      [
        ['OS', `${fp.os.name} (${fp.os.platform} ${fp.os.arch}, ${fp.os.release})`],
        ['CPU', `${fp.cpu.model}, ${fp.cpu.cores} cores${fp.cpu.speed_mhz ? `, ${fp.cpu.speed_mhz} MHz` : ''}`],
        ['memory', formatBytes(fp.memory_bytes)],
        ['load average at start', fp.load_average.join(' / ')],
        ['runtimes', runtimes.join(' · ')],
      ],
    ),
    '',
    'Each figure is the median of interleaved rounds, ± the median absolute deviation; its baseline was measured in the same rounds. A change from the previous run counts only beyond the noise of both runs. In the charts, blue is phicode, grey its baseline, amber the previous run.',
    '',
    ...report.scenarios.map((s) => scenarioSection(s, changes)),
  ].join('\n')
}
