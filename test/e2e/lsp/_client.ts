/**
 * A real LSP client (vscode-languageserver-protocol over stdio) talking to `dist/phicode --lsp`.
 * Diagnostics arrive as notifications: `diagnostics(uri, version)` waits for the set published
 * for that document version.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import {
  createProtocolConnection, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification,
  InitializedNotification, InitializeRequest, LogMessageNotification, PublishDiagnosticsNotification, ShutdownRequest,
  StreamMessageReader, StreamMessageWriter, type Diagnostic, type ProtocolConnection, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node'
import { PHICODE } from '../../helpers/binary'

export interface LspClient {
  connection: ProtocolConnection
  open(uri: string, languageId: string, text: string): void
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void
  diagnostics(uri: string, version: number): Promise<Diagnostic[]>
  /** Waits for the document's latest published set, or a later one, to pass `accept` (for changes a server sees on its own time, as a file changed on disk). */
  diagnosticsWhen(uri: string, accept: (found: Diagnostic[]) => boolean): Promise<Diagnostic[]>
  /** The server's process id. */
  pid: number
  /** Every message the server logged (window/logMessage) so far. */
  logs: string[]
  /** Waits for a logged message containing `text`. */
  logged(text: string): Promise<string>
  stop(): Promise<number | null>
}

export async function startClient(rootDir: string, args: string[] = ['--lsp'], env: NodeJS.ProcessEnv = process.env): Promise<LspClient> {
  const child: ChildProcess = spawn(PHICODE, args, { cwd: rootDir, env, stdio: ['pipe', 'pipe', 'inherit'] })
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!))
  const published = new Map<string, Diagnostic[]>()
  const waiting = new Map<string, () => void>()
  const latest = new Map<string, Diagnostic[]>()
  const watching: Array<{ uri: string; accept: (found: Diagnostic[]) => boolean; resolve: (found: Diagnostic[]) => void }> = []
  connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, version, diagnostics }) => {
    const key = `${uri}@${version}`
    published.set(key, diagnostics)
    latest.set(uri, diagnostics)
    waiting.get(key)?.()
    for (const w of watching.filter((w) => w.uri === uri && w.accept(diagnostics))) {
      watching.splice(watching.indexOf(w), 1)
      w.resolve(diagnostics)
    }
  })
  const logs: string[] = []
  const logWaiters: Array<{ text: string; resolve: (message: string) => void }> = []
  connection.onNotification(LogMessageNotification.type, ({ message }) => {
    logs.push(message)
    for (const w of logWaiters.filter((w) => message.includes(w.text))) {
      logWaiters.splice(logWaiters.indexOf(w), 1)
      w.resolve(message)
    }
  })
  connection.listen()
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: Bun.pathToFileURL(rootDir).href, capabilities: {}, workspaceFolders: null,
  })
  await connection.sendNotification(InitializedNotification.type, {})
  return {
    connection,
    pid: child.pid!,
    logs,
    logged: (text) => {
      const seen = logs.find((m) => m.includes(text))
      return seen !== undefined ? Promise.resolve(seen) : new Promise((resolve) => logWaiters.push({ text, resolve }))
    },
    open: (uri, languageId, text) => void connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } }),
    change: (uri, version, contentChanges) => void connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges }),
    diagnostics: (uri, version) => {
      const key = `${uri}@${version}`
      const ready = published.get(key)
      if (ready) return Promise.resolve(ready)
      return new Promise((resolve) => waiting.set(key, () => resolve(published.get(key)!)))
    },
    diagnosticsWhen: (uri, accept) => {
      const now = latest.get(uri)
      if (now && accept(now)) return Promise.resolve(now)
      return new Promise((resolve) => watching.push({ uri, accept, resolve }))
    },
    stop: async () => {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
      await connection.sendRequest(ShutdownRequest.type)
      await connection.sendNotification(ExitNotification.type)
      const code = await exited
      connection.dispose()
      return code
    },
  }
}
