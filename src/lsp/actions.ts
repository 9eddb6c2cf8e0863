import { basename, dirname, join } from 'node:path'
import { CodeActionKind, type CodeAction } from 'vscode-languageserver'
import { loadConfig } from '../config/load'
import { kindOf, plainExtensionFor } from '../kinds/extensions'
import { toPhicode } from '../transpile/convert'
import type { PhiDocument } from './types'

const stem = (path: string): string => basename(path).replace(/\.[^.]+$/, '')

/** A new file beside `path` holding `text` (replacing one of that name). */
function createFile(title: string, path: string, text: string): CodeAction {
  const uri = Bun.pathToFileURL(path).href
  return {
    title,
    kind: CodeActionKind.Source,
    edit: {
      documentChanges: [
        { kind: 'create', uri, options: { overwrite: true } },
        { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] },
      ],
    },
  }
}

/** "Convert this file to plain code": `a.φ` → `a.ts`/`a.tsx`/`a.py` beside it. */
export function toPlainAction(doc: PhiDocument): CodeAction[] {
  if (!doc.converted || doc.error) return []
  const code = doc.converted.code.getText()
  const jsx = doc.dialect === 'typescript' && /<[A-Za-z>]/.test(code)
  const target = join(dirname(doc.path), stem(doc.path) + plainExtensionFor(doc.dialect, jsx))
  return [createFile(`Convert this file to plain code (${basename(target)})`, target, code)]
}

/** "Convert this file to φ": `a.ts`/`a.py` → `a.φ` beside it, in the project's symbols. */
export function toPhiAction(path: string, text: string): CodeAction[] {
  const kind = kindOf(path, [])
  if (!kind?.dialect) return []
  const config = loadConfig(dirname(path))
  let phi: string
  try {
    phi = toPhicode(text, { table: config.tables[kind.dialect], jsx: kind.jsx, filename: path })
  } catch {
    return []
  }
  const target = join(dirname(path), stem(path) + config.config.file_extension)
  return [createFile(`Convert this file to φ (${basename(target)})`, target, phi)]
}
