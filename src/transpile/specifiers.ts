import { createScan, finishScan } from './_scan'
import { buildTable } from './symbol-table'
import type { SymbolTable } from './types'
import { scanTypescript } from './typescript'

/** `static`: `import … from '…'`, `import '…'`, `export … from '…'`; `dynamic`: `import('…')`; `require`: `require('…')`. */
type SpecifierKind = 'static' | 'dynamic' | 'require'

/** Called by the TypeScript scanner with the offsets of a specifier's text, quotes excluded. */
export type SpecifierHook = (start: number, end: number, kind: SpecifierKind) => void

export interface ModuleSpecifier {
  /** The text between the quotes, as written (escapes not decoded). */
  value: string
  /** Offsets of that text in the scanned source. */
  start: number
  end: number
  kind: SpecifierKind
}

export interface ScanImportsOptions {
  /** The φ table of the file; omitted for plain TypeScript/JavaScript, which is scanned as is. */
  table?: SymbolTable
  jsx?: boolean
  filename?: string
}

const PLAIN = buildTable('typescript', [])

/**
 * One pass of the TypeScript scanner that converts φ source (when a table is given) and lists
 * the string literals naming a module, so imports are found as tokens: never inside comments,
 * strings or template text. Offsets refer to `source`; template-literal specifiers are not listed.
 */
export function scanImports(source: string, options: ScanImportsOptions = {}): { code: string; specifiers: ModuleSpecifier[] } {
  const specifiers: ModuleSpecifier[] = []
  const scan = createScan(source, options.table ?? PLAIN, 'forward', options.filename)
  scanTypescript(scan, options.jsx ?? false, (start, end, kind) =>
    specifiers.push({ value: source.slice(start, end), start, end, kind }),
  )
  return { code: finishScan(scan), specifiers }
}
