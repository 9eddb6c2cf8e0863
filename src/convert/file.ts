import { readFileSync, statSync } from 'node:fs'
import { dirname, extname, join, resolve } from 'node:path'
import { loadConfig } from '../config/load'
import type { LoadedConfig } from '../config/types'
import { TranspileError } from '../transpile/error'
import type { Dialect, Direction } from '../transpile/types'
import { plainExtensionFor } from '../kinds/extensions'
import { convertWithConfig } from './_source'
import type { FileJob, FileOutcome } from './types'

/** One config per directory, shared by the files converted in this thread. */
export function configCache(onWarning?: (message: string) => void): (dir: string) => LoadedConfig {
  const byDir = new Map<string, LoadedConfig>()
  const seen = new Set<string>()
  return (dir) => {
    let loaded = byDir.get(dir)
    if (!loaded) {
      loaded = loadConfig(dir)
      byDir.set(dir, loaded)
      for (const warning of loaded.warnings) if (!seen.has(warning) && seen.add(warning)) onWarning?.(warning)
    }
    return loaded
  }
}

/** Converts one file in memory; a failure is the outcome's `error`, never thrown. */
export function convertFile(job: FileJob, configFor: (dir: string) => LoadedConfig): FileOutcome {
  const { input } = job
  let raw: Uint8Array
  let mode: number
  try {
    mode = statSync(input).mode & 0o7777
    raw = readFileSync(input)
  } catch (error) {
    return { input, status: 'failed', size: 0, error: `${input}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` }
  }
  try {
    const loaded = configFor(dirname(input))
    const result = convertWithConfig(raw, input, job, loaded)
    const { direction, dialect } = result
    const output = outputPath(job, direction, dialect, loaded.config.file_extension)
    return { input, output, direction, dialect, status: 'converted', size: raw.length, bytes: result.bytes, mode, symbolsUsed: result.symbolsUsed }
  } catch (error) {
    const message = error instanceof TranspileError || error instanceof Error ? error.message : String(error)
    return { input, status: 'failed', size: raw.length, error: message }
  }
}

/**
 * φ → code takes the dialect's extension (.py, .ts); code → φ the project's φ
 * extension. `name.d.ts` becomes `name.d.φ` and back.
 */
function outputPath(job: FileJob, direction: Direction, dialect: Dialect, phiExtension: string): string {
  const place = job.place
  if (place.kind === 'file') return place.path
  // The source of φ → code is φ, which names no JSX-ness of its own: `.ts` (see the README).
  const ext = direction === 'reverse' ? phiExtension : plainExtensionFor(dialect)
  const rel = place.kind === 'dir' ? place.rel : job.input
  const renamed = rel.slice(0, rel.length - extname(rel).length) + ext
  return place.kind === 'dir' ? join(place.dir, renamed) : resolve(renamed)
}
