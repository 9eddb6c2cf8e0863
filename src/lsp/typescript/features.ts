import ts from 'typescript6'
import {
  CompletionItemKind, DiagnosticSeverity, SymbolKind,
  type CompletionItem, type Diagnostic, type DocumentSymbol, type Hover, type Location, type Position, type Range, type WorkspaceEdit,
} from 'vscode-languageserver'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { codeOffset, spanToPhi } from '../positions'
import type { Conversion, PhiDocument } from '../types'
import { TypeProject } from './service'

/**
 * The LSP features of φ-TypeScript: each asks TypeScript at the converted-code offset of a φ
 * position and maps every span it answers back into the φ file it lies in.
 */

/** The project's view of an open document, updated to its last conversion. */
export function syncOpen(project: TypeProject, doc: PhiDocument): Conversion | undefined {
  const c = doc.converted
  if (!c) return undefined
  project.setOpen(doc.path, { phi: c.phi.getText(), code: c.code.getText(), table: c.table, version: `open:${c.code.version}:${doc.error ? 'stale' : 'ok'}` })
  return c
}

const fileUri = (path: string): string => Bun.pathToFileURL(path).href

/** A TypeScript span as an LSP location: in φ coordinates when the file is φ. `uris` keeps the editor's spelling of open files' URIs. */
function locate(project: TypeProject, fileName: string, span: ts.TextSpan, uris: Map<string, string>): Location | undefined {
  const phiPath = project.phiPathOf(fileName)
  if (phiPath) {
    const source = project.sourceOf(phiPath)
    if (!source) return undefined
    const c: Conversion = {
      phi: TextDocument.create('', '', 0, source.phi), code: TextDocument.create('', '', 0, source.code), table: source.table,
    }
    return { uri: uris.get(phiPath) ?? fileUri(phiPath), range: spanToPhi(c, span.start, span.length) }
  }
  const start = project.lineAndCharacter(fileName, span.start)
  const end = project.lineAndCharacter(fileName, span.start + span.length)
  if (!start || !end) return undefined
  return { uri: fileUri(fileName), range: { start, end } }
}

const message = (m: string | ts.DiagnosticMessageChain): string => ts.flattenDiagnosticMessageText(m, '\n')

export function typeDiagnostics(project: TypeProject, doc: PhiDocument): Diagnostic[] {
  const c = syncOpen(project, doc)
  if (!c) return []
  const name = TypeProject.virtualName(doc.path)
  const found = [...project.service.getSyntacticDiagnostics(name), ...project.service.getSemanticDiagnostics(name)]
  return found.map((d) => ({
    range: spanToPhi(c, d.start ?? 0, d.length ?? 0),
    severity: d.category === ts.DiagnosticCategory.Error ? DiagnosticSeverity.Error
      : d.category === ts.DiagnosticCategory.Warning ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    code: d.code,
    source: 'typescript',
    message: message(d.messageText),
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
  const c = syncOpen(project, doc)
  if (!c) return []
  const info = project.service.getCompletionsAtPosition(TypeProject.virtualName(doc.path), codeOffset(c, p), {})
  if (!info) return []
  const symbolised = new Set(c.table.entries.map((e) => e.keyword))
  return info.entries
    .filter((e) => !(e.kind === 'keyword' && symbolised.has(e.name)))
    .map((e) => ({ label: e.name, kind: COMPLETION_KINDS[e.kind] ?? CompletionItemKind.Text, sortText: `1${e.sortText}` }))
}

export function typeHover(project: TypeProject, doc: PhiDocument, p: Position): Hover | undefined {
  const c = syncOpen(project, doc)
  if (!c) return undefined
  const info = project.service.getQuickInfoAtPosition(TypeProject.virtualName(doc.path), codeOffset(c, p))
  if (!info) return undefined
  const signature = ts.displayPartsToString(info.displayParts)
  const docs = ts.displayPartsToString(info.documentation)
  return {
    contents: { kind: 'markdown', value: '```typescript\n' + signature + '\n```' + (docs ? `\n\n${docs}` : '') },
    range: spanToPhi(c, info.textSpan.start, info.textSpan.length),
  }
}

export function typeDefinition(project: TypeProject, doc: PhiDocument, p: Position, uris: Map<string, string>): Location[] {
  const c = syncOpen(project, doc)
  if (!c) return []
  const found = project.service.getDefinitionAtPosition(TypeProject.virtualName(doc.path), codeOffset(c, p)) ?? []
  return found.flatMap((d) => locate(project, d.fileName, d.textSpan, uris) ?? [])
}

export function typeReferences(project: TypeProject, doc: PhiDocument, p: Position, uris: Map<string, string>): Location[] {
  const c = syncOpen(project, doc)
  if (!c) return []
  const found = project.service.getReferencesAtPosition(TypeProject.virtualName(doc.path), codeOffset(c, p)) ?? []
  return found.flatMap((r) => locate(project, r.fileName, r.textSpan, uris) ?? [])
}

export function typePrepareRename(project: TypeProject, doc: PhiDocument, p: Position): Range | undefined {
  const c = syncOpen(project, doc)
  if (!c) return undefined
  const info = project.service.getRenameInfo(TypeProject.virtualName(doc.path), codeOffset(c, p), {})
  return info.canRename ? spanToPhi(c, info.triggerSpan.start, info.triggerSpan.length) : undefined
}

/** Every place the name is written, across φ and plain files, as edits in each file's own coordinates. */
export function typeRename(project: TypeProject, doc: PhiDocument, p: Position, newName: string, uris: Map<string, string>): WorkspaceEdit | undefined {
  const c = syncOpen(project, doc)
  if (!c) return undefined
  const found = project.service.findRenameLocations(TypeProject.virtualName(doc.path), codeOffset(c, p), false, false, {})
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
  const c = syncOpen(project, doc)
  if (!c) return []
  const toSymbol = (item: ts.NavigationTree): DocumentSymbol => {
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
  const tree = project.service.getNavigationTree(TypeProject.virtualName(doc.path))
  return (tree.childItems ?? []).filter((i) => i.kind !== 'alias').map(toSymbol)
}
