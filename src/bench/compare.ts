/**
 * Comparison with the previous run. Timing noise multiplies (a busy machine makes everything
 * slower by a factor), so runs are compared on the logarithms of their samples. A change counts
 * only beyond the noise both runs measured: Z standard errors of the difference of the medians,
 * each error estimated from its samples' median absolute deviation. A figure with a baseline
 * must also have moved relative to it, round by round; if the baseline moved alike, the machine
 * or the workload changed, not phicode.
 */
import { mad, median } from './stats'
import { sameMachine } from './fingerprint'
import type { BenchReport, Comparison, Figure, FigureChange, Verdict } from './types'

/** Standard errors a change must exceed: at 3, runs of the same code are not told apart (test/unit/bench/compare.test.ts). */
const Z = 3
const MIN_SAMPLES = 3

/** Standard error of a median: MAD × 1.4826 estimates σ of normal noise; a median's error is √(π/2) σ/√n. */
const medianError = (values: readonly number[]) => (1.4826 * mad(values) * Math.sqrt(Math.PI / 2)) / Math.sqrt(values.length)

interface Shift {
  /** Percent change of the median. */
  change: number
  /** The smallest change, in percent, that the noise lets count. */
  noise: number
  direction: 'worse' | 'better' | 'same'
}

function shift(previous: readonly number[], current: readonly number[], better: Figure['better']): Shift {
  const [before, after] = [previous.map(Math.log), current.map(Math.log)]
  const delta = median(after) - median(before)
  // A MAD of few samples is itself uncertain: fewer rounds need a wider margin.
  const margin = Z * (1 + 1 / (Math.min(before.length, after.length) - 1))
  const noise = margin * Math.hypot(medianError(before), medianError(after))
  const worse = better === 'lower' ? delta : -delta
  const direction = Math.abs(delta) <= noise ? 'same' : worse > 0 ? 'worse' : 'better'
  return { change: (median(current) / median(previous) - 1) * 100, noise: Math.expm1(noise) * 100, direction }
}

/** figure / baseline, round by round; undefined unless both have samples of the same rounds. */
function relative(f: Figure): number[] | undefined {
  const b = f.baseline
  if (!b || b.samples.length !== f.samples.length) return undefined
  return f.samples.map((v, k) => v / b.samples[k]!)
}

const pct = (v: number) => Number(v.toFixed(2))

export function compareFigure(previous: Figure, current: Figure): FigureChange | undefined {
  if (previous.unit !== current.unit || previous.samples.length < MIN_SAMPLES || current.samples.length < MIN_SAMPLES) return undefined
  const raw = shift(previous.samples, current.samples, current.better)
  const [prevRel, curRel] = [relative(previous), relative(current)]
  const sameBaseline = prevRel && curRel && previous.baseline!.label === current.baseline!.label
  const rel = sameBaseline ? shift(prevRel, curRel, current.better) : undefined
  let verdict: Verdict = 'unchanged'
  if (raw.direction !== 'same') {
    const matches = !rel || rel.direction === raw.direction
    verdict = !matches ? 'shift' : raw.direction === 'worse' ? 'regression' : 'improvement'
  }
  return {
    id: current.id,
    verdict,
    previous_median: previous.median,
    change_pct: pct(raw.change),
    noise_pct: pct(raw.noise),
    relative_change_pct: rel ? pct(rel.change) : null,
    relative_noise_pct: rel ? pct(rel.noise) : null,
  }
}

/** `previousDir` names the earlier run (its directory). */
export function compareReports(previous: BenchReport, current: BenchReport, previousDir: string): Comparison {
  const before = new Map(previous.scenarios.flatMap((s) => s.figures).map((f) => [f.id, f]))
  const same = sameMachine(previous.fingerprint, current.fingerprint)
  const figures: FigureChange[] = []
  for (const f of current.scenarios.flatMap((s) => s.figures)) {
    const p = before.get(f.id)
    const change = p && compareFigure(p, f)
    if (change) figures.push(change)
  }
  // Figures of another machine are listed, never counted.
  const count = (verdict: Verdict) => (same ? figures.filter((f) => f.verdict === verdict).length : 0)
  return {
    previous: previousDir,
    previous_started_at: previous.started_at,
    same_machine: same,
    regressions: count('regression'),
    improvements: count('improvement'),
    figures,
  }
}
