/** Timing helpers shared by the benchmarks: the suite's own (src/bench), plus Markdown tables. */
export { median, timeInterleaved, type RunPlan } from '../src/bench/stats'

/** Markdown table from rows of cells. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}
