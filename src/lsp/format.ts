import { dirname } from 'node:path'
import type { TextEdit } from 'vscode-languageserver'
import { plainExtensionFor } from '../kinds/extensions'
import { toPhicode } from '../transpile/convert'
import type { PhiDocument } from './types'

/** Prettier from the project's node_modules, found from the file's folder; undefined when it has none. */
async function prettierFormat(code: string, path: string): Promise<string | undefined> {
  let entry: string
  try {
    entry = Bun.resolveSync('prettier', dirname(path))
  } catch {
    return undefined
  }
  const prettier = (await import(entry)) as typeof import('prettier')
  const asFile = path.replace(/\.[^./]+$/, plainExtensionFor('typescript', true))
  const options = (await prettier.resolveConfig(path)) ?? {}
  return prettier.format(code, { ...options, filepath: asFile })
}

/** `ruff format`, else `black`, from PATH; undefined when neither is installed. */
async function pythonFormat(code: string, path: string): Promise<string | undefined> {
  const ruff = Bun.which('ruff')
  const black = Bun.which('black')
  const cmd = ruff ? [ruff, 'format', '--stdin-filename', path.replace(/\.[^./]+$/, '.py'), '-'] : black ? [black, '-q', '-'] : undefined
  if (!cmd) return undefined
  const proc = Bun.spawn(cmd, { cwd: dirname(path), stdin: new Blob([code]), stdout: 'pipe', stderr: 'ignore' })
  const out = await new Response(proc.stdout).text()
  return (await proc.exited) === 0 ? out : undefined
}

/**
 * The project's formatter run on the converted code, and the result converted back to φ: one
 * edit replacing the text. None when the file does not convert or no formatter is installed.
 */
export async function formatDocument(doc: PhiDocument): Promise<TextEdit[]> {
  if (doc.error || !doc.converted) return []
  const code = doc.converted.code.getText()
  const formatted = doc.dialect === 'python' ? await pythonFormat(code, doc.path) : await prettierFormat(code, doc.path)
  if (formatted === undefined || formatted === code) return []
  const phi = toPhicode(formatted, { table: doc.table, jsx: doc.dialect === 'typescript' })
  const text = doc.text.getText()
  if (phi === text) return []
  return [{ range: { start: { line: 0, character: 0 }, end: doc.text.positionAt(text.length) }, newText: phi }]
}
