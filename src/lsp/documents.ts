import { readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { TextDocument } from 'vscode-languageserver-textdocument'
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver'
import { loadConfig } from '../config/load'
import type { LoadedConfig } from '../config/types'
import { decideDialect } from '../kinds/dialect'
import { phiExtensions, isPhiPath, PHI_EXTENSIONS } from '../kinds/extensions'
import { convert } from '../transpile/convert'
import { defaultTable } from '../transpile/symbol-table'
import { TranspileError } from '../transpile/error'
import type { Dialect, SymbolTable } from '../transpile/types'
import type { Conversion, PhiDocument } from './types'

/** A file URI's path; undefined for other schemes (untitled editors, virtual files). */
export function uriPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? Bun.fileURLToPath(uri) : undefined
}

/** The config of a file's folder; undefined (and why) when the project's config is broken. */
function configAt(dir: string): { config?: LoadedConfig; error?: string } {
  try {
    return { config: loadConfig(dir) }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

/** The project's φ extensions for a file's folder. */
const phiExtensionsAt = (dir: string): string[] => {
  const { config } = configAt(dir)
  return config ? phiExtensions(config.config.file_extension) : [...PHI_EXTENSIONS]
}

export const isPhiDocument = (path: string): boolean => isPhiPath(path, phiExtensionsAt(dirname(path)))

/** φ text → converted code, both as documents, with the table used. Throws `TranspileError`. */
const dialectIn = (dir: string, source: string, configured: Dialect | undefined): Dialect =>
  decideDialect({ source, dir, ...(configured ? { configured } : {}) }).dialect

/** The dialect of a φ file no editor has open, as `open` would decide it; undefined when it cannot be read. */
export function diskDialect(path: string): Dialect | undefined {
  try {
    const dir = dirname(path)
    return dialectIn(dir, readFileSync(path, 'utf8'), configAt(dir).config?.config.language)
  } catch {
    return undefined
  }
}

function convertText(uri: string, phi: TextDocument, dialect: Dialect, table: SymbolTable, path?: string): Conversion {
  const code = convert(phi.getText(), 'forward', { table, jsx: dialect === 'typescript', ...(path ? { filename: path } : {}) }).code
  return { phi, code: TextDocument.create(`${uri}#code`, dialect, phi.version, code), table }
}

/** The open φ documents: text kept in step with the editor (incremental changes), converted on each change. */
export class PhiDocuments {
  readonly #docs = new Map<string, PhiDocument>()

  get(uri: string): PhiDocument | undefined {
    return this.#docs.get(uri)
  }

  all(): PhiDocument[] {
    return [...this.#docs.values()]
  }

  open(uri: string, languageId: string, version: number, text: string): PhiDocument | undefined {
    const path = uriPath(uri) ?? uri
    const dir = dirname(path)
    // A broken config leaves the defaults in force; the document says why (configError).
    const { config, error: configError } = configAt(dir)
    // The language id is not asked: editors name a φ file's language from the dialect decided here (phicode/dialect).
    const dialect = dialectIn(dir, text, config?.config.language)
    const doc: PhiDocument = {
      uri, path, dialect, table: config?.tables[dialect] ?? defaultTable(dialect),
      text: TextDocument.create(uri, languageId, version, text), converted: undefined, error: undefined, configError,
    }
    this.#docs.set(uri, doc)
    this.#reconvert(doc)
    return doc
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): PhiDocument | undefined {
    const doc = this.#docs.get(uri)
    if (!doc) return undefined
    doc.text = TextDocument.update(doc.text, changes, version)
    this.#reconvert(doc)
    return doc
  }

  close(uri: string): void {
    this.#docs.delete(uri)
  }

  #reconvert(doc: PhiDocument): void {
    try {
      doc.converted = convertText(doc.uri, doc.text, doc.dialect, doc.table, doc.path)
      doc.error = undefined
    } catch (error) {
      if (!(error instanceof TranspileError)) throw error
      doc.error = error
    }
  }
}
