import { readFileSync } from 'node:fs'
import type { BunPlugin, OnLoadResult } from 'bun'
import type { RunCache } from '../../cache/run-cache'
import { asUserError } from './_errors'
import { createGraphContext, loadModule, walk, type GraphContext } from './_graph'
import { installRequireFallback } from './_require'
import { phiExtensions } from './_resolve'

export interface PhicodePluginOptions {
  /** φ file extensions besides `.φ` and `.phi`, e.g. a project's configured `file_extension`. */
  extensions?: string[]
  /** Remembers conversions (memory, and disk when the cache has a directory); none by default. */
  cache?: RunCache
  /** Where phicode's own settings (`PHICODE_STRICT`, `PHICODE_VALIDATION`) are read; `process.env` by default. */
  env?: Record<string, string | undefined>
}

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
 * `.ts`/`.js` files, because Bun's resolver never offers such specifiers to a plugin.
 */
export function phicodePlugin(options: PhicodePluginOptions = {}): BunPlugin {
  return {
    name: 'phicode',
    setup(build) {
      const ctx = createGraphContext(phiExtensions(options.extensions), options.cache, options.env)
      installRequireFallback(ctx.extensions)
      const intercept = (paths: string[]): void => {
        if (paths.length > 0) build.onLoad({ filter: exactly(paths) }, ({ path }) => load(path, ctx, intercept))
      }
      build.onLoad({ filter: endingIn(ctx.extensions) }, ({ path }) => load(path, ctx, intercept))
      build.onResolve({ filter: ABSOLUTE_PATH }, ({ path }) => {
        intercept(walk(path, ctx))
        return undefined
      })
    },
  }
}

function load(path: string, ctx: GraphContext, intercept: (paths: string[]) => void): OnLoadResult {
  // A φ file reached through a computed specifier was not walked yet.
  intercept(walk(path, ctx))
  try {
    const { contents, loader } = loadModule(path, ctx)
    return { contents: contents ?? readFileSync(path, 'utf8'), loader }
  } catch (error) {
    throw asUserError(error)
  }
}
