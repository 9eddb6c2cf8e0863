import { Validator } from '@cfworker/json-schema'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BenchReport } from '../../../src/bench'
import { ROOT } from '../../helpers/binary'

const SCHEMA_FILE = join(ROOT, 'docs', 'benchmark.schema.json')

const validator = new Validator(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')), '2020-12', false)

/** The schema's complaints about a report, one line each (none when it validates). */
export function schemaErrors(report: unknown): string[] {
  const result = validator.validate(report)
  return result.valid ? [] : result.errors.map((e) => `${e.instanceLocation}: ${e.error}`)
}

/** A project with the given files under .(φ)/benchmarks/. */
export function benchProject(dir: string, benchmarks: Record<string, string>): string {
  writeFileSync(join(dir, 'package.json'), '{"private": true}\n')
  const folder = join(dir, '.(φ)', 'benchmarks')
  mkdirSync(folder, { recursive: true })
  for (const [name, code] of Object.entries(benchmarks)) writeFileSync(join(folder, name), code)
  return folder
}

export const parseReport = (stdout: string): BenchReport => JSON.parse(stdout) as BenchReport
