import {
  CodeActionKind, LSPErrorCodes, ProposedFeatures, ResponseError, StreamMessageReader, StreamMessageWriter, TextDocumentSyncKind,
  createConnection, type CancellationToken, type CompletionItem, type Diagnostic,
} from 'vscode-languageserver/node'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { perProject } from './_per-project'
import { toPhiAction, toPlainAction } from './actions'
import { symbolCompletions } from './completion'
import { configDiagnostic, pythonSyntax, transpileDiagnostic } from './diagnostics'
import { diskDialect, PhiDocuments, isPhiDocument, uriPath } from './documents'
import { formatDocument } from './format'
import { symbolHover } from './hover'
import { pythonDefinition, pythonSymbols } from './python/outline'
import type { PhiDocument } from './types'

type TypeFeatures = typeof import('./typescript/features')
type TypeProject = import('./typescript/service').TypeProject
type CompletionData = import('./typescript/features').CompletionData
type PyrightServer = import('./python/pyright').PyrightServer

/** Waits this long after the last change before checking a document: typing does not queue checks. */
const SETTLE_MS = 150

const PHI_LANGUAGES = new Set(['phi-python', 'phi-typescript', 'phi'])

/**
 * The φ language server over stdio, both dialects. Every request is answered from the open
 * documents' last conversion; a handler that fails logs and answers nothing, so a broken file
 * never ends the server. TypeScript (the language service) loads on the first φ-TypeScript file.
 */
export function startLanguageServer(): Promise<number> {
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout))
  const docs = new PhiDocuments()
  const plain = new Map<string, TextDocument>()
  const uris = new Map<string, string>()
  const checks = new Map<string, AbortController>()
  let types: TypeFeatures | undefined

  const typeLayer = async (): Promise<TypeFeatures> => (types ??= await import('./typescript/features'))
  /** The project's TypeScript service; undefined (said once) when no TypeScript can be had. */
  const projects = perProject<TypeProject>(
    async (root) => {
      const [{ TypeProject }, { loadTypescript }] = await Promise.all([import('./typescript/service'), import('./typescript/load')])
      return new TypeProject(await loadTypescript(root, process.env), root)
    },
    (root, error) => connection.window.showWarningMessage(`phicode: no TypeScript types for ${root}: ${(error as Error).message}`),
    'package.json, tsconfig.json, .git or .(φ)',
  )
  const projectOf = (doc: PhiDocument) => projects.of(doc.path)

  /** The project's pyright language server; undefined (said once in the log) when there is none or it stopped. */
  const pyrights = perProject<PyrightServer>(
    async (root) => {
      const { PyrightServer } = await import('./python/pyright')
      return PyrightServer.start(root, {
        unavailable: (why) => connection.console.warn(`phicode: no Python types for ${root}: ${why}`),
        died: (why) => {
          connection.console.error(`phicode: ${why}; φ-Python of ${root} goes on without types`)
          pyrights.forget(root)
        },
        republished: (path) => {
          const open = docs.get(uris.get(path) ?? '')
          if (open) schedule(open)
        },
      })
    },
    (root, error) => connection.console.warn(`phicode: no Python types for ${root}: ${describe(error)}`),
    'pyproject.toml, package.json, .git or .(φ)',
  )
  const pyrightOf = (doc: PhiDocument) => pyrights.of(doc.path)

  /** Runs a pyright feature for a φ-Python document; undefined when pyright is not there (the caller falls back). */
  const withPyright = async <T>(doc: PhiDocument, fn: (p: PyrightServer) => Promise<T | undefined>): Promise<T | undefined> => {
    if (doc.dialect !== 'python') return undefined
    const server = await pyrightOf(doc)
    return server ? fn(server) : undefined
  }

  /** Runs a TypeScript feature with the request's cancellation; undefined for φ-Python. */
  const withTypes = async <T>(doc: PhiDocument, token: CancellationToken | undefined, fn: (t: TypeFeatures, p: TypeProject) => T): Promise<T | undefined> => {
    if (doc.dialect !== 'typescript') return undefined
    // TypeScript's work is synchronous: a cancellation already sent (a newer keystroke's request) is read first.
    await new Promise((resolve) => setTimeout(resolve, 0))
    if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled')
    const t = await typeLayer()
    const project = await projectOf(doc)
    if (!project) return undefined
    return project.withCancellation(() => token?.isCancellationRequested === true, () => fn(t, project))
  }

  const check = async (doc: PhiDocument, signal: AbortSignal): Promise<Diagnostic[]> => {
    const found: Diagnostic[] = doc.error ? [transpileDiagnostic(doc.text.getText(), doc.error)] : []
    if (doc.configError) found.push(configDiagnostic(doc.configError))
    if (doc.error || !doc.converted) return found
    if (doc.dialect === 'python') {
      // pyright parses too: python3's verdict is for when there is no pyright.
      const typed = await withPyright(doc, (p) => p.diagnostics(doc, signal))
      return [...found, ...(typed ?? (await pythonSyntax(doc.converted, signal)))]
    }
    const token: CancellationToken = { get isCancellationRequested() { return signal.aborted }, onCancellationRequested: () => ({ dispose() {} }) }
    return [...found, ...((await withTypes(doc, token, (t, p) => t.typeDiagnostics(p, doc))) ?? [])]
  }

  const schedule = (doc: PhiDocument): void => {
    checks.get(doc.uri)?.abort()
    const controller = new AbortController()
    checks.set(doc.uri, controller)
    const version = doc.text.version
    setTimeout(() => {
      if (controller.signal.aborted) return
      check(doc, controller.signal)
        .then((diagnostics) => {
          if (!controller.signal.aborted && docs.get(doc.uri) === doc) connection.sendDiagnostics({ uri: doc.uri, version, diagnostics })
        })
        .catch((error) => {
          if (!controller.signal.aborted) connection.console.error(`checking ${doc.uri}: ${describe(error)}`)
        })
    }, SETTLE_MS)
  }

  /** A φ change can change what the other open files of its dialect see. */
  const scheduleAll = (changed: PhiDocument): void => {
    for (const doc of docs.all()) if (doc === changed || (doc.dialect === 'typescript' && changed.dialect === 'typescript')) schedule(doc)
  }

  /** Answers a request safely: cancellation as the spec says, any other failure logged and answered with `empty`. */
  const guard = <P, R>(name: string, empty: R, fn: (params: P, token: CancellationToken) => R | Promise<R>) =>
    async (params: P, token: CancellationToken): Promise<R> => {
      try {
        const result = await fn(params, token)
        if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled')
        return result
      } catch (error) {
        if (error instanceof ResponseError) throw error
        if (token.isCancellationRequested || (error as Error)?.name === 'OperationCanceledException') {
          throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled')
        }
        connection.console.error(`${name}: ${describe(error)}`)
        return empty
      }
    }

  const phiDoc = (uri: string): PhiDocument | undefined => docs.get(uri)

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { triggerCharacters: ['\\', '.'], resolveProvider: true },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      documentFormattingProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.Source] },
    },
    serverInfo: { name: 'phicode' },
  }))

  connection.onDidOpenTextDocument(({ textDocument: t }) => {
    try {
      const path = uriPath(t.uri)
      if (!PHI_LANGUAGES.has(t.languageId) && !(path && isPhiDocument(path))) {
        plain.set(t.uri, TextDocument.create(t.uri, t.languageId, t.version, t.text))
        return
      }
      const doc = docs.open(t.uri, t.languageId, t.version, t.text)
      if (doc) {
        uris.set(doc.path, doc.uri)
        scheduleAll(doc)
      }
    } catch (error) {
      connection.console.error(`opening ${t.uri}: ${describe(error)}`)
    }
  })

  connection.onDidChangeTextDocument(({ textDocument: t, contentChanges }) => {
    try {
      const known = plain.get(t.uri)
      if (known) {
        plain.set(t.uri, TextDocument.update(known, contentChanges, t.version))
        return
      }
      const doc = docs.change(t.uri, t.version, contentChanges)
      if (doc) scheduleAll(doc)
    } catch (error) {
      connection.console.error(`changing ${t.uri}: ${describe(error)}`)
    }
  })

  connection.onDidCloseTextDocument(({ textDocument: t }) => {
    plain.delete(t.uri)
    const doc = docs.get(t.uri)
    if (!doc) return
    checks.get(t.uri)?.abort()
    docs.close(t.uri)
    uris.delete(doc.path)
    if (doc.dialect === 'python') void pyrights.started(doc.path)?.then((p) => p?.close(doc))
    if (doc.dialect === 'typescript') void projects.started(doc.path)?.then((p) => p?.revert(doc.path))
    connection.sendDiagnostics({ uri: t.uri, diagnostics: [] })
  })

  // φ files changed on disk by something else (a checkout, a generator): TypeScript reads them again.
  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    try {
      for (const change of changes) {
        const path = uriPath(change.uri)
        if (path && !docs.get(change.uri)) {
          // A φ-Python file is pyright's alone: TypeScript would read it converted as TypeScript.
          if (diskDialect(path) !== 'python') (await projects.started(path))?.revert(path)
          ;(await pyrights.started(path))?.diskChanged(path)
        }
      }
      // Open files' imports of φ files that appeared are named again.
      for (const doc of docs.all()) {
        if (doc.dialect !== 'typescript' || doc.error) continue
        ;(await projects.started(doc.path))?.update(doc.path, doc.text.getText(), true)
        schedule(doc)
      }
    } catch (error) {
      connection.console.error(`watched files: ${describe(error)}`)
    }
  })

  connection.onCompletion(guard('completion', [], async ({ textDocument, position }, token) => {
    const doc = phiDoc(textDocument.uri)
    if (!doc) return []
    const prefix = doc.text.getText({ start: { line: position.line, character: 0 }, end: position })
    const symbols = symbolCompletions(doc.table, prefix, position)
    // After `\`, only the symbols: the user asked for one.
    if (/\\[\w.$]*$/.test(prefix)) return symbols
    const typed = doc.dialect === 'python'
      ? ((await withPyright(doc, (p) => p.completion(doc, position, token))) ?? [])
      : ((await withTypes(doc, token, (t, p) => t.typeCompletions(p, doc, position))) ?? [])
    return [...symbols, ...typed]
  }))

  // A failed resolve answers the item as it was.
  connection.onCompletionResolve(async (item: CompletionItem, token) => {
    const data = item.data as CompletionData | undefined
    const doc = data && docs.get(uris.get(data.path) ?? '')
    if (!doc) return item
    return guard('completionResolve', item, async () => (await withTypes(doc, token, (t, p) => t.typeCompletionDetails(p, item, data))) ?? item)(item, token)
  })

  connection.onHover(guard('hover', null, async ({ textDocument, position }, token) => {
    const doc = phiDoc(textDocument.uri)
    if (!doc) return null
    return symbolHover(doc.text, doc.table, position)
      ?? (await withPyright(doc, (p) => p.hover(doc, position, token)))
      ?? (await withTypes(doc, token, (t, p) => t.typeHover(p, doc, position))) ?? null
  }))

  connection.onDefinition(guard('definition', [], async ({ textDocument, position }, token) => {
    const doc = phiDoc(textDocument.uri)
    if (doc?.dialect === 'python') {
      const typed = await withPyright(doc, (p) => p.definition(doc, position, token, uris))
      if (typed) return typed
      return pythonDefinition(doc.text.getText(), doc.table, position.line, position.character).map((s) => ({ uri: doc.uri, range: s.selectionRange }))
    }
    return doc ? ((await withTypes(doc, token, (t, p) => t.typeDefinition(p, doc, position, uris))) ?? []) : []
  }))

  connection.onReferences(guard('references', [], async ({ textDocument, position, context }, token) => {
    const doc = phiDoc(textDocument.uri)
    if (doc?.dialect === 'python') return (await withPyright(doc, (p) => p.references(doc, position, context.includeDeclaration, token, uris))) ?? []
    return doc ? ((await withTypes(doc, token, (t, p) => t.typeReferences(p, doc, position, uris))) ?? []) : []
  }))

  connection.onPrepareRename(guard('prepareRename', null, async ({ textDocument, position }, token) => {
    const doc = phiDoc(textDocument.uri)
    if (doc?.dialect === 'python') return (await withPyright(doc, (p) => p.prepareRename(doc, position, token))) ?? null
    return doc ? ((await withTypes(doc, token, (t, p) => t.typePrepareRename(p, doc, position))) ?? null) : null
  }))

  connection.onRenameRequest(guard('rename', null, async ({ textDocument, position, newName }, token) => {
    const doc = phiDoc(textDocument.uri)
    if (doc?.dialect === 'python') return (await withPyright(doc, (p) => p.rename(doc, position, newName, token, uris))) ?? null
    return doc ? ((await withTypes(doc, token, (t, p) => t.typeRename(p, doc, position, newName, uris))) ?? null) : null
  }))

  connection.onDocumentSymbol(guard('documentSymbol', [], async ({ textDocument }, token) => {
    const doc = phiDoc(textDocument.uri)
    if (!doc) return []
    if (doc.dialect === 'python') return pythonSymbols(doc.text.getText(), doc.table)
    return (await withTypes(doc, token, (t, p) => t.typeSymbols(p, doc))) ?? []
  }))

  connection.onDocumentFormatting(guard('formatting', [], async ({ textDocument }) => {
    const doc = phiDoc(textDocument.uri)
    return doc ? formatDocument(doc) : []
  }))

  // Which dialect the server reads a φ file as, so an editor can highlight it as that (editors/vscode).
  connection.onRequest('phicode/dialect', ({ uri }: { uri: string }) => docs.get(uri)?.dialect ?? null)

  connection.onCodeAction(guard('codeAction', [], ({ textDocument }) => {
    const doc = phiDoc(textDocument.uri)
    if (doc) return toPlainAction(doc)
    const text = plain.get(textDocument.uri)
    const path = uriPath(textDocument.uri)
    return text && path ? toPhiAction(path, text.getText()) : []
  }))

  return new Promise((resolve) => {
    let shutdown = false
    const done = () => {
      for (const c of checks.values()) c.abort()
      for (const p of pyrights.all()) void p.then((server) => server?.dispose())
      process.stdin.destroy()
      // The spec: exit code 0 after a shutdown request, 1 without one.
      resolve(shutdown ? 0 : 1)
    }
    connection.onShutdown(() => {
      shutdown = true
    })
    connection.onExit(done)
    process.stdin.on('end', done)
    connection.listen()
  })
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}
