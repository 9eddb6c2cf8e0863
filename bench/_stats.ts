/** Timing helpers shared by the benchmarks: medians of several runs, never single samples. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Times `fn` `runs` times (after one warm-up) and returns the per-run milliseconds. */
export function timeRuns(fn: () => unknown, runs: number): number[] {
  fn()
  const times: number[] = []
  for (let k = 0; k < runs; k++) {
    const start = Bun.nanoseconds()
    fn()
    times.push((Bun.nanoseconds() - start) / 1e6)
  }
  return times
}

/** Markdown table from rows of cells. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}
