import { dirname } from 'node:path'
import { decideDialect, DEFAULT_PHI_EXTENSION, isPhiPath, kindOf, phiExtensions } from '../kinds'
import type { Dialect, Direction, SymbolTable } from '../transpile/types'

export type Target = 'phicode' | 'python' | 'typescript'

export const isPhiFile = (path: string, fileExtension = DEFAULT_PHI_EXTENSION): boolean => isPhiPath(path, phiExtensions(fileExtension))

/** The dialect a file's extension implies, if it implies one. */
export const dialectOfExtension = (path: string): Dialect | undefined => kindOf(path, [])?.dialect

/**
 * Whether TypeScript-dialect text is read with JSX, as the runner reads it: φ files and text of
 * no known kind (stdin, unknown extensions: they run as φ) always are.
 */
export const jsxOf = (path: string | undefined, fileExtension = DEFAULT_PHI_EXTENSION): boolean =>
  path === undefined ? true : (kindOf(path, phiExtensions(fileExtension))?.jsx ?? true)

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
 * symbol. Dialect: `--dialect`, `--to`, the extension, then as for a run (`decideDialect`).
 */
export function inferConversion(input: InferenceInput): Inference {
  const { path, source, to } = input
  const dialect =
    input.dialect ??
    (to === 'python' || to === 'typescript' ? to : undefined) ??
    (path ? dialectOfExtension(path) : undefined) ??
    decideDialect({ source, dir: path ? dirname(path) : undefined, configured: input.configured }).dialect
  let direction: Direction
  if (to) direction = to === 'phicode' ? 'reverse' : 'forward'
  else if (path && isPhiFile(path, input.fileExtension)) direction = 'forward'
  else if (path && dialectOfExtension(path)) direction = 'reverse'
  else direction = input.tables[dialect].detect.test(source) ? 'forward' : 'reverse'
  return { direction, dialect }
}
