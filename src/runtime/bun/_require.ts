import { dirname } from '../../util/paths'
import { isRelative, phiSpecifier } from './_resolve'

interface ResolvableModule {
  _resolveFilename(request: string, parent: { filename?: string } | undefined, ...rest: unknown[]): string
}

const INSTALLED = Symbol.for('phicode.requireFallback')

/**
 * `require('./lib')` goes through `Module._resolveFilename` in Bun, in CommonJS and ES modules
 * alike, so a fallback there finds `lib.φ` without touching the requiring file — which matters,
 * because Bun cannot load CommonJS returned by a plugin. Installed once per process.
 */
export function installRequireFallback(extensions: readonly string[]): void {
  // Required here rather than imported: a static import would load node:module on every start.
  const target = require('node:module') as ResolvableModule & { [INSTALLED]?: true }
  if (target[INSTALLED]) return
  target[INSTALLED] = true
  const original = target._resolveFilename
  target._resolveFilename = function (request, parent, ...rest) {
    try {
      return original.call(this, request, parent, ...rest)
    } catch (error) {
      const from = parent?.filename
      const found = from && isRelative(request) ? phiSpecifier(request, dirname(from), extensions) : undefined
      if (found === undefined) throw error
      return original.call(this, found, parent, ...rest)
    }
  }
}
