import { extname } from 'node:path'
import { detectDialect } from '../transpile/dialect'
import type { Dialect, Direction, SymbolTable } from '../transpile/types'

export type Target = 'phicode' | 'python' | 'typescript'

const PHI_EXTENSIONS = new Set(['.φ', '.phi'])
const TS_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'])
const JSX_EXTENSIONS = new Set(['.tsx', '.jsx', '.js', '.mjs', '.cjs'])

export function isPhiFile(path: string, fileExtension = '.φ'): boolean {
  const ext = extname(path)
  return PHI_EXTENSIONS.has(ext) || ext === fileExtension
}

/** The dialect a file's extension implies, if it implies one. */
export function dialectOfExtension(path: string): Dialect | undefined {
  const ext = extname(path)
  if (ext === '.py' || ext === '.pyw') return 'python'
  if (TS_EXTENSIONS.has(ext)) return 'typescript'
  return undefined
}

export const jsxByExtension = (path: string): boolean => JSX_EXTENSIONS.has(extname(path))

export interface Inference {
  direction: Direction
  dialect: Dialect
}

export interface InferenceInput {
  /** A path, or undefined for stdin. */
  path: string | undefined
  source: string
  to: Target | undefined
  dialect: Dialect | undefined
  configured: Dialect | undefined
  fileExtension: string
  tables: Record<Dialect, SymbolTable>
}

/**
 * Direction: `--to`, else the file name (φ → code, code → φ), else whether the text holds a
 * symbol. Dialect: `--dialect`, `--to`, the extension, then pragma, config and content.
 */
export function inferConversion(input: InferenceInput): Inference {
  const { path, source, to } = input
  const dialect =
    input.dialect ??
    (to === 'python' || to === 'typescript' ? to : undefined) ??
    (path ? dialectOfExtension(path) : undefined) ??
    detectDialect(source, input.configured)
  let direction: Direction
  if (to) direction = to === 'phicode' ? 'reverse' : 'forward'
  else if (path && isPhiFile(path, input.fileExtension)) direction = 'forward'
  else if (path && dialectOfExtension(path)) direction = 'reverse'
  else direction = input.tables[dialect].detect.test(source) ? 'forward' : 'reverse'
  return { direction, dialect }
}
