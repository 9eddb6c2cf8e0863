import { measured } from './stats'
import type { Figure, Unit } from './types'

export interface FigureSpec {
  id: string
  label: string
  unit: Unit
  params?: Record<string, string | number>
}

/** MB/s is better higher; times are better lower. */
const BETTER: Record<Unit, Figure['better']> = { ms: 'lower', 'MB/s': 'higher' }

/** A figure from its samples and, when it has one, its baseline's samples of the same rounds. */
export function figure(spec: FigureSpec, samples: number[], baseline?: { label: string; samples: number[] }): Figure {
  const own = measured(samples)
  const base = baseline && measured(baseline.samples)
  return {
    id: spec.id,
    label: spec.label,
    unit: spec.unit,
    better: BETTER[spec.unit],
    params: spec.params ?? {},
    ...own,
    baseline: base ? { label: baseline.label, ...base, ratio: Number((own.median / base.median).toPrecision(4)) } : null,
  }
}

/** Per-call milliseconds of a `bytes`-long input as MB/s. */
export const throughput = (bytes: number, times: number[]): number[] => times.map((ms) => bytes / 1e6 / (ms / 1e3))
