import type * as TS from 'typescript6'
import {
  CompletionItemKind, DiagnosticSeverity, SymbolKind,
  type CompletionItem, type Diagnostic, type DocumentSymbol, type Hover, type Location, type Position, type Range, type WorkspaceEdit,
} from 'vscode-languageserver'
import { codeOffset, spanToPhi } from '../positions'
import type { Conversion, PhiDocument } from '../types'
import type { TypeProject } from './service'

/**
 * The LSP features of φ-TypeScript: each asks TypeScript at the converted-code offset of a φ
 * position and maps every span it answers back into the φ file it lies in.
 */

/**
 * The project's view of an open document, brought up to its text, with the conversion that maps
 * positions and its TypeScript name. A text that does not convert leaves the last good one.
 */
function sync(project: TypeProject, doc: PhiDocument): { c: Conversion; name: string } | undefined {
  if (!doc.error) project.update(doc.path, doc.text.getText())
  const c = project.conversionOf(doc.path)
  const name = project.virtualName(doc.path)
  return c && name ? { c, name } : undefined
}

const fileUri = (path: string): string => Bun.pathToFileURL(path).href

/** A TypeScript span as an LSP location: in φ coordinates when the file is φ. `uris` keeps the editor's spelling of open files' URIs. */
function locate(project: TypeProject, fileName: string, span: TS.TextSpan, uris: Map<string, string>): Location | undefined {
  const phiPath = project.phiPathOf(fileName)
  if (phiPath) {
    const c = project.conversionOf(phiPath)
    return c ? { uri: uris.get(phiPath) ?? fileUri(phiPath), range: spanToPhi(c, span.start, span.length) } : undefined
  }
  const start = project.lineAndCharacter(fileName, span.start)
  const end = project.lineAndCharacter(fileName, span.start + span.length)
  if (!start || !end) return undefined
  return { uri: fileUri(fileName), range: { start, end } }
}

export function typeDiagnostics(project: TypeProject, doc: PhiDocument): Diagnostic[] {
  const synced = sync(project, doc)
  if (!synced) return []
  const { c, name } = synced
  const { ts } = project
  const found = [...project.service.getSyntacticDiagnostics(name), ...project.service.getSemanticDiagnostics(name)]
  return found.map((d) => ({
    range: spanToPhi(c, d.start ?? 0, d.length ?? 0),
    severity: d.category === ts.DiagnosticCategory.Error ? DiagnosticSeverity.Error
      : d.category === ts.DiagnosticCategory.Warning ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    code: d.code,
    source: 'typescript',
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }))
}

const COMPLETION_KINDS: Record<string, CompletionItemKind> = {
  function: CompletionItemKind.Function, method: CompletionItemKind.Method, property: CompletionItemKind.Property,
  var: CompletionItemKind.Variable, let: CompletionItemKind.Variable, const: CompletionItemKind.Constant,
  'local var': CompletionItemKind.Variable, 'local function': CompletionItemKind.Function, class: CompletionItemKind.Class,
  interface: CompletionItemKind.Interface, type: CompletionItemKind.TypeParameter, enum: CompletionItemKind.Enum,
  module: CompletionItemKind.Module, keyword: CompletionItemKind.Keyword, parameter: CompletionItemKind.Variable,
  alias: CompletionItemKind.Reference, 'enum member': CompletionItemKind.EnumMember,
}

/** TypeScript's completions; keywords that have a φ symbol are left to the symbol completions. */
export function typeCompletions(project: TypeProject, doc: PhiDocument, p: Position): CompletionItem[] {
  const synced = sync(project, doc)
  if (!synced) return []
  const { c, name } = synced
  const offset = codeOffset(c, p)
  const info = project.service.getCompletionsAtPosition(name, offset, {})
  if (!info) return []
  const symbolised = new Set(c.table.entries.map((e) => e.keyword))
  return info.entries
    .filter((e) => !(e.kind === 'keyword' && symbolised.has(e.name)))
    .map((e) => ({
      label: e.name, kind: COMPLETION_KINDS[e.kind] ?? CompletionItemKind.Text, sortText: `1${e.sortText}`,
      data: { path: doc.path, offset, name: e.name, ...(e.source ? { source: e.source } : {}) } satisfies CompletionData,
    }))
}

/** What a TypeScript completion item carries to its resolve request. */
export interface CompletionData {
  path: string
  offset: number
  name: string
  source?: string
}

/** The signature and documentation of a completion item, asked for when the editor shows it. */
export function typeCompletionDetails(project: TypeProject, item: CompletionItem, data: CompletionData): CompletionItem {
  const name = project.virtualName(data.path)
  const details = name && project.service.getCompletionEntryDetails(name, data.offset, data.name, undefined, data.source, undefined, undefined)
  if (!details) return item
  const docs = project.ts.displayPartsToString(details.documentation)
  return {
    ...item,
    detail: project.ts.displayPartsToString(details.displayParts),
    ...(docs ? { documentation: { kind: 'markdown', value: docs } } : {}),
  }
}

export function typeHover(project: TypeProject, doc: PhiDocument, p: Position): Hover | undefined {
  const synced = sync(project, doc)
  if (!synced) return undefined
  const { c, name } = synced
  const info = project.service.getQuickInfoAtPosition(name, codeOffset(c, p))
  if (!info) return undefined
  const signature = project.ts.displayPartsToString(info.displayParts)
  const docs = project.ts.displayPartsToString(info.documentation)
  return {
    contents: { kind: 'markdown', value: '```typescript\n' + signature + '\n```' + (docs ? `\n\n${docs}` : '') },
    range: spanToPhi(c, info.textSpan.start, info.textSpan.length),
  }
}

type SpansAt = (fileName: string, offset: number) => readonly { fileName: string; textSpan: TS.TextSpan }[] | undefined

/** What the service finds at a φ position (definitions, references), as φ locations. */
function locationsAt(project: TypeProject, doc: PhiDocument, p: Position, uris: Map<string, string>, find: SpansAt): Location[] {
  const synced = sync(project, doc)
  if (!synced) return []
  const found = find(synced.name, codeOffset(synced.c, p)) ?? []
  return found.flatMap((span) => locate(project, span.fileName, span.textSpan, uris) ?? [])
}

export const typeDefinition = (project: TypeProject, doc: PhiDocument, p: Position, uris: Map<string, string>): Location[] =>
  locationsAt(project, doc, p, uris, (name, at) => project.service.getDefinitionAtPosition(name, at))

export const typeReferences = (project: TypeProject, doc: PhiDocument, p: Position, uris: Map<string, string>): Location[] =>
  locationsAt(project, doc, p, uris, (name, at) => project.service.getReferencesAtPosition(name, at))

export function typePrepareRename(project: TypeProject, doc: PhiDocument, p: Position): Range | undefined {
  const synced = sync(project, doc)
  if (!synced) return undefined
  const { c, name } = synced
  const info = project.service.getRenameInfo(name, codeOffset(c, p), {})
  return info.canRename ? spanToPhi(c, info.triggerSpan.start, info.triggerSpan.length) : undefined
}

/** Every place the name is written, across φ and plain files, as edits in each file's own coordinates. */
export function typeRename(project: TypeProject, doc: PhiDocument, p: Position, newName: string, uris: Map<string, string>): WorkspaceEdit | undefined {
  const synced = sync(project, doc)
  if (!synced) return undefined
  const { c, name } = synced
  const found = project.service.findRenameLocations(name, codeOffset(c, p), false, false, {})
  if (!found) return undefined
  const changes: NonNullable<WorkspaceEdit['changes']> = {}
  for (const r of found) {
    const where = locate(project, r.fileName, r.textSpan, uris)
    if (where) (changes[where.uri] ??= []).push({ range: where.range, newText: `${r.prefixText ?? ''}${newName}${r.suffixText ?? ''}` })
  }
  return { changes }
}

const SYMBOL_KINDS: Record<string, SymbolKind> = {
  function: SymbolKind.Function, 'local function': SymbolKind.Function, method: SymbolKind.Method, class: SymbolKind.Class,
  interface: SymbolKind.Interface, type: SymbolKind.TypeParameter, enum: SymbolKind.Enum, 'enum member': SymbolKind.EnumMember,
  property: SymbolKind.Property, var: SymbolKind.Variable, let: SymbolKind.Variable, const: SymbolKind.Constant,
  constructor: SymbolKind.Constructor, getter: SymbolKind.Property, setter: SymbolKind.Property, module: SymbolKind.Module,
}

export function typeSymbols(project: TypeProject, doc: PhiDocument): DocumentSymbol[] {
  const synced = sync(project, doc)
  if (!synced) return []
  const { c, name } = synced
  const toSymbol = (item: TS.NavigationTree): DocumentSymbol => {
    const span = item.spans[0]!
    const name = item.nameSpan ?? span
    return {
      name: item.text,
      kind: SYMBOL_KINDS[item.kind] ?? SymbolKind.Variable,
      range: spanToPhi(c, span.start, span.length),
      selectionRange: spanToPhi(c, name.start, name.length),
      children: (item.childItems ?? []).filter((i) => i.kind !== 'alias').map(toSymbol),
    }
  }
  const tree = project.service.getNavigationTree(name)
  return (tree.childItems ?? []).filter((i) => i.kind !== 'alias').map(toSymbol)
}
