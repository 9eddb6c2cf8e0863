/** Timing helpers shared by the benchmarks: medians of several runs, never single samples. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export interface RunPlan {
  /** Untimed calls of each function first, until this many milliseconds have passed (JIT tiers settle). */
  warmupMs: number
  /** Timed rounds: at least `minRuns`, and more until `minMs` milliseconds have passed. */
  minRuns: number
  minMs: number
}

/**
 * Times several functions in alternation, one call of each per round, so that the noise of a
 * shared machine falls on all of them alike. Returns the per-call milliseconds of each.
 */
export function timeInterleaved(fns: Array<() => unknown>, plan: RunPlan): number[][] {
  const warmupEnd = Bun.nanoseconds() + plan.warmupMs * 1e6
  do for (const fn of fns) fn()
  while (Bun.nanoseconds() < warmupEnd)
  const times: number[][] = fns.map(() => [])
  const end = Bun.nanoseconds() + plan.minMs * 1e6
  for (let round = 0; round < plan.minRuns || Bun.nanoseconds() < end; round++) {
    fns.forEach((fn, k) => {
      const start = Bun.nanoseconds()
      fn()
      times[k]!.push((Bun.nanoseconds() - start) / 1e6)
    })
  }
  return times
}

/** Markdown table from rows of cells. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}
