import { statSync } from 'node:fs'
import { resolve } from 'node:path'

/** `./x`, `../x`, `.` or `..`: the specifiers resolved against the importing file. */
export function isRelative(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../')
}

/** False for anything unusable, e.g. `x.ts/index.φ` (ENOTDIR) when `./x` names a file. */
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false
  } catch {
    return false
  }
}

/**
 * The specifier rewritten to name an existing φ file: `./lib` → `./lib.φ`, or `./lib/index.φ`
 * for a folder. Undefined when there is none.
 */
export function phiSpecifier(specifier: string, fromDir: string, extensions: readonly string[]): string | undefined {
  const base = resolve(fromDir, specifier)
  for (const ext of extensions) if (isFile(base + ext)) return specifier + ext
  const slash = specifier.endsWith('/') ? '' : '/'
  for (const ext of extensions) if (isFile(`${base}/index${ext}`)) return `${specifier}${slash}index${ext}`
  return undefined
}

export interface ResolvedImport {
  path: string
  /** Set when Bun resolves nothing and a φ file answers the specifier: what to write instead. */
  rewritten?: string
}

/** Where a relative specifier leads: wherever Bun resolves it, else to a φ file, else nowhere. */
export function resolveImport(specifier: string, fromDir: string, extensions: readonly string[]): ResolvedImport | undefined {
  try {
    return { path: Bun.resolveSync(specifier, fromDir) }
  } catch {
    const rewritten = phiSpecifier(specifier, fromDir, extensions)
    return rewritten === undefined ? undefined : { path: resolve(fromDir, rewritten), rewritten }
  }
}
