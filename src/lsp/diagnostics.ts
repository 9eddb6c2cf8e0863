import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver'
import type { TranspileError } from '../transpile/error'
import { toPhi } from './positions'
import type { Conversion } from './types'

/** The UTF-16 index of a 1-based code-point column in `line`. */
function utf16Index(line: string, column: number): number {
  let i = 0
  for (let n = 1; n < column && i < line.length; n++) i += line.codePointAt(i)! > 0xffff ? 2 : 1
  return i
}

/** A φ text that does not convert (an unterminated string, a symbol used as a name …). */
export function transpileDiagnostic(text: string, error: TranspileError): Diagnostic {
  const line = text.split(/\r\n|\r|\n/)[error.line - 1] ?? ''
  const character = utf16Index(line, error.column)
  return {
    range: { start: { line: error.line - 1, character }, end: { line: error.line - 1, character: Math.min(line.length, character + 1) } },
    severity: DiagnosticSeverity.Error,
    code: error.code,
    source: 'phicode',
    message: error.reason,
  }
}

/** A project config phicode cannot read, shown on the first line of each φ file it governs. */
export function configDiagnostic(message: string): Diagnostic {
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Warning, source: 'phicode', message }
}

// Reads the converted code on stdin and prints the first syntax error as JSON, or nothing.
const PYTHON_PARSE = [
  'import ast, json, sys',
  'try:',
  '    ast.parse(sys.stdin.read())',
  'except SyntaxError as e:',
  '    print(json.dumps([e.lineno or 1, e.offset or 1, e.end_lineno, e.end_offset, e.msg]))',
].join('\n')

/**
 * Python's own verdict on the converted code, when a `python3` is on PATH (none: the transpiler's
 * diagnostics are all there is). Positions come back in φ coordinates.
 */
export async function pythonSyntax(c: Conversion, signal: AbortSignal): Promise<Diagnostic[]> {
  const python = Bun.which('python3') ?? Bun.which('python')
  if (!python) return []
  const proc = Bun.spawn([python, '-I', '-c', PYTHON_PARSE], { stdin: new Blob([c.code.getText()]), stdout: 'pipe', stderr: 'ignore', signal })
  const out = (await new Response(proc.stdout).text()).trim()
  await proc.exited
  if (!out) return []
  const [line, offset, endLine, endOffset, msg] = JSON.parse(out) as [number, number, number | null, number | null, string]
  const codeLine = c.code.getText({ start: { line: line - 1, character: 0 }, end: { line, character: 0 } })
  const start = toPhi(c, { line: line - 1, character: utf16Index(codeLine, offset) })
  const end = endLine === line && endOffset && endOffset > offset ? toPhi(c, { line: line - 1, character: utf16Index(codeLine, endOffset) }) : { ...start, character: start.character + 1 }
  return [{ range: { start, end }, severity: DiagnosticSeverity.Error, source: 'python', message: msg }]
}
