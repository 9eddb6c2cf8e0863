import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { TextDocument } from 'vscode-languageserver-textdocument'
import {
  CancellationTokenSource, CompletionItemKind, createMessageConnection, FileChangeType, StreamMessageReader, StreamMessageWriter,
  type CancellationToken, type CompletionItem, type CompletionList, type Diagnostic, type Hover, type Location, type LocationLink, type MessageConnection, type Position,
  type Range, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node'
import { loadPhiProject, type PhiProject } from '../../check'
import { fromShadow, removeShadow, writeShadow } from '../../check'
import { findPyright } from '../../check/python'
import { decideDialect } from '../../kinds'
import { toPhicode } from '../../transpile/convert'
import { decodeSource } from '../../transpile/source'
import { COMPILED } from '../../util/self'
import { rangeToPhi, toCode } from '../positions'
import type { Conversion, PhiDocument } from '../types'

/** pyright's language server: the project's npm package (run by this binary as Bun), else `pyright-langserver` on PATH. */
function langserverCommand(root: string): { command: string[]; env: Record<string, string | undefined> } | undefined {
  const found = findPyright(root)
  if (!found) return undefined
  if (found.from === 'project') {
    const script = join(dirname(found.command[1]!), 'langserver.index.js')
    return { command: [found.command[0]!, script, '--stdio'], env: COMPILED ? { ...process.env, BUN_BE_BUN: '1' } : process.env }
  }
  const onPath = Bun.which('pyright-langserver')
  return onPath ? { command: [onPath, '--stdio'], env: process.env } : undefined
}

const fileUri = (path: string): string => Bun.pathToFileURL(path).href

/** The longest wait for pyright to list its workspace before the first request. */
const LISTING_MS = 10_000

/**
 * pyright's language server behind phicode's, for one project's φ-Python: every φ module is
 * written converted (`x.py`) to a shadow folder, `.(φ)cache/lsp-<pid>/`, which is pyright's workspace,
 * so imports between φ modules resolve on disk; open documents are sent to pyright as their
 * converted text. Positions go φ→code on the way in and code→φ on the way out. When pyright
 * stops, every request answers undefined and the caller falls back to what it has without it.
 */
export class PyrightServer {
  readonly #root: string
  readonly #dir: string
  readonly #phi: PhiProject
  readonly #connection: MessageConnection
  readonly #kill: () => void
  /** By shadow path: the version and code pyright has of each open document. */
  readonly #sent = new Map<string, { version: number; code: string }>()
  /** By shadow path: the diagnostics last pulled, to tell a re-check that changed something. */
  readonly #pulled = new Map<string, string>()
  #alive = true

  private constructor(root: string, dir: string, phi: PhiProject, connection: MessageConnection, kill: () => void) {
    this.#root = root
    this.#dir = dir
    this.#phi = phi
    this.#connection = connection
    this.#kill = kill
  }

  /**
   * Starts pyright for the project at `root`. Undefined (and why, through `unavailable`) when
   * there is none; `died` hears when it stops; `republished` when pyright re-checks a φ file on
   * its own (an import of it changed), so the server publishes its diagnostics again.
   */
  static async start(root: string, hooks: { unavailable(why: string): void; died(why: string): void; republished(phiPath: string): void }): Promise<PyrightServer | undefined> {
    const found = langserverCommand(root)
    if (!found) {
      hooks.unavailable('no pyright (npm install -D pyright, or pyright-langserver on PATH): φ-Python has syntax diagnostics, outline and same-file definition only')
      return undefined
    }
    const phi = loadPhiProject({ root, dialect: 'python' })
    // Per server: two editors on one project each have their own, and each removes only its own.
    const dir = join(root, '.(φ)cache', `lsp-${process.pid}`)
    _removeStale(dirname(dir))
    writeShadow(phi, dir)
    const own = _ownSettings(root)
    const extraPaths = [...new Set([...((own.extraPaths as string[] | undefined) ?? []), root, ...phi.modules.map((m) => dirname(m.path))])]
    writeFileSync(join(dir, 'pyrightconfig.json'), JSON.stringify({ ...own, extraPaths }))
    const { spawn } = require('node:child_process') as typeof import('node:child_process')
    const child = spawn(found.command[0]!, found.command.slice(1), { cwd: dir, env: found.env, stdio: ['pipe', 'pipe', 'ignore'] })
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!))
    const server = new PyrightServer(root, dir, phi, connection, () => child.kill())
    const stop = (why: string) => {
      if (!server.#alive) return
      server.#alive = false
      connection.dispose()
      removeShadow(dir)
      hooks.died(why)
    }
    child.on('exit', (code, signal) => stop(`pyright's language server stopped (${signal ?? `exit ${code}`})`))
    child.on('error', (error) => stop(`pyright's language server could not run: ${error.message}`))
    // pyright asks its client for settings and registrations: none, its defaults and the shadow's pyrightconfig.json apply.
    connection.onRequest((method, params) => (method === 'workspace/configuration' ? ((params as { items?: unknown[] }).items ?? []).map(() => null) : null))
    connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => server.#publish(p, hooks.republished))
    connection.onError(([error]) => stop(`pyright's language server: ${error.message}`))
    // Until pyright has listed its workspace, references and rename see only open files: it says when (or, in a version that words it otherwise, after a while).
    const listed = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, LISTING_MS)
      connection.onNotification('window/logMessage', ({ message }: { message: string }) => {
        if (!/source files? found|found \d+ source file/i.test(message)) return
        clearTimeout(timer)
        resolve()
      })
    })
    connection.listen()
    const initialize = connection.sendRequest('initialize', {
      processId: process.pid, rootUri: fileUri(dir), workspaceFolders: [{ uri: fileUri(dir), name: 'phicode' }],
      // Watching files is ours: pyright hears of each shadow file phicode writes for a φ file changed on disk.
      capabilities: {
        textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, publishDiagnostics: { versionSupport: true } },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true } },
      },
    })
    try {
      await initialize
    } catch (error) {
      server.dispose()
      throw error
    }
    await connection.sendNotification('initialized', {})
    await listed
    return server
  }

  /** Stops pyright and removes the shadow folder. */
  dispose(): void {
    if (!this.#alive) return
    this.#alive = false
    this.#connection.dispose()
    this.#kill()
    removeShadow(this.#dir)
  }

  /** pyright's type diagnostics of an open φ file, for its current text, in φ coordinates (pulled: a published set may be the empty one pyright sends before it checks). */
  async diagnostics(doc: PhiDocument, signal: AbortSignal): Promise<Diagnostic[] | undefined> {
    const shadow = this.#sync(doc)
    if (!shadow) return undefined
    const source = new CancellationTokenSource()
    signal.addEventListener('abort', () => source.cancel(), { once: true })
    const report = await this.#request<{ kind: string; items?: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: shadow.uri } }, source.token)
    if (!report?.items) return undefined
    this.#pulled.set(shadow.path, JSON.stringify(report.items))
    return report.items.map((d) => ({ ...d, range: rangeToPhi(shadow.c, d.range), source: 'pyright' }))
  }

  /**
   * pyright's completions at a φ position; keywords that have a φ symbol are left to the symbol
   * completions. An auto-import pyright adds comes back as φ (`← lib ⇒ add`).
   */
  async completion(doc: PhiDocument, p: Position, token: CancellationToken): Promise<CompletionItem[] | undefined> {
    const at = this.#at(doc, p)
    if (!at) return undefined
    const found = await this.#request<CompletionList | CompletionItem[] | null>('textDocument/completion', at.params, token)
    if (!found) return found === null ? [] : undefined
    const symbolised = new Set(at.c.table.entries.map((e) => e.keyword))
    const toPhi = (r: Range) => rangeToPhi(at.c, r)
    return (Array.isArray(found) ? found : found.items)
      .filter((item) => !(item.kind === CompletionItemKind.Keyword && symbolised.has(item.label)))
      .map((item) => {
        const { textEdit, additionalTextEdits } = item
        return {
          ...item,
          sortText: `1${item.sortText ?? item.label}`,
          ...(textEdit ? { textEdit: 'range' in textEdit ? { ...textEdit, range: toPhi(textEdit.range) } : { ...textEdit, insert: toPhi(textEdit.insert), replace: toPhi(textEdit.replace) } } : {}),
          ...(additionalTextEdits ? { additionalTextEdits: additionalTextEdits.map((e) => ({ range: toPhi(e.range), newText: toPhicode(e.newText, { table: at.c.table }) })) } : {}),
        }
      })
  }

  async hover(doc: PhiDocument, p: Position, token: CancellationToken): Promise<Hover | null | undefined> {
    const at = this.#at(doc, p)
    if (!at) return undefined
    const found = await this.#request<Hover | null>('textDocument/hover', at.params, token)
    if (!found) return found
    return found.range ? { ...found, range: rangeToPhi(at.c, found.range) } : found
  }

  async definition(doc: PhiDocument, p: Position, token: CancellationToken, uris: Map<string, string>): Promise<Location[] | undefined> {
    const at = this.#at(doc, p)
    if (!at) return undefined
    const found = await this.#request<Location | Location[] | LocationLink[] | null>('textDocument/definition', at.params, token)
    if (found === undefined) return undefined
    const list = found === null ? [] : Array.isArray(found) ? found : [found]
    return list.map((l) => ('targetUri' in l ? this.#locate(l.targetUri, l.targetSelectionRange, uris) : this.#locate(l.uri, l.range, uris)))
  }

  async references(doc: PhiDocument, p: Position, includeDeclaration: boolean, token: CancellationToken, uris: Map<string, string>): Promise<Location[] | undefined> {
    const at = this.#at(doc, p)
    if (!at) return undefined
    const found = await this.#request<Location[] | null>('textDocument/references', { ...at.params, context: { includeDeclaration } }, token)
    return found === undefined ? undefined : (found ?? []).map((l) => this.#locate(l.uri, l.range, uris))
  }

  async prepareRename(doc: PhiDocument, p: Position, token: CancellationToken): Promise<Range | null | undefined> {
    const at = this.#at(doc, p)
    if (!at) return undefined
    const found = await this.#request<Range | { range: Range } | null>('textDocument/prepareRename', at.params, token)
    if (!found) return found
    return rangeToPhi(at.c, 'range' in found ? found.range : found)
  }

  /** pyright's rename, its edits of φ modules turned into edits of the φ files. */
  async rename(doc: PhiDocument, p: Position, newName: string, token: CancellationToken, uris: Map<string, string>): Promise<WorkspaceEdit | null | undefined> {
    const at = this.#at(doc, p)
    if (!at) return undefined
    const found = await this.#request<WorkspaceEdit | null>('textDocument/rename', { ...at.params, newName }, token)
    if (!found) return found
    const byUri: Array<[string, TextEdit[]]> = [...Object.entries(found.changes ?? {})]
    for (const change of found.documentChanges ?? []) if ('edits' in change) byUri.push([change.textDocument.uri, change.edits.filter((e): e is TextEdit => 'range' in e)])
    const changes: Record<string, TextEdit[]> = {}
    for (const [uri, edits] of byUri) {
      for (const edit of edits) {
        const where = this.#locate(uri, edit.range, uris)
        ;(changes[where.uri] ??= []).push({ range: where.range, newText: edit.newText })
      }
    }
    return { changes }
  }

  /** An editor closed a φ file: pyright reads the disk's text of it again. */
  close(doc: PhiDocument): void {
    const module = this.#phi.module(doc.path)
    if (!this.#alive || !module) return
    const shadowPath = this.#shadowPath(module.virtualPath)
    if (!this.#sent.delete(shadowPath)) return
    this.#pulled.delete(shadowPath)
    // The disk's text goes to the shadow copy before pyright reads it again on close (a file never saved, or broken there, is gone).
    const saved = existsSync(doc.path) ? this.#phi.update(doc.path, decodeSource(readFileSync(doc.path)).text) : undefined
    this.#watched(shadowPath, saved && !saved.error ? saved.code : undefined)
    void this.#connection.sendNotification('textDocument/didClose', { textDocument: { uri: fileUri(shadowPath) } })
  }

  /**
   * A φ file of the project changed on disk (not in an editor): its shadow copy follows, and
   * pyright, watching its workspace, checks what imports it again. A φ-TypeScript file is not ours.
   */
  diskChanged(path: string): void {
    if (!this.#alive || this.#sent.has(this.#shadowPath(this.#phi.module(path)?.virtualPath ?? ''))) return
    if (!existsSync(path)) {
      const gone = this.#phi.module(path)
      if (gone) this.#watched(this.#shadowPath(gone.virtualPath))
      return
    }
    const phi = decodeSource(readFileSync(path)).text
    const configured = this.#phi.config.config.language
    if (decideDialect({ source: phi, dir: dirname(path), ...(configured ? { configured } : {}) }).dialect !== 'python') return
    const module = this.#phi.update(path, phi)
    if (module.error) return
    this.#watched(this.#shadowPath(module.virtualPath), module.code)
  }

  /** Writes a shadow file (removes it: no code) and tells pyright. */
  #watched(shadowPath: string, code?: string): void {
    const existed = existsSync(shadowPath)
    if (code === undefined) {
      rmSync(shadowPath, { force: true })
    } else {
      mkdirSync(dirname(shadowPath), { recursive: true })
      writeFileSync(shadowPath, code)
    }
    const change = code === undefined ? FileChangeType.Deleted : existed ? FileChangeType.Changed : FileChangeType.Created
    void this.#connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(shadowPath), type: change }] })
  }

  #shadowPath(virtualPath: string): string {
    return join(this.#dir, relative(this.#root, virtualPath))
  }

  /** Sends a document's converted text to pyright when it changed (a text that does not convert leaves the last good one). */
  #sync(doc: PhiDocument): { uri: string; path: string; c: Conversion } | undefined {
    if (!this.#alive) return undefined
    const known = this.#phi.module(doc.path)
    const text = doc.text.getText()
    const module = doc.error || known?.phi === text ? known : this.#phi.update(doc.path, text)
    if (!module || module.error) return undefined
    const shadowPath = this.#shadowPath(module.virtualPath)
    const uri = fileUri(shadowPath)
    const sent = this.#sent.get(shadowPath)
    if (!sent) {
      mkdirSync(dirname(shadowPath), { recursive: true })
      writeFileSync(shadowPath, module.code)
      this.#sent.set(shadowPath, { version: doc.text.version, code: module.code })
      void this.#connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: doc.text.version, text: module.code } })
    } else if (sent.code !== module.code) {
      writeFileSync(shadowPath, module.code)
      this.#sent.set(shadowPath, { version: doc.text.version, code: module.code })
      void this.#connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: doc.text.version }, contentChanges: [{ text: module.code }] })
    }
    return { uri, path: shadowPath, c: _conversion(module.phi, module.code, module.table) }
  }

  #at(doc: PhiDocument, p: Position): { c: Conversion; params: { textDocument: { uri: string }; position: Position } } | undefined {
    const shadow = this.#sync(doc)
    return shadow && { c: shadow.c, params: { textDocument: { uri: shadow.uri }, position: toCode(shadow.c, p) } }
  }

  /** A pyright request; undefined when pyright is gone, or goes while it is asked. */
  async #request<T>(method: string, params: object, token: CancellationToken): Promise<T | undefined> {
    if (!this.#alive) return undefined
    try {
      return await this.#connection.sendRequest<T>(method, params, token)
    } catch (error) {
      if (!this.#alive) return undefined
      throw error
    }
  }

  /** A place pyright named, in the φ file when it is in the shadow folder; other files (plain modules, stubs) as they are. */
  #locate(uri: string, range: Range, uris: Map<string, string>): Location {
    const path = uri.startsWith('file:') ? Bun.fileURLToPath(uri) : undefined
    const virtualPath = path && fromShadow(path, this.#dir, this.#root)
    const module = virtualPath && virtualPath !== path ? this.#phi.module(virtualPath) : undefined
    if (!module || module.error) return { uri, range }
    return { uri: uris.get(module.path) ?? fileUri(module.path), range: rangeToPhi(_conversion(module.phi, module.code, module.table), range) }
  }

  /** pyright re-checked a file: when the set differs from the one pulled last (an import of it changed), the server checks it again. */
  #publish(p: { uri: string; diagnostics: Diagnostic[] }, republished: (phiPath: string) => void): void {
    // Keyed by path: pyright spells the shadow folder's `(φ)` in URIs otherwise than Bun does.
    const path = Bun.fileURLToPath(p.uri)
    if (!this.#sent.has(path) || this.#pulled.get(path) === JSON.stringify(p.diagnostics)) return
    const module = this.#phi.module(fromShadow(path, this.#dir, this.#root))
    if (module) republished(module.path)
  }
}

function _conversion(phi: string, code: string, table: Conversion['table']): Conversion {
  return { phi: TextDocument.create('', 'phi', 0, phi), code: TextDocument.create('', 'python', 0, code), table }
}

/** Settings whose paths are relative to the config file: the shadow folder's config names them from the root. */
const PATH_SETTINGS = ['extraPaths', 'venvPath', 'stubPath', 'typeshedPath']

/**
 * The project's own pyrightconfig.json settings (strictness, Python version, environment …), its
 * paths made absolute; which files are checked is phicode's to say. A broken one is passed over.
 */
function _ownSettings(root: string): Record<string, unknown> {
  let own: Record<string, unknown>
  try {
    own = JSON.parse(readFileSync(join(root, 'pyrightconfig.json'), 'utf8')) as Record<string, unknown>
  } catch {
    return {}
  }
  const { include: _include, exclude: _exclude, ignore: _ignore, strict: _strict, ...settings } = own
  for (const key of PATH_SETTINGS) {
    const value = settings[key]
    if (typeof value === 'string') settings[key] = resolve(root, value)
    else if (Array.isArray(value)) settings[key] = value.map((v) => (typeof v === 'string' ? resolve(root, v) : v))
  }
  return settings
}

/** Shadow folders of servers that are gone (killed before they could remove theirs). */
function _removeStale(cache: string): void {
  let names: string[]
  try {
    names = readdirSync(cache)
  } catch {
    return
  }
  for (const name of names) {
    const pid = /^lsp-(\d+)$/.exec(name)?.[1]
    if (!pid || Number(pid) === process.pid) continue
    try {
      process.kill(Number(pid), 0)
    } catch (error) {
      // EPERM: alive, someone else's.
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(cache, name), { recursive: true, force: true })
    }
  }
}
