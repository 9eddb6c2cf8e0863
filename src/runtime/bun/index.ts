import { realpathSync } from 'node:fs'
import { log } from '../../util/log'
import { readDotenv } from '../dotenv'
import { TranspileError } from '../../transpile/error'
import { PhicodeError } from '../../errors'
import type { RunCache } from '../../cache/run-cache'
import { guessedDialectHint } from '../hint'
import type { ResolvedEntry, RunOutcome } from '../types'
import { formatSyntaxError } from './_errors'
import { serveDefaultExport } from './_serve'
import { formatBuildErrors, phiSources, reportedFrames, reportPhiErrors, throwUncaught, type PhiSources } from './uncaught'
import { needsFullBun, runFullBun } from './_full-bun'
import { childrenSeeDotenv } from './_spawn-env'
import { phicodePlugin } from './plugin'

export { phicodePlugin, type PhicodePluginOptions } from './plugin'

/** The module now owns this process: its exit code, timers, servers and signals are its own. */
export type InProcess = 'in-process'

/** What a Bun run needs: no config (a remembered plan's run never loads one), only its φ extension. */
export interface BunRun {
  entry: ResolvedEntry
  args: string[]
  cwd: string
  /** The entry project's config's `file_extension`. */
  fileExtension: string
  cache?: RunCache
}

/**
 * Runs a typescript-dialect φ, TypeScript or JavaScript entry as `bun x.ts args` would: in a
 * Bun child when its tsconfig asks for legacy decorators (see `needsFullBun`), else inside this
 * process: the plugin registered, the working directory's .env files loaded, `process.argv` = `[execPath, entry, ...args]`, `Bun.main` =
 * the entry (so `import.meta.main` is true in it), then the entry imported. Resolves to
 * - `'in-process'` once the entry has evaluated, top-level await included (and its default
 *   export is being served, as Bun serves `export default { fetch }`), or when evaluating it
 *   threw: Bun then prints the error exactly as for `bun x.ts` and exits 1. Either way the
 *   caller returns without touching `process.exitCode`, which is the module's.
 * - an outcome when the module never started because its φ source cannot be converted; the
 *   error is printed as Bun prints a syntax error.
 */
export async function runBun(options: BunRun): Promise<RunOutcome | InProcess> {
  const { entry, args, fileExtension, cache } = options
  const started = performance.now()
  // phicode's own settings (PHICODE_STRICT …) come from the real environment, never from the program's .env.
  const ownEnv = { ...process.env }
  const dotenv = readDotenv(options.cwd, ownEnv)
  if (needsFullBun(entry.path)) return runFullBun({ entry: entry.path, args, cwd: options.cwd, ownEnv, dotenv })
  Bun.plugin(phicodePlugin({ extensions: [fileExtension], cache, env: ownEnv }))
  Object.assign(process.env, dotenv)
  childrenSeeDotenv(dotenv)
  const sources = phiSources([fileExtension], ownEnv)
  // A plain entry keeps Bun's own report of what fails after it evaluated; what fails while it
  // evaluates reaches Bun as phicode's import failing, whose report would lose frames.
  const release = reportPhiErrors(sources, entry.kind === 'phi' ? () => guessedDialectHint(entry, options.cwd) : undefined)
  // The module owns the process from here: what it still loads is written when it ends.
  if (cache) process.on('exit', () => cache.finish())
  // Bun names modules by their real path: so must `Bun.main`, or `import.meta.main` is false in
  // an entry reached through a symlinked directory (`bun` gives the real path in argv too).
  const main = realpathSync(entry.path)
  process.argv = [process.execPath, main, ...args]
  // Typed read-only, yet writable at run time: `Bun.argv` and `Bun.main` are what `bun x.ts` sets.
  Object.assign(Bun as { argv: string[]; main: string }, { argv: process.argv, main })
  log.debug(`bun: plugin registered in ${(performance.now() - started).toFixed(1)} ms`)
  try {
    serveDefaultExport(await import(main))
  } catch (error) {
    return reportLoadError(error, sources, release)
  }
  if (entry.kind !== 'phi') release()
  log.debug(`bun: entry loaded and evaluated in ${(performance.now() - started).toFixed(1)} ms`)
  cache?.flush()
  return 'in-process'
}

/**
 * The entry did not load or threw while evaluating. φ that cannot be converted, or that Bun
 * cannot parse once converted, is shown on its φ lines and ends the run with 1, as a syntax
 * error ends `bun x.ts`; anything else is raised as uncaught, as `bun x.ts` raises it, and
 * reported as Bun reports it (φ lines by `reportPhiErrors`).
 */
function reportLoadError(error: unknown, sources: PhiSources, release: () => void): RunOutcome | InProcess {
  // A project file phicode must read (a tsconfig, a config) is broken: phicode's own error and exit code.
  if (error instanceof PhicodeError) throw error
  const syntax = error instanceof TranspileError ? formatSyntaxError(error) : formatBuildErrors(error, sources)
  if (syntax !== undefined) {
    process.stderr.write(syntax)
    return { exitCode: 1 }
  }
  // What has no frame of the program's (a missing package's ResolveMessage) is Bun's to report.
  if (reportedFrames(error).length === 0) release()
  throwUncaught(error)
  return 'in-process'
}
