/**
 * The comparison's statistics on generated samples (seeded): noise of a busy machine is not
 * flagged, a real slowdown is, and a slowdown its baseline shares is a shift.
 */
import { describe, expect, test } from 'bun:test'
import { compareFigure, type Figure } from '../../../src/bench'
import { mad, median } from '../../../src/bench/stats'

function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Timing noise as a busy machine makes it: ±10% (log-normal), and one run in twenty 1.5–3× slow.
 * A figure gets it twice: once its own, once from the load of its round (shared with its baseline).
 */
function noisy(next: () => number, value: number): number {
  const gauss = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())
  const spike = next() < 0.05 ? 1.5 + 1.5 * next() : 1
  return value * Math.exp(0.1 * gauss) * spike
}

/** A figure of `n` rounds: round load hits the figure and its baseline alike, as interleaving does. */
function run(next: () => number, n: number, own: number, base: number): Figure {
  const samples: number[] = []
  const baseline: number[] = []
  for (let k = 0; k < n; k++) {
    const load = noisy(next, 1)
    samples.push(noisy(next, own) * load)
    baseline.push(noisy(next, base) * load)
  }
  const summary = (s: number[]) => ({ n: s.length, median: median(s), mad: mad(s), min: Math.min(...s), max: Math.max(...s), samples: s })
  return {
    id: 'x', label: 'x', unit: 'ms', better: 'lower', params: {},
    ...summary(samples),
    baseline: { label: 'plain', ratio: median(samples) / median(baseline), ...summary(baseline) },
  }
}

const verdicts = (trials: number, make: (next: () => number) => [Figure, Figure]) => {
  const next = random(42)
  const counts: Record<string, number> = {}
  for (let t = 0; t < trials; t++) {
    const verdict = compareFigure(...make(next))!.verdict
    counts[verdict] = (counts[verdict] ?? 0) + 1
  }
  return counts
}

describe('compareFigure', () => {
  test('two runs of the same thing: no regression in 1000 pairs, whatever the round count', () => {
    for (const n of [5, 9, 15]) {
      const counts = verdicts(1000, (next) => [run(next, n, 100, 60), run(next, n, 100, 60)])
      expect([n, counts.regression ?? 0]).toEqual([n, 0])
    }
  })

  test('a machine slower as a whole (figure and baseline 1.6×) is a shift or noise, a regression at most 1 in 200', () => {
    const counts = verdicts(1000, (next) => [run(next, 9, 100, 60), run(next, 9, 160, 96)])
    expect(counts.regression ?? 0).toBeLessThanOrEqual(5)
    expect(counts.shift ?? 0).toBeGreaterThan(800)
  })

  test('over 9 rounds: the figure alone 2× slower is a regression (2× faster an improvement), 1.6× mostly', () => {
    expect(verdicts(1000, (next) => [run(next, 9, 100, 60), run(next, 9, 200, 60)]).regression ?? 0).toBeGreaterThan(950)
    expect(verdicts(1000, (next) => [run(next, 9, 200, 60), run(next, 9, 100, 60)]).improvement ?? 0).toBeGreaterThan(950)
    expect(verdicts(1000, (next) => [run(next, 9, 100, 60), run(next, 9, 160, 60)]).regression ?? 0).toBeGreaterThan(700)
  })

  test('throughput: lower MB/s is the regression', () => {
    const asThroughput = (f: Figure): Figure => ({ ...f, unit: 'MB/s', better: 'higher' })
    const counts = verdicts(500, (next) => [asThroughput(run(next, 9, 200, 60)), asThroughput(run(next, 9, 100, 60))])
    expect(counts.regression ?? 0).toBeGreaterThan(475)
  })

  test('too few samples, or another unit: not compared', () => {
    const next = random(1)
    expect(compareFigure(run(next, 2, 100, 60), run(next, 9, 100, 60))).toBeUndefined()
    expect(compareFigure(run(next, 9, 100, 60), { ...run(next, 9, 100, 60), unit: 'MB/s' })).toBeUndefined()
  })
})
