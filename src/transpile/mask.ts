import { createScan } from './_scan'
import { scanPython } from './python'
import { buildTable } from './symbol-table'
import type { Dialect } from './types'
import { scanTypescript } from './typescript'

const emptyTables = { python: buildTable('python', []), typescript: buildTable('typescript', []) }

export interface MaskOptions {
  jsx?: boolean
  filename?: string
}

/**
 * Plain code (not φ) with every character that is not code — string and template contents,
 * comments, regular expression bodies, f-string text, JSX text — replaced by a space. Line
 * breaks and string delimiters stay and nothing moves, so a match in the mask is code at the
 * same offset, line and column of the source (for the security scanner). Throws `TranspileError`
 * for an unterminated literal, as the transpiler does.
 */
export function codeMask(source: string, dialect: Dialect, options: MaskOptions = {}): string {
  // The empty table makes the scan a pure tokenizer: nothing to convert, no symbol to refuse.
  const scan = createScan(source, emptyTables[dialect], 'reverse', options.filename)
  const text: number[] = []
  scan.textSpans = text
  if (dialect === 'python') scanPython(scan)
  else scanTypescript(scan, options.jsx ?? false)
  let masked = ''
  let last = 0
  for (let k = 0; k < text.length; k += 2) {
    const start = text[k]!
    const end = text[k + 1]!
    masked += source.slice(last, start) + source.slice(start, end).replace(/[^\r\n\u2028\u2029]/g, ' ')
    last = end
  }
  return masked + source.slice(last)
}
