import type { RoundPlan } from './proc'
import type { Tools } from './_tools'
import type { Figure, ScenarioId } from './types'

export interface ScenarioContext {
  /** `--full`: larger inputs and more rounds. */
  full: boolean
  tools: Tools
  /** The user's project root: user benchmarks live under it. */
  root: string
  /** A fresh directory for this scenario's files, removed after it. */
  work: string
  /** Says what is being measured now (progress). */
  step(detail: string): void
  /** A line for the report: what was left out and why, or how to read the figures. */
  note(text: string): void
}

export interface Scenario {
  id: ScenarioId
  title: string
  /** One line for the interactive selection and the report. */
  description: string
  run(ctx: ScenarioContext): Promise<Figure[]>
}

/** Thrown by a scenario that cannot run here (no Python, no API server in this build…). */
export class Skip extends Error {
  override readonly name = 'Skip'
}

/**
 * Rounds by time: at least `min` (a spread needs several), then more until the scenario's
 * seconds are spent or its maximum is reached, so a busy machine takes fewer rounds, not longer.
 * `full` is the context's `--full`.
 */
export function timeBox(full: boolean, quickSeconds: number, fullSeconds: number, min = 5): RoundPlan {
  return { min, max: full ? 15 : 9, budgetMs: 1000 * (full ? fullSeconds : quickSeconds) }
}
