/** Robust statistics for noisy machines: medians and median absolute deviations, never means. */
import type { Measured, Summary } from './types'

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Median absolute deviation: the spread half the samples stay within, unmoved by outliers. */
export function mad(values: readonly number[]): number {
  const m = median(values)
  return median(values.map((v) => Math.abs(v - m)))
}

function summarize(samples: readonly number[]): Summary {
  return { n: samples.length, median: median(samples), mad: mad(samples), min: Math.min(...samples), max: Math.max(...samples) }
}

const round = (v: number) => Number(v.toPrecision(6))

export function measured(samples: readonly number[]): Measured {
  const s = summarize(samples)
  return { n: s.n, median: round(s.median), mad: round(s.mad), min: round(s.min), max: round(s.max), samples: samples.map(round) }
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
 * shared machine falls on all of them alike. Returns the per-call milliseconds of each; sample k
 * of every function comes from the same round.
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
