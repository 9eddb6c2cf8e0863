/** `.(φ)/benchmark_results/<date-time>/`: results.json, results.csv and report.md of each run. */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomicSync } from '../../util/atomic-write'
import { SCHEMA_VERSION, type BenchReport } from '../types'
import { toCsv } from './csv'
import { toMarkdown } from './markdown'
import { errnoOf } from '../../errors'

const RESULT_FILES = { json: 'results.json', csv: 'results.csv', markdown: 'report.md' } as const

/** `.(φ)/benchmark_results`, or `.phicode/…` in a project configured only there. */
export function resultsRoot(root: string): string {
  const dir = !existsSync(join(root, '.(φ)')) && existsSync(join(root, '.phicode', 'config.json')) ? '.phicode' : '.(φ)'
  return join(root, dir, 'benchmark_results')
}

/** `2025-06-01T09-30-05Z`: sorts by time, and is a valid file name everywhere. */
export function runName(startedAt: string): string {
  return startedAt.replace(/\.\d+Z$/, 'Z').replaceAll(':', '-')
}

/** The latest earlier run of the same schema version, with its directory name. */
export function previousRun(resultsDir: string): { name: string; report: BenchReport } | undefined {
  let names: string[]
  try {
    names = readdirSync(resultsDir).sort().reverse()
  } catch {
    return undefined
  }
  for (const name of names) {
    try {
      const report = JSON.parse(readFileSync(join(resultsDir, name, RESULT_FILES.json), 'utf8')) as BenchReport
      if (report.schema_version === SCHEMA_VERSION && Array.isArray(report.scenarios)) return { name, report }
    } catch {
      // Not a run (a stray file, a run cut short): look further back.
    }
  }
  return undefined
}

/** A fresh directory for this run: `name`, or `name-2`… when a run of the same second exists. */
export function claimRunDir(resultsDir: string, name: string): string {
  mkdirSync(resultsDir, { recursive: true })
  for (let k = 1; ; k++) {
    const dir = join(resultsDir, k === 1 ? name : `${name}-${k}`)
    try {
      mkdirSync(dir)
      return dir
    } catch (error) {
      if (errnoOf(error) !== 'EEXIST') throw error
    }
  }
}

export function writeReport(dir: string, report: BenchReport): void {
  writeFileAtomicSync(join(dir, RESULT_FILES.csv), toCsv(report))
  writeFileAtomicSync(join(dir, RESULT_FILES.markdown), toMarkdown(report))
  // Last: a directory with results.json is a complete run for the next comparison.
  writeFileAtomicSync(join(dir, RESULT_FILES.json), JSON.stringify(report, null, 2) + '\n')
}
