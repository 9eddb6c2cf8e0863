import { nodeFs } from '../../util/files'
import { dirname } from '../../util/paths'
import type { BunPlugin, OnLoadResult, OnResolveResult } from 'bun'
import type { RunCache } from '../../cache/run-cache'
import { asUserError } from './_errors'
import { createGraphContext, loadModule, walk, type GraphContext } from './_graph'
import type { PlannedGraph } from '../plan'
import type { StoredGraph } from './types'
import { phiExtensions } from '../../kinds/extensions'
import { isEmbeddedPath } from '../../util/self'

export interface PhicodePluginOptions {
  /** φ file extensions besides `.φ` and `.phi`, e.g. a project's configured `file_extension`. */
  extensions?: string[]
  /** Remembers conversions (memory, and disk when the cache has a directory); none by default. */
  cache?: RunCache
  /** Where phicode's own settings (`PHICODE_STRICT`, `PHICODE_VALIDATION`) are read; `process.env` by default. */
  env?: Record<string, string | undefined>
  /** The entry's walk, as a planned run's plan keeps it: used instead of the cache's. */
  planned?: PlannedGraph
  /** Told the entry's walk once it is remembered (a planned run keeps it with its plan). */
  onWalked?: (root: string, stored: StoredGraph) => void
}

const RELATIVE = /^\.\.?(?:\/|$)/

/** Entries, test files and absolute dynamic imports: the roots of a module graph. */
const ABSOLUTE_PATH = /^(?:\/|[A-Za-z]:[\\/])/

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const endingIn = (extensions: string[]): RegExp => new RegExp(`(?:${extensions.map(escapeRegExp).join('|')})$`)

const exactly = (paths: string[]): RegExp => new RegExp(`^(?:${paths.map(escapeRegExp).join('|')})$`)

/**
 * The Bun plugin for φ modules (typescript dialect). φ files are converted on load, synchronously
 * so `require()` of them works too, with their project's symbol table; their lines stay where
 * they were, so stack traces point at φ lines. Extensionless relative imports of φ files
 * (`import './lib'`) are rewritten to name the file, in φ files and in the project's own
 * `.ts`/`.js` files, because Bun's run-time resolver never offers such specifiers to a plugin
 * (Bun.build does, and they are answered in `onResolve` there).
 */
export function phicodePlugin(options: PhicodePluginOptions = {}): BunPlugin {
  return {
    name: 'phicode',
    setup(build) {
      const ctx = createGraphContext(phiExtensions(options.extensions), options.cache, options.env, { planned: options.planned, onWalked: options.onWalked })
      const phiFiles = { filter: endingIn(ctx.extensions) }
      // Bun.build asks plugins about every specifier, so a φ file is found as it is imported.
      if (build.config) {
        build.onLoad(phiFiles, ({ path }) => load(path, ctx))
        build.onResolve({ filter: RELATIVE }, ({ path, importer }) => resolveForBundle(path, importer, ctx.extensions))
        return
      }
      const intercept = (paths: string[]): void => {
        if (paths.length > 0) build.onLoad({ filter: exactly(paths) }, ({ path }) => load(path, ctx, intercept))
      }
      build.onLoad(phiFiles, ({ path }) => load(path, ctx, intercept))
      build.onResolve({ filter: ABSOLUTE_PATH }, ({ path }) => {
        // phicode's own chunks, required lazily (the cache's store among them), are no program's modules.
        if (!isEmbeddedPath(path)) intercept(walk(path, ctx))
        return undefined
      })
    },
  }
}

/** A relative specifier Bun cannot resolve that names a φ file without its extension (`./lib`). */
function resolveForBundle(specifier: string, importer: string, extensions: string[]): OnResolveResult | undefined {
  // Stryker disable next-line StringLiteral: a specifier bun build must resolve
  const { resolveImport } = require('./_resolve') as typeof import('./_resolve')
  const resolved = importer ? resolveImport(specifier, dirname(importer), extensions) : undefined
  return resolved?.rewritten === undefined ? undefined : { path: resolved.path }
}

function load(path: string, ctx: GraphContext, intercept?: (paths: string[]) => void): OnLoadResult {
  // At run time, a φ file reached through a computed specifier was not walked yet.
  intercept?.(walk(path, ctx))
  try {
    const { contents, loader } = loadModule(path, ctx)
    return { contents: contents ?? nodeFs().readFileSync(path, 'utf8'), loader }
  } catch (error) {
    throw asUserError(error)
  }
}
