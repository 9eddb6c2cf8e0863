import { extname } from '../util/paths'
import type { Dialect } from '../transpile/types'
import type { KindOfFile } from './types'

/** The φ extensions every project understands; a project's `file_extension` joins them. */
export const PHI_EXTENSIONS = ['.φ', '.phi'] as const

export const DEFAULT_PHI_EXTENSION = '.φ'

/** φ files are TypeScript with JSX to Bun (or Python): JSX text in them is never converted. */
export const PHI_KIND: Readonly<KindOfFile> = { kind: 'phi', dialect: undefined, jsx: true, loader: 'tsx' }

const python: KindOfFile = { kind: 'python', dialect: 'python', jsx: false, loader: undefined }
const ts = (loader: 'ts' | 'tsx', format?: 'esm' | 'cjs'): KindOfFile =>
  ({ kind: 'typescript', dialect: 'typescript', jsx: loader === 'tsx', loader, ...(format ? { format } : {}) })
// Bun reads JSX in every JavaScript file.
const js = (loader: 'js' | 'jsx', format?: 'esm' | 'cjs'): KindOfFile =>
  ({ kind: 'javascript', dialect: 'typescript', jsx: true, loader, ...(format ? { format } : {}) })

let plainKinds: Readonly<Record<string, KindOfFile>> | undefined

/** Every plain-code extension phicode knows, and what it means; built when first asked (a planned start never asks). */
function plain(): Readonly<Record<string, KindOfFile>> {
  plainKinds ??= {
    '.py': python, '.pyw': python,
    '.ts': ts('ts'), '.mts': ts('ts', 'esm'), '.cts': ts('ts', 'cjs'), '.tsx': ts('tsx'),
    '.js': js('js'), '.mjs': js('js', 'esm'), '.cjs': js('js', 'cjs'), '.jsx': js('jsx'),
  }
  return plainKinds
}

/** The φ extensions of a project: `.φ`, `.phi`, then its own (`file_extension`), without repeats. */
export function phiExtensions(extra: string | readonly string[] = []): string[] {
  const extensions: string[] = [...PHI_EXTENSIONS]
  for (const ext of typeof extra === 'string' ? [extra] : extra) if (!extensions.includes(ext)) extensions.push(ext)
  return extensions
}

export const isPhiPath = (path: string, phi: readonly string[] = PHI_EXTENSIONS): boolean => phi.includes(extname(path))

/** What `path` is by its extension; undefined for an extension phicode does not know. */
export function kindOf(path: string, phi: readonly string[] = PHI_EXTENSIONS): KindOfFile | undefined {
  const ext = extname(path)
  return phi.includes(ext) ? PHI_KIND : plain()[ext]
}

/** Extensions Bun loads itself: TypeScript and JavaScript. */
export const bunExtensions = (): string[] => Object.keys(plain()).filter((ext) => plain()[ext]!.loader !== undefined)

/**
 * Plain files Node cannot run as they are (TypeScript, `.jsx`): phicode compiles them for
 * `--node`, for `require()` (`cjs`) or `import` (`esm`). An imported `.cts` is left to Node.
 */
export const nodeCompiledExtensions = (format: 'esm' | 'cjs'): string[] =>
  Object.keys(plain()).filter((ext) => {
    const kind = plain()[ext]!
    return (kind.kind === 'typescript' || kind.loader === 'jsx') && (format === 'cjs' || kind.format !== 'cjs')
  })

/**
 * The extension of φ converted to plain code: `.py`, or for TypeScript `.tsx` when it holds
 * JSX (a `.ts` file would not parse), else `.ts`.
 */
export function plainExtensionFor(dialect: Dialect, jsx = false): string {
  return dialect === 'python' ? '.py' : jsx ? '.tsx' : '.ts'
}
