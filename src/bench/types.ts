/**
 * The benchmark report: what `phicode --benchmark --json` prints and what results.json holds.
 * docs/benchmark.schema.json is its JSON Schema; keep the two in step (a test checks).
 */

/** Bumped when a field changes meaning; runs of another version are not compared. */
export const SCHEMA_VERSION = 1

/** The hidden command that runs the API scenario's baseline server (bare-server.ts). */
export const BARE_SERVER_FLAG = '--bench-bare-server'

export type ScenarioId = 'transpile' | 'cache' | 'imports' | 'startup' | 'api' | 'concurrency' | 'user'

export type Unit = 'ms' | 'MB/s'

/** Order statistics of a set of samples: the median and its robust spread. */
export interface Summary {
  n: number
  median: number
  /** Median absolute deviation from the median, in the unit of the samples. */
  mad: number
  min: number
  max: number
}

export interface Measured extends Summary {
  /** Every sample, in the order taken. */
  samples: number[]
}

/** What a figure is set beside, measured in the same run, round by round with it. */
interface Baseline extends Measured {
  label: string
  /** figure median / baseline median. */
  ratio: number
}

/** One measured quantity. */
export interface Figure extends Measured {
  /** Stable across runs: the comparison matches figures by it. */
  id: string
  label: string
  unit: Unit
  better: 'lower' | 'higher'
  /** What was measured: sizes, dialects, counts. */
  params: Record<string, string | number>
  baseline: Baseline | null
}

export interface ScenarioResult {
  id: ScenarioId
  title: string
  status: 'ok' | 'skipped' | 'failed'
  /** Why it was skipped or failed, or what the figures need to be read with. */
  notes: string[]
  duration_ms: number
  figures: Figure[]
}

export interface Fingerprint {
  os: { platform: string; release: string; name: string; arch: string }
  cpu: { model: string; cores: number; speed_mhz: number | null }
  memory_bytes: number
  /** Load averages (1, 5, 15 min) when the run started: a busy machine widens every spread. */
  load_average: [number, number, number]
  runtimes: { phicode: string; bun: string; python: string | null; pypy: string | null; node: string | null }
}

/**
 * `regression`/`improvement`: the figure moved beyond the noise of both runs and, where it has a
 * baseline, also relative to it. `shift`: it moved, but its baseline moved alike (the machine or
 * the workload changed, not phicode). `unchanged`: within the noise.
 */
export type Verdict = 'regression' | 'improvement' | 'shift' | 'unchanged'

export interface FigureChange {
  id: string
  verdict: Verdict
  previous_median: number
  /** (median − previous median) / previous median, in percent; positive = larger value. */
  change_pct: number
  /** The smallest change (percent) the spread of both runs lets count as real. */
  noise_pct: number
  /** The same, for figure/baseline round by round; null without a baseline in both runs. */
  relative_change_pct: number | null
  relative_noise_pct: number | null
}

export interface Comparison {
  /** The previous run's directory name. */
  previous: string
  previous_started_at: string
  /** Same OS, CPU model and core count; on another machine the verdicts are shown but not counted. */
  same_machine: boolean
  regressions: number
  improvements: number
  figures: FigureChange[]
}

export interface BenchReport {
  schema_version: typeof SCHEMA_VERSION
  phicode: { version: string; commit: string; bun: string; target: string }
  mode: 'quick' | 'full'
  started_at: string
  duration_ms: number
  project_root: string
  /** Where the report files were written; null when they could not be. */
  results_dir: string | null
  fingerprint: Fingerprint
  scenarios: ScenarioResult[]
  /** Against the latest earlier run in the same project; null for the first one. */
  comparison: Comparison | null
}
