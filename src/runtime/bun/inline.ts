import { join } from 'node:path'
import type { RunCache } from '../../cache/run-cache'
import type { LoadedConfig } from '../../config/types'
import { TranspileError } from '../../transpile/error'
import { readDotenv } from '../dotenv'
import type { RunOutcome } from '../types'
import { bunFooter } from './_errors'
import { createGraphContext, readyFor } from './_graph'
import { prepareSource } from './_prepare'
import { serveDefaultExport } from './_serve'
import { phiSources, reportPhiErrors, throwUncaught } from './uncaught'
import { phicodePlugin } from './plugin'
import { phiExtensions } from '../../kinds'

export interface InlineRun {
  /** The φ program. */
  source: string
  /** `-c` or `-`: the program's argv[1], as `bun run -` gives `-`. */
  name: '-c' | '-'
  args: string[]
  config: LoadedConfig
  cache: RunCache | undefined
  cwd: string
}

/**
 * φ source that has no file, converted as if it were at `path` (its relative imports resolve
 * from there; `./x` naming a φ module becomes `./x.φ`, as in a file). Throws TranspileError.
 */
export function inlineCode(path: string, source: string, config: LoadedConfig, cache: RunCache | undefined, env: Record<string, string | undefined>): string {
  const ctx = createGraphContext(phiExtensions([config.config.file_extension]), cache, env)
  return readyFor(prepareSource(path, source, ctx), ctx).contents ?? ''
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Runs φ-TypeScript given as text in this process, as `bun -e` / `bun run -` run theirs: the
 * program is a module named `[eval].tsx` or `[stdin].tsx` in the working directory (so its relative
 * imports, φ ones included, resolve from there), top-level await works, and
 * `process.argv` = `[execPath, name, ...args]` so `process.argv.slice(2)` are the arguments as
 * for a file.
 */
export async function runBunInline(run: InlineRun): Promise<RunOutcome | 'in-process'> {
  const ownEnv = { ...process.env }
  const dotenv = await readDotenv(run.cwd, ownEnv)
  const path = join(run.cwd, run.name === '-c' ? '[eval].tsx' : '[stdin].tsx')
  let contents: string
  try {
    contents = inlineCode(path, run.source, run.config, run.cache, ownEnv)
  } catch (error) {
    if (!(error instanceof TranspileError)) throw error
    process.stderr.write(`error: ${error.reason}\n    at ${path}:${error.line}:${error.column}\n${bunFooter()}`)
    return { exitCode: 1 }
  }
  const exact = new RegExp(`^${escapeRegExp(path)}$`)
  Bun.plugin({
    name: 'phicode-inline',
    setup(build) {
      build.onResolve({ filter: exact }, () => ({ path }))
      build.onLoad({ filter: exact }, () => ({ contents, loader: 'tsx' }))
    },
  })
  Bun.plugin(phicodePlugin({ extensions: [run.config.config.file_extension], cache: run.cache, env: ownEnv }))
  Object.assign(process.env, dotenv)
  // Uncaught errors are reported on the program's φ lines and columns, as for a φ file.
  const files = phiSources([run.config.config.file_extension], ownEnv)
  reportPhiErrors({ ...files, isPhi: (p) => p === path || files.isPhi(p), textOf: (p) => (p === path ? run.source : undefined) })
  if (run.cache) process.on('exit', () => run.cache?.finish())
  process.argv = [process.execPath, run.name, ...run.args]
  Object.assign(Bun as { argv: string[]; main: string }, { argv: process.argv, main: path })
  try {
    serveDefaultExport(await import(path))
  } catch (error) {
    // Uncaught, exit 1, as `bun -e` ends (reported by the handler above).
    throwUncaught(error)
  }
  return 'in-process'
}
