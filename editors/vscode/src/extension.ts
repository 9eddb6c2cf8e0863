/**
 * The VS Code side of phicode: starts `phicode --lsp` as the language client, gives each φ
 * file the language of the dialect the server decided (the same rule a run uses), and adds
 * the commands Run file, Convert and Show converted code.
 */
import { execFile } from 'node:child_process'
import { basename } from 'node:path'
import * as vscode from 'vscode'
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node'

const PHI_LANGUAGES = ['phi-python', 'phi-typescript']
const SCHEME = 'phicode-converted'
let client: LanguageClient | undefined

const phicodePath = (): string => vscode.workspace.getConfiguration('phicode').get<string>('path') || 'phicode'
const isPhi = (doc: vscode.TextDocument): boolean => PHI_LANGUAGES.includes(doc.languageId)
const dialectOf = (doc: vscode.TextDocument): 'python' | 'typescript' => (doc.languageId === 'phi-typescript' ? 'typescript' : 'python')

/** Runs phicode with `input` on stdin; resolves with stdout, rejects with stderr. */
function phicode(args: string[], input?: string, cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(phicodePath(), args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(stderr || error.message)) : resolve(stdout))
    if (input !== undefined) child.stdin?.end(input)
  })
}

/** Asks the server which dialect a φ file is and sets its language to match. */
async function adoptDialect(doc: vscode.TextDocument): Promise<void> {
  if (!client || !isPhi(doc)) return
  const dialect = await client.sendRequest<string | null>('phicode/dialect', { uri: doc.uri.toString() })
  const language = dialect === 'typescript' ? 'phi-typescript' : dialect === 'python' ? 'phi-python' : undefined
  if (language && language !== doc.languageId) await vscode.languages.setTextDocumentLanguage(doc, language)
}

/** The converted code of the φ document named in the URI's query, kept in step with its edits. */
class ConvertedCode implements vscode.TextDocumentContentProvider {
  readonly #changed = new vscode.EventEmitter<vscode.Uri>()
  readonly onDidChange = this.#changed.event

  refresh(source: vscode.TextDocument): void {
    this.#changed.fire(converted(source))
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const source = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.query)
    if (!source) return ''
    try {
      return await phicode(['--convert', '-', '--to', dialectOf(source)], source.getText())
    } catch (error) {
      return `${dialectOf(source) === 'python' ? '#' : '//'} ${(error as Error).message.trim()}`
    }
  }
}

function converted(source: vscode.TextDocument): vscode.Uri {
  const ext = dialectOf(source) === 'python' ? '.py' : '.tsx'
  return vscode.Uri.from({ scheme: SCHEME, path: `/${basename(source.uri.path).replace(/\.[^.]+$/, '')}${ext}`, query: source.uri.toString() })
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverOptions: ServerOptions = { command: phicodePath(), args: ['--lsp'] }
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...PHI_LANGUAGES.map((language) => ({ language })),
      // Plain files, for the "Convert this file to φ" action.
      ...['python', 'typescript', 'typescriptreact'].map((language) => ({ scheme: 'file', language })),
    ],
    // φ files changed outside the editor reach the server's type checking.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{φ,phi}') },
  }
  client = new LanguageClient('phicode', 'phicode', serverOptions, clientOptions)
  await client.start()

  const provider = new ConvertedCode()
  context.subscriptions.push(
    client,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    vscode.workspace.onDidOpenTextDocument((doc) => void adoptDialect(doc)),
    vscode.workspace.onDidChangeTextDocument(({ document }) => {
      if (isPhi(document)) provider.refresh(document)
    }),
    vscode.commands.registerCommand('phicode.run', async () => {
      const doc = vscode.window.activeTextEditor?.document
      if (!doc) return
      await doc.save()
      const terminal = vscode.window.createTerminal('phicode')
      terminal.show()
      terminal.sendText(`${JSON.stringify(phicodePath())} ${JSON.stringify(doc.uri.fsPath)}`)
    }),
    vscode.commands.registerCommand('phicode.convert', async () => {
      const doc = vscode.window.activeTextEditor?.document
      if (!doc) return
      await doc.save()
      try {
        const out = await phicode(['--convert', doc.uri.fsPath, '--in-place', '--force'])
        vscode.window.showInformationMessage(out.trim() || `Converted ${basename(doc.uri.fsPath)}`)
      } catch (error) {
        vscode.window.showErrorMessage((error as Error).message)
      }
    }),
    vscode.commands.registerCommand('phicode.showConverted', async () => {
      const doc = vscode.window.activeTextEditor?.document
      if (!doc || !isPhi(doc)) return
      const shown = await vscode.workspace.openTextDocument(converted(doc))
      await vscode.window.showTextDocument(shown, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true })
    }),
  )
  for (const doc of vscode.workspace.textDocuments) void adoptDialect(doc)
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop()
}
