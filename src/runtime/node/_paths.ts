import { isAbsolute, relative, sep } from 'node:path'

/** node:module on demand: in the single-file bundle a static node: import loads on every start. */
// Stryker disable next-line StringLiteral: a specifier bun build must resolve
const isBuiltin = (specifier: string): boolean => (require('node:module') as typeof import('node:module')).isBuiltin(specifier)

const BARE = /^(?![./]|[a-z][a-z\d+.-]*:)/i

// `import.meta.resolve("…")` and `require.resolve("…")` (Bun prints `__require`) with a literal.
const RESOLVE_CALL = /\b(import\.meta\.resolve|__require\.resolve|require\.resolve)\(("(?:[^"\\\n]|\\.)*")/g

/** Resolve calls see tsconfig `paths` too, as under Bun: plugins never see their specifiers. */
export function mapResolveCalls(js: string, dir: string): string {
  return js.replace(RESOLVE_CALL, (call, callee: string, quoted: string) => {
    const specifier = JSON.parse(quoted) as string
    const target = mapPaths(specifier, dir)
    return target === specifier ? call : `${callee}(${JSON.stringify(target)}`
  })
}

/**
 * A bare specifier that tsconfig `paths`/`baseUrl` map to a project file becomes a relative
 * path to it, so Node finds it; packages and builtins stay as written, for Node to resolve
 * with its own conditions.
 */
export function mapPaths(specifier: string, dir: string): string {
  if (!BARE.test(specifier) || isBuiltin(specifier)) return specifier
  let target: string
  try {
    target = Bun.resolveSync(specifier, dir)
  } catch {
    return specifier
  }
  if (!isAbsolute(target) || /[\\/]node_modules[\\/]/.test(target)) return specifier
  const relativePath = relative(dir, target).split(sep).join('/')
  return relativePath.startsWith('../') ? relativePath : `./${relativePath}`
}
