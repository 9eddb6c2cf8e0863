import { basename, extname, relative, resolve } from 'node:path'
import { statSync } from 'node:fs'
import { loadConfig } from '../config/load'
import { EXIT, PhicodeError } from '../errors'
import { phicodePlugin } from '../runtime/bun/plugin'
import { formatBuildError, locate } from './_messages'

export interface BundleOptions {
  /** The entry as the user named it, relative to `cwd`. */
  entry: string
  cwd: string
  outdir?: string
  outfile?: string
  /** A standalone executable (Bun's runtime included) instead of a bundle. */
  compile: boolean
  /** `bun` (default), `node` or `browser`; with `compile`, a platform such as `bun-linux-arm64`. */
  target?: string
  minify: boolean
  sourcemap: boolean
  /** Told what a long step is doing. */
  progress?: (message: string) => void
}

export interface BundleOutput {
  path: string
  kind: string
  bytes: number
}

function entryPath(entry: string, cwd: string): string {
  const path = resolve(cwd, entry)
  const stat = statSync(path, { throwIfNoEntry: false })
  if (!stat) throw new PhicodeError(`${entry}: no such file`, EXIT.NOT_FOUND)
  if (stat.isDirectory()) throw new PhicodeError(`${entry}: is a directory; --build takes the entry file`, EXIT.IS_DIRECTORY)
  return path
}

/** An executable named after its entry (`app.φ` → `app`), as `bun build --compile` names one. */
const defaultOutfile = (entry: string): string => basename(entry, extname(entry))

function buildConfig(options: BundleOptions, entry: string): Bun.BuildConfig {
  const config = loadConfig(resolve(entry, '..'))
  const plugins = [phicodePlugin({ extensions: [config.config.file_extension] })]
  const common = { entrypoints: [entry], plugins, minify: options.minify, sourcemap: options.sourcemap ? ('linked' as const) : ('none' as const), throw: false }
  if (options.compile) {
    const outfile = resolve(options.cwd, options.outfile ?? defaultOutfile(entry))
    return { ...common, compile: { outfile, ...(options.target ? { target: options.target as Bun.Build.CompileTarget } : {}) } }
  }
  const target = (options.target ?? 'bun') as Bun.Target
  return { ...common, target, outdir: resolve(options.cwd, options.outdir ?? 'dist') }
}

/**
 * Bundles a φ (or TypeScript/JavaScript) entry with Bun.build and the φ plugin, in this process:
 * a bundle for plain Bun (or Node, or browsers), or with `compile` a standalone executable.
 * Bun's own `bun build` cannot take a plugin and would ship φ files as assets.
 */
export async function bundle(options: BundleOptions): Promise<BundleOutput[]> {
  if (options.outdir !== undefined && options.outfile !== undefined) {
    throw new PhicodeError('--outdir and --outfile cannot be combined', EXIT.USAGE)
  }
  if (options.outfile !== undefined && !options.compile) throw new PhicodeError('--outfile needs --compile (a bundle goes to --outdir)', EXIT.USAGE)
  if (options.outdir !== undefined && options.compile) throw new PhicodeError('--compile writes one file: give --outfile, not --outdir', EXIT.USAGE)
  const entry = entryPath(options.entry, options.cwd)
  const name = relative(options.cwd, entry)
  options.progress?.(options.compile ? `compiling ${name} into a standalone executable …` : `bundling ${name} …`)
  let result: Bun.BuildOutput
  try {
    result = await Bun.build(buildConfig(options, entry))
  } catch (error) {
    // With `throw: false` only a configuration Bun refuses throws, e.g. an unknown --target.
    throw new PhicodeError(`cannot build ${name}: ${(error as Error).message}`, EXIT.USAGE, { cause: error })
  }
  if (!result.success) {
    const errors = result.logs.filter((log) => log.level === 'error') as Array<BuildMessage | ResolveMessage>
    const text = errors.map((log) => formatBuildError(log, options.cwd)).join('\n')
    // Errors in no source file are about the output: a folder that cannot be made or written.
    const inSources = errors.some((log) => locate(log) !== undefined)
    throw new PhicodeError(`cannot build ${name}:\n${text}`, inSources ? EXIT.TRANSPILE : EXIT.CANT_WRITE)
  }
  return result.outputs.map((output) => ({ path: output.path, kind: output.kind, bytes: Bun.file(output.path).size }))
}
