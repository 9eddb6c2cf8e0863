import { realPathOf } from '../../util/files'
import { log } from '../../util/log'
import { readDotenv } from '../dotenv'
import { PhicodeError } from '../../errors'
import type { RunCache } from '../../cache/run-cache'
import { guessedDialectHint } from '../hint'
import type { ResolvedEntry, RunOutcome } from '../types'
import { formatSyntaxError, isTranspileError } from './_errors'
import type { needsFullBun as NeedsFullBun } from './_decorators'
import { serveDefaultExport } from './_serve'
import { formatBuildErrors, phiSources, reportedFrames, reportPhiErrors, throwUncaught, type PhiSources } from './uncaught'
import { childrenSeeDotenv } from './_spawn-env'
import { phicodePlugin, type PhicodePluginOptions } from './plugin'

export { phicodePlugin, type PhicodePluginOptions } from './plugin'

/** The tsconfig lookup, required only when a planned walk has no answer (a chunk a planned start spares, issue 16). */
// Stryker disable next-line StringLiteral: a specifier bun build must resolve
const decorators = (): { needsFullBun: typeof NeedsFullBun } => require('./_decorators')

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
  /** A planned run's entry walk, and where to keep the walk when the plan has none (see `RunPlan.graph`). */
  /** Asked once a planned run's plan is known to hold (a walk found changed is dropped from it then). */
  walk?: () => Pick<PhicodePluginOptions, 'planned' | 'onWalked'>
}

/** A planned run whose plan turned out not to hold before anything was done: it must be decided afresh. */
export type Stale = 'stale'

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
export function runBun(options: BunRun): Promise<RunOutcome | InProcess>
/**
 * A planned run also gets the check of the files its plan was decided from (`RecalledPlan.verified`),
 * awaited as late as nothing is yet done that cannot be undone: false ends the run `'stale'`.
 */
export function runBun(options: BunRun, verified: Promise<boolean>): Promise<RunOutcome | InProcess | Stale>
export async function runBun(options: BunRun, verified?: Promise<boolean>): Promise<RunOutcome | InProcess | Stale> {
  const { entry, args, fileExtension, cache } = options
  const started = performance.now()
  // phicode's own settings (PHICODE_STRICT …) come from the real environment, never from the program's .env.
  const ownEnv = { ...process.env }
  const dotenv = await readDotenv(options.cwd, ownEnv)
  if (verified && !(await verified)) return 'stale'
  const walk = options.walk?.()
  // A planned walk that holds saw the files of this very lookup as they are (a walk's root is a real path).
  const planned = walk?.planned?.root === entry.path ? walk.planned.stored.decorators : undefined
  const fullBun = planned ?? decorators().needsFullBun(entry.path)
  // Stryker disable next-line StringLiteral: a specifier bun build must resolve
  if (fullBun) return (await import('./_full-bun')).runFullBun({ entry: entry.path, args, cwd: options.cwd, ownEnv, dotenv })
  Bun.plugin(phicodePlugin({ extensions: [fileExtension], cache, env: ownEnv, ...walk }))
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
  const main = entry.real ?? realPathOf(entry.path)
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
  const syntax = isTranspileError(error) ? formatSyntaxError(error) : formatBuildErrors(error, sources)
  if (syntax !== undefined) {
    process.stderr.write(syntax)
    return { exitCode: 1 }
  }
  // What has no frame of the program's (a missing package's ResolveMessage) is Bun's to report.
  if (reportedFrames(error).length === 0) release()
  throwUncaught(error)
  return 'in-process'
}
