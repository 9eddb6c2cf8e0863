import { dirname, resolve } from '../../util/paths'
import { kindAt } from '../../util/files'
import { noteProbe } from '../../util/probes'

/** `./x`, `../x`, `.` or `..`: the specifiers resolved against the importing file. */
export function isRelative(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../')
}

/** False for anything unusable, e.g. `x.ts/index.φ` (ENOTDIR) when `./x` names a file. */
function isFile(path: string): boolean {
  return kindAt(path) === 'f'
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

/**
 * Where a relative specifier leads: wherever Bun resolves it, else to a φ file, else nowhere.
 * Noted for a remembered graph: a file named exactly is Bun's answer while it exists, whatever
 * appears beside it; any other answer holds while the folder the specifier points into, and the
 * path itself (a folder with an index), list the same entries.
 */
export function resolveImport(specifier: string, fromDir: string, extensions: readonly string[]): ResolvedImport | undefined {
  const base = resolve(fromDir, specifier)
  let path: string
  try {
    path = Bun.resolveSync(specifier, fromDir)
  } catch {
    noteListings(base)
    const rewritten = phiSpecifier(specifier, fromDir, extensions)
    return rewritten === undefined ? undefined : { path: resolve(fromDir, rewritten), rewritten }
  }
  if (path === base) noteProbe(base)
  else noteListings(base)
  return { path }
}

function noteListings(base: string): void {
  noteProbe(dirname(base), 'listing')
  noteProbe(base, 'listing')
}
