/**
 * φ-Python types in `phicode --lsp`: the real pyright (the repository's, linked in as a project's
 * would be) behind phicode's server. Every expected position is counted by hand in the φ text:
 * `⟲`/`←`/`⇒`/`π` are one character where the code has `return`/`from`/`import`/`print`, so a
 * column that is not mapped lands elsewhere.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import {
  CompletionRequest, DefinitionRequest, DidChangeWatchedFilesNotification, DidCloseTextDocumentNotification, FileChangeType, HoverRequest, ReferencesRequest, RenameRequest, type CompletionItem, type Location,
} from 'vscode-languageserver-protocol/node'
import { required } from '../../helpers/prerequisites'
import { ROOT } from '../../helpers/root'
import { tempDir } from '../../helpers/tmp'
import { startClient, type LspClient } from './_client'

const BROKEN = '# phicode: python\nƒ f(x):\n    ⟲ x +\n'
// python3 points after the `+`: column 15 (1-based) of `    return x +`, column 9 (0-based) of `    ⟲ x +`.
const BROKEN_AT = { line: 2, character: 9 }
const LIB = '# phicode: python\nƒ add(a: int, b: int) -> int:\n    ⟲ a + b\n'
const MAIN = '# phicode: python\n← lib ⇒ add\n\nƒ twice(n: int) -> str:\n    ⟲ add(n, n)\n\nπ(add(1, 2))\n'

const CLOSED = '# phicode: python\n← lib ⇒ add\nπ(add(3, 4))\n'

const dir = tempDir('phicode-lsp-py-')
const uri = (name: string) => Bun.pathToFileURL(join(dir, name)).href
const at = (line: number, character: number) => ({ line, character })
const range = (line: number, from: number, to: number) => ({ start: at(line, from), end: at(line, to) })
const sorted = <T extends { range: unknown }>(items: T[] = []) => [...items].sort((a, b) => JSON.stringify(a.range).localeCompare(JSON.stringify(b.range)))
let client: LspClient

beforeAll(async () => {
  writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "lsp-py-fixture"\n')
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(join(ROOT, 'node_modules/pyright'), join(dir, 'node_modules/pyright'))
  writeFileSync(join(dir, 'lib.φ'), LIB)
  writeFileSync(join(dir, 'main.φ'), MAIN)
  // On disk only: no editor opens it.
  writeFileSync(join(dir, 'closed.φ'), CLOSED)
  client = await startClient(dir)
  client.open(uri('lib.φ'), 'phi', LIB)
  client.open(uri('main.φ'), 'phi', MAIN)
})

afterAll(async () => {
  expect(await client.stop()).toBe(0)
  // pyright's shadow folder goes with the server.
  expect(existsSync(join(dir, '.(φ)cache'))).toBe(false)
})

describe('φ-Python through pyright', () => {
  test("a type error is published at its φ line and column, with pyright's rule", async () => {
    const found = await client.diagnostics(uri('main.φ'), 1)
    // `    ⟲ add(n, n)`: the call spans φ columns 6-15 (the code's `    return add(n, n)`: 11-20).
    expect(found.map((d) => ({ range: d.range, code: d.code, source: d.source }))).toEqual([
      { range: range(4, 6, 15), code: 'reportReturnType', source: 'pyright' },
    ])
    expect(found[0]!.message).toContain('"int" is not assignable to return type "str"')
    expect(await client.diagnostics(uri('lib.φ'), 1)).toEqual([])
  })

  test("hover on a call shows the function's signature", async () => {
    // `π(add(1, 2))`: `add` at φ columns 2-5 (6-9 after `print(`).
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri('main.φ') }, position: at(6, 3) })
    expect(hover?.range).toEqual(range(6, 2, 5))
    // pyright puts each parameter on its own line.
    expect(hover?.contents).toEqual({ kind: 'markdown', value: '```python\n(function) def add(\n    a: int,\n    b: int\n) -> int\n```' })
  })

  test('definition jumps into the other φ file', async () => {
    const found = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri('main.φ') }, position: at(6, 3) })) as Location[]
    // `ƒ add`: `add` at φ columns 2-5 of lib.φ (4-7 after `def `).
    expect(found).toEqual([{ uri: uri('lib.φ'), range: range(1, 2, 5) }])
  })

  test('references find the definition and the uses in both importers, open or not', async () => {
    const found = await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: uri('lib.φ') }, position: at(1, 3), context: { includeDeclaration: true },
    })
    expect(sorted(found?.filter((l) => l.uri === uri('lib.φ')))).toEqual([{ uri: uri('lib.φ'), range: range(1, 2, 5) }])
    // `← lib ⇒ add`: 8-11 (16-19 in `from lib import add`); the return at 6-9; the print at 2-5.
    expect(sorted(found?.filter((l) => l.uri === uri('main.φ')))).toEqual(sorted([
      { uri: uri('main.φ'), range: range(1, 8, 11) },
      { uri: uri('main.φ'), range: range(4, 6, 9) },
      { uri: uri('main.φ'), range: range(6, 2, 5) },
    ]))
    // closed.φ is on disk only: pyright reads it from the shadow folder, its places come back in φ.
    expect(sorted(found?.filter((l) => l.uri === uri('closed.φ')))).toEqual([
      { uri: uri('closed.φ'), range: range(1, 8, 11) },
      { uri: uri('closed.φ'), range: range(2, 2, 5) },
    ])
    expect(found).toHaveLength(6)
  })

  test('rename produces φ edits in every file', async () => {
    const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uri('main.φ') }, position: at(6, 3), newName: 'plus' })
    expect(Object.keys(edit?.changes ?? {}).sort()).toEqual([uri('closed.φ'), uri('lib.φ'), uri('main.φ')].sort())
    expect(sorted(edit?.changes?.[uri('lib.φ')])).toEqual([{ range: range(1, 2, 5), newText: 'plus' }])
    expect(sorted(edit?.changes?.[uri('main.φ')])).toEqual(sorted([
      { range: range(1, 8, 11), newText: 'plus' },
      { range: range(4, 6, 9), newText: 'plus' },
      { range: range(6, 2, 5), newText: 'plus' },
    ]))
    expect(sorted(edit?.changes?.[uri('closed.φ')])).toEqual([{ range: range(1, 8, 11), newText: 'plus' }, { range: range(2, 2, 5), newText: 'plus' }])
  })

  test("completion offers the module's members at the φ cursor, and an auto-import as φ", async () => {
    client.open(uri('comp.φ'), 'phi', '# phicode: python\n⇒ lib\nπ(lib.ad\n')
    // `π(lib.ad`: the cursor at φ column 8 is column 12 of `print(lib.ad`.
    const found = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri('comp.φ') }, position: at(2, 8) })
    const items = (Array.isArray(found) ? found : (found?.items ?? [])) as CompletionItem[]
    expect(items.filter((i) => i.label === 'add').map((i) => i.kind)).toEqual([3])
    expect(items.map((i) => i.label)).not.toContain('lib')
    client.open(uri('auto.φ'), 'phi', '# phicode: python\nπ(ad\n')
    const auto = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri('auto.φ') }, position: at(1, 4) })
    const add = ((Array.isArray(auto) ? auto : (auto?.items ?? [])) as CompletionItem[]).find((i) => i.label === 'add' && i.detail === 'Auto-import')
    // `π(ad`: the word at φ columns 2-4 (6-8 of `print(ad`); the import pyright writes as `from lib import add`, in φ.
    expect(add?.textEdit).toEqual({ range: range(1, 2, 4), newText: 'add' })
    expect(add?.additionalTextEdits).toEqual([{ range: range(1, 0, 0), newText: '← lib ⇒ add\n\n\n' }])
  })

  test('fixing the imported module clears the error in the importer', async () => {
    // `-> int` becomes `-> str` and the body a string: main.φ's `⟲ add(n, n)` now type-checks.
    client.change(uri('lib.φ'), 2, [{ range: range(1, 25, 28), text: 'str' }, { range: range(2, 6, 11), text: 'str(a + b)' }])
    expect(await client.diagnostics(uri('lib.φ'), 2)).toEqual([])
    client.change(uri('main.φ'), 2, [{ range: range(5, 0, 0), text: '# lib returns str now' }])
    expect(await client.diagnostics(uri('main.φ'), 2)).toEqual([])
  })

  test("closing an edited module without saving brings back the disk's text for its importers", async () => {
    // The test before edited lib.φ to return str; on disk it still returns int: main.φ's `⟲ add(n, n)` is an error again.
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: uri('lib.φ') } })
    const found = await client.diagnosticsWhen(uri('main.φ'), (d) => d.length > 0)
    expect(found.map((d) => ({ range: d.range, code: d.code }))).toEqual([{ range: range(4, 6, 15), code: 'reportReturnType' }])
  })

  test('a φ module changed on disk, not open in the editor, is checked again in its importer', async () => {
    writeFileSync(join(dir, 'extra.φ'), '# phicode: python\nƒ name() -> int:\n    ⟲ 1\n')
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('extra.φ'), type: FileChangeType.Created }] })
    client.open(uri('use.φ'), 'phi', '# phicode: python\n← extra ⇒ name\nπ(name() + "!")\n')
    // `π(name() + "!")`: the operands span φ columns 2-14 (6-18 after `print(`).
    // pyright hears of the new module when the server tells it, on its own time: the set that names the operator error.
    const found = await client.diagnosticsWhen(uri('use.φ'), (d) => d.some((e) => e.code === 'reportOperatorIssue'))
    expect(found.map((d) => ({ range: d.range, code: d.code }))).toEqual([{ range: range(2, 2, 14), code: 'reportOperatorIssue' }])
    writeFileSync(join(dir, 'extra.φ'), '# phicode: python\nƒ name() -> str:\n    ⟲ "one"\n')
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('extra.φ'), type: FileChangeType.Changed }] })
    expect(await client.diagnosticsWhen(uri('use.φ'), (d) => d.length === 0)).toEqual([])
  })
})

test('a pyright that dies leaves the server running, with python3 syntax diagnostics and symbol hovers', async () => {
  required('python3')
  const found = Bun.spawnSync([required('pgrep'), '-P', String(client.pid), '-f', 'langserver.index.js']).stdout.toString().trim().split('\n').filter(Boolean)
  expect(found).toHaveLength(1)
  process.kill(Number(found[0]), 'SIGKILL')
  expect(await client.logged("pyright's language server stopped")).toContain('goes on without types')
  client.open(uri('broken.φ'), 'phi', BROKEN)
  expect((await client.diagnostics(uri('broken.φ'), 1)).map((d) => ({ start: d.range.start, source: d.source }))).toEqual([{ start: BROKEN_AT, source: 'python' }])
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri('main.φ') }, position: at(6, 0) })
  expect(JSON.stringify(hover?.contents)).toContain('`π` is `print`')
  expect(await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri('main.φ') }, position: at(6, 3) })).toEqual([])
})

test('with no pyright anywhere, the log says so once and python3 still checks syntax', async () => {
  // The interpreter itself, not a shim (pyenv's needs more of PATH than its own folder).
  const python3 = Bun.spawnSync([required('python3'), '-c', 'import sys; print(sys.executable)']).stdout.toString().trim()
  const bare = tempDir('phicode-lsp-py-bare-')
  writeFileSync(join(bare, 'pyproject.toml'), '[project]\nname = "bare"\n')
  writeFileSync(join(bare, 'lib.φ'), LIB)
  writeFileSync(join(bare, 'broken.φ'), BROKEN)
  // PATH holds python3 and nothing else: no pyright-langserver, no pyright.
  const other = await startClient(bare, ['--lsp'], { ...process.env, PATH: dirname(python3) })
  const bareUri = (name: string) => Bun.pathToFileURL(join(bare, name)).href
  other.open(bareUri('lib.φ'), 'phi', LIB)
  other.open(bareUri('broken.φ'), 'phi', BROKEN)
  expect(await other.diagnostics(bareUri('lib.φ'), 1)).toEqual([])
  expect((await other.diagnostics(bareUri('broken.φ'), 1)).map((d) => ({ start: d.range.start, source: d.source }))).toEqual([{ start: BROKEN_AT, source: 'python' }])
  expect(other.logs.filter((m) => m.includes('no Python types')).map((m) => m.includes('npm install -D pyright'))).toEqual([true])
  expect(await other.stop()).toBe(0)
})

test("the project's pyrightconfig.json applies, its paths from the root; a killed server's shadow folder is cleared", async () => {
  const project = tempDir('phicode-lsp-py-config-')
  writeFileSync(join(project, 'pyproject.toml'), '[project]\nname = "config"\n')
  mkdirSync(join(project, 'node_modules'))
  symlinkSync(join(ROOT, 'node_modules/pyright'), join(project, 'node_modules/pyright'))
  // A plain module found only through the project's extraPaths, and a rule turned off.
  mkdirSync(join(project, 'vendor'))
  writeFileSync(join(project, 'vendor/helper.py'), 'def shout(s: str) -> str:\n    return s.upper()\n')
  writeFileSync(join(project, 'pyrightconfig.json'), JSON.stringify({ extraPaths: ['vendor'], reportReturnType: 'none' }))
  // The shadow folder a server killed outright left: its process (run to its end here) is gone.
  const dead = Bun.spawnSync(['true']).pid
  mkdirSync(join(project, '.(φ)cache', `lsp-${dead}`), { recursive: true })
  const source = '# phicode: python\n← helper ⇒ shout\nƒ f() -> int:\n    ⟲ shout(1)\n'
  writeFileSync(join(project, 'use.φ'), source)
  const other = await startClient(project)
  const useUri = Bun.pathToFileURL(join(project, 'use.φ')).href
  other.open(useUri, 'phi', source)
  // `    ⟲ shout(1)`: the argument at φ column 12 (17 of `    return shout(1)`); the return type is not reported.
  const found = await other.diagnostics(useUri, 1)
  expect(found.map((d) => ({ range: d.range, code: d.code }))).toEqual([{ range: range(3, 12, 13), code: 'reportArgumentType' }])
  expect(existsSync(join(project, '.(φ)cache', `lsp-${dead}`))).toBe(false)
  expect(await other.stop()).toBe(0)
})
