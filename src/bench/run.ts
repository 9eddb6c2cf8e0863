/** Runs the chosen scenarios, compares with the previous run and writes the reports. */
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { findProjectRoot } from '../config/root'
import { log } from '../util/log'
import { tempRoot } from '../util/os'
import { BUILD } from '../version'
import { Skip, type Scenario, type ScenarioContext } from './_scenario'
import { findTools, type Tools } from './_tools'
import { compareReports } from './compare'
import { fingerprint } from './fingerprint'
import type { Progress } from './progress'
import { claimRunDir, previousRun, resultsRoot, runName, writeReport } from './report/save'
import { SCENARIOS } from './scenarios'
import { SCHEMA_VERSION, type BenchReport, type ScenarioId, type ScenarioResult } from './types'

export interface BenchOptions {
  full: boolean
  /** Which scenarios, in the suite's order; all when omitted. */
  scenarios?: readonly ScenarioId[]
  cwd: string
  progress: Progress
}

async function runScenario(scenario: Scenario, base: Omit<ScenarioContext, 'work' | 'step' | 'note'>, progress: Progress): Promise<ScenarioResult> {
  const notes: string[] = []
  const work = mkdtempSync(join(tempRoot(), `phicode-bench-${scenario.id}-`))
  const started = performance.now()
  const result = (status: ScenarioResult['status'], figures: ScenarioResult['figures'] = []): ScenarioResult => ({
    id: scenario.id,
    title: scenario.title,
    status,
    notes,
    duration_ms: Math.round(performance.now() - started),
    figures,
  })
  try {
    const figures = await scenario.run({ ...base, work, step: progress.step, note: (text) => notes.push(text) })
    return result('ok', figures)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    notes.unshift(message)
    if (error instanceof Skip) return result('skipped')
    log.debug(error instanceof Error && error.stack ? error.stack : message)
    return result('failed')
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** Interpreters phicode could not use: said once, in the start-up scenario's notes. */
function toolNotes(tools: Tools, results: ScenarioResult[]): void {
  const startup = results.find((r) => r.id === 'startup')
  if (startup) startup.notes.push(...tools.notes)
}

export async function runBenchmark(options: BenchOptions): Promise<BenchReport> {
  const startedAt = new Date()
  const started = performance.now()
  const root = findProjectRoot(options.cwd)
  const tools = findTools(options.cwd)
  const selected = SCENARIOS.filter((s) => !options.scenarios || options.scenarios.includes(s.id))
  const fp = fingerprint(tools)
  const results: ScenarioResult[] = []
  for (const [k, scenario] of selected.entries()) {
    options.progress.scenario(k + 1, selected.length, scenario.title)
    const result = await runScenario(scenario, { full: options.full, tools, root }, options.progress)
    options.progress.done(result)
    results.push(result)
  }
  toolNotes(tools, results)
  const report: BenchReport = {
    schema_version: SCHEMA_VERSION,
    phicode: { version: BUILD.version, commit: BUILD.commit, bun: BUILD.bun, target: BUILD.target },
    mode: options.full ? 'full' : 'quick',
    started_at: startedAt.toISOString(),
    duration_ms: Math.round(performance.now() - started),
    project_root: root,
    results_dir: null,
    fingerprint: fp,
    scenarios: results,
    comparison: null,
  }
  const resultsDir = resultsRoot(root)
  const previous = previousRun(resultsDir)
  if (previous) report.comparison = compareReports(previous.report, report, previous.name)
  try {
    const dir = claimRunDir(resultsDir, runName(report.started_at))
    report.results_dir = dir
    writeReport(dir, report)
  } catch (error) {
    report.results_dir = null
    log.warn(`the results could not be saved under ${resultsDir}: ${error instanceof Error ? error.message : String(error)}`)
  }
  return report
}
