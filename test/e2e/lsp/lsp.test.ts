/**
 * `phicode --lsp` driven by a real LSP client over stdio. Every expected position is counted by
 * hand in the φ text (UTF-16 columns, as LSP counts): the converted code's columns differ
 * wherever a symbol precedes, so a mapping error shows as a wrong column.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  CodeActionRequest, CompletionRequest, CompletionResolveRequest, DidChangeWatchedFilesNotification, FileChangeType, DefinitionRequest, DocumentFormattingRequest, DocumentSymbolRequest, HoverRequest, ReferencesRequest,
  RenameRequest, type CodeAction, type CompletionItem, type DocumentSymbol,
} from 'vscode-languageserver-protocol/node'
import { required } from '../../helpers/prerequisites'
import { ROOT } from '../../helpers/root'
import { tempDir } from '../../helpers/tmp'
import { startClient, type LspClient } from './_client'

const LIB = 'export ƒ add(a: number, b: number): number {\n  ⟲ a + b\n}\n'
const MAIN = '⇒ { add } ← "./lib"\nƒ twice() { const s: string = add(1, 2); ⟲ s }\nπ(twice())\n'
const PY = '# phicode: python\nℂ Greeter:\n    ƒ hello(self):\n        ⟲ "hi"\n\nƒ main():\n    π(Greeter().hello())\n'

const dir = tempDir('phicode-lsp-')
const uri = (name: string) => Bun.pathToFileURL(join(dir, name)).href
let client: LspClient

beforeAll(async () => {
  writeFileSync(join(dir, 'package.json'), '{"name": "lsp-fixture", "type": "module"}\n')
  // The project's own TypeScript (6, with the JavaScript API): the server loads it as --check finds its compiler.
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(join(ROOT, 'node_modules/typescript6'), join(dir, 'node_modules/typescript'))
  // And its own formatter.
  symlinkSync(join(ROOT, 'node_modules/prettier'), join(dir, 'node_modules/prettier'))
  writeFileSync(join(dir, 'lib.φ'), LIB)
  writeFileSync(join(dir, 'main.φ'), MAIN)
  // No pyright: this suite is the server without one (python.test.ts has it). `npm test` puts
  // node_modules/.bin, where the devDependency's pyright is, on PATH.
  const path = (process.env.PATH ?? '').split(':').filter((p) => !p.endsWith('node_modules/.bin')).join(':')
  client = await startClient(dir, ['--lsp'], { ...process.env, PATH: path })
  client.open(uri('lib.φ'), 'phi', LIB)
  client.open(uri('main.φ'), 'phi', MAIN)
})

afterAll(async () => {
  expect(await client.stop()).toBe(0)
})

const at = (line: number, character: number) => ({ line, character })
const range = (line: number, from: number, to: number) => ({ start: at(line, from), end: at(line, to) })

describe('φ-TypeScript', () => {
  test('a type error is published at its φ column', async () => {
    const diagnostics = await client.diagnostics(uri('main.φ'), 1)
    // `const s` follows `ƒ twice() { `: column 18 in φ, 25 in the converted `function twice() { `.
    expect(diagnostics.map((d) => ({ range: d.range, code: d.code, source: d.source }))).toEqual([
      { range: range(1, 18, 19), code: 2322, source: 'typescript' },
    ])
    expect(diagnostics[0]!.message).toBe("Type 'number' is not assignable to type 'string'.")
    expect(await client.diagnostics(uri('lib.φ'), 1)).toEqual([])
  })

  test('definition leads into the other φ file', async () => {
    const found = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri('main.φ') }, position: at(1, 31) })
    expect(found).toEqual([{ uri: uri('lib.φ'), range: range(0, 9, 12) }])
  })

  test('hover names the type, and a symbol its keyword', async () => {
    const onName = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri('main.φ') }, position: at(2, 3) })
    expect(onName?.range).toEqual(range(2, 2, 7))
    expect(JSON.stringify(onName?.contents)).toContain('function twice(): string')
    const onSymbol = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri('main.φ') }, position: at(1, 0) })
    expect(JSON.stringify(onSymbol?.contents)).toContain('`ƒ` is `function`')
  })

  test('rename edits both φ files in φ coordinates', async () => {
    const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uri('lib.φ') }, position: at(0, 10), newName: 'sum' })
    const sorted = (edits: Array<{ range: unknown; newText: string }> = []) => [...edits].sort((a, b) => JSON.stringify(a.range).localeCompare(JSON.stringify(b.range)))
    expect(sorted(edit?.changes?.[uri('lib.φ')])).toEqual([{ range: range(0, 9, 12), newText: 'sum' }])
    // `⇒ { add }`: column 4 (the code has `import { add }`, column 9).
    expect(sorted(edit?.changes?.[uri('main.φ')])).toEqual(sorted([
      { range: range(0, 4, 7), newText: 'sum' },
      { range: range(1, 30, 33), newText: 'sum' },
    ]))
  })

  test('completion offers keywords as their symbols, and \\name escapes', async () => {
    client.change(uri('main.φ'), 2, [{ range: range(3, 0, 0), text: 'ret\n\\fun' }])
    const word = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri('main.φ') }, position: at(3, 3) })
    const items = (Array.isArray(word) ? word : (word?.items ?? [])) as CompletionItem[]
    expect(items.find((i) => i.label === '⟲')).toMatchObject({ filterText: 'return', textEdit: { range: range(3, 0, 3), newText: '⟲' } })
    // TypeScript's own entries come too, and resolve to their signature.
    const twice = items.find((i) => i.label === 'twice')!
    expect(twice).toBeDefined()
    expect((await client.connection.sendRequest(CompletionResolveRequest.type, twice)).detail).toBe('function twice(): string')
    const escaped = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri('main.φ') }, position: at(4, 4) })
    const escapes = (Array.isArray(escaped) ? escaped : (escaped?.items ?? [])) as CompletionItem[]
    expect(escapes.map((i) => i.label)).toEqual(['ƒ'])
    expect(escapes[0]).toMatchObject({ filterText: '\\function', textEdit: { range: range(4, 0, 4), newText: 'ƒ' } })
    client.change(uri('main.φ'), 3, [{ range: { start: at(3, 0), end: at(4, 4) }, text: '' }])
    await client.diagnostics(uri('main.φ'), 3)
  })

  test('a syntax error is reported while typing, and the file recovers', async () => {
    // Line 2 `π(twice())` becomes `π("oops)`: the string is never closed, at φ column 2.
    client.change(uri('main.φ'), 4, [{ range: range(2, 2, 10), text: '"oops)' }])
    const broken = await client.diagnostics(uri('main.φ'), 4)
    expect(broken.map((d) => ({ range: d.range, code: d.code, source: d.source }))).toEqual([
      { range: range(2, 2, 3), code: 'UNTERMINATED_STRING', source: 'phicode' },
    ])
    client.change(uri('main.φ'), 5, [{ range: range(2, 2, 8), text: 'twice())' }])
    const healed = await client.diagnostics(uri('main.φ'), 5)
    expect(healed.map((d) => ({ range: d.range, code: d.code }))).toEqual([{ range: range(1, 18, 19), code: 2322 }])
  })
})

test('φ modules created and changed on disk are read again after didChangeWatchedFiles', async () => {
  client.open(uri('use.φ'), 'phi', '⇒ { x } ← "./extra"\nexport const s: string = x\n')
  expect((await client.diagnostics(uri('use.φ'), 1)).map((d) => d.code)).toEqual([2307])
  writeFileSync(join(dir, 'extra.φ'), 'export const x: number = 1\n')
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('extra.φ'), type: FileChangeType.Created }] })
  client.change(uri('use.φ'), 2, [{ range: range(1, 0, 0), text: '' }])
  expect((await client.diagnostics(uri('use.φ'), 2)).map((d) => d.code)).toEqual([2322])
  writeFileSync(join(dir, 'extra.φ'), 'export const x: string = "one"\n')
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri('extra.φ'), type: FileChangeType.Changed }] })
  client.change(uri('use.φ'), 3, [{ range: range(1, 0, 0), text: '' }])
  expect(await client.diagnostics(uri('use.φ'), 3)).toEqual([])
})

describe('both dialects', () => {
  test('formatting runs the project\'s prettier on the code and hands back φ', async () => {
    const messy = 'ƒ  f( a:number ){⟲ a*2}\n'
    client.open(uri('messy.φ'), 'phi', messy)
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: uri('messy.φ') }, options: { tabSize: 2, insertSpaces: true } })
    expect(edits).toEqual([{ range: { start: at(0, 0), end: at(1, 0) }, newText: 'ƒ f(a: number) {\n  ⟲ a * 2;\n}\n' }])
  })

  test('formatting φ-Python runs black (or ruff) on the code and hands back φ', async () => {
    required('black')
    client.open(uri('fmt.φ'), 'phi', '# phicode: python\nƒ f( x ):\n    ⟲ x*2\n')
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: uri('fmt.φ') }, options: { tabSize: 4, insertSpaces: true } })
    expect(edits).toEqual([{ range: { start: at(0, 0), end: at(3, 0) }, newText: '# phicode: python\nƒ f(x):\n    ⟲ x * 2\n' }])
  })

  test('code actions convert a φ file to plain code, and a plain file to φ', async () => {
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uri('lib.φ') }, range: range(0, 0, 0), context: { diagnostics: [] },
    })) as CodeAction[]
    expect(actions.map((a) => a.title)).toEqual(['Convert this file to plain code (lib.ts)'])
    expect(actions[0]!.edit?.documentChanges).toEqual([
      { kind: 'create', uri: uri('lib.ts'), options: { overwrite: true } },
      { textDocument: { uri: uri('lib.ts'), version: null }, edits: [{ range: range(0, 0, 0), newText: 'export function add(a: number, b: number): number {\n  return a + b\n}\n' }] },
    ])
    client.open(uri('plain.py'), 'python', 'def f():\n    return None\n')
    const back = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uri('plain.py') }, range: range(0, 0, 0), context: { diagnostics: [] },
    })) as CodeAction[]
    expect(back.map((a) => a.title)).toEqual(['Convert this file to φ (plain.φ)'])
    expect(back[0]!.edit?.documentChanges?.[1]).toEqual({
      textDocument: { uri: uri('plain.φ'), version: null }, edits: [{ range: range(0, 0, 0), newText: 'ƒ f():\n    ⟲ Ø\n' }],
    })
  })

  test('requests about places a file does not have, or about garbage, answer empty and the server lives on', async () => {
    client.open(uri('garbage.φ'), 'phi', '\u0000\u0001 ƒ ƒ ƒ (((( ⟲ ]]]] `${\n')
    await client.diagnostics(uri('garbage.φ'), 1)
    for (const position of [at(99, 0), at(0, 999), at(-1, -1)]) {
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri('garbage.φ') }, position })
      await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri('main.φ') }, position })
      await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri('nowhere.φ') }, position })
    }
    const refs = await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: uri('main.φ') }, position: at(2, 3), context: { includeDeclaration: true },
    })
    expect(refs?.map((r) => r.range)).toEqual([range(1, 2, 7), range(2, 2, 7)])
  })
})

test('a project whose config is broken keeps its editor features, with a warning saying why', async () => {
  const broken = tempDir('phicode-lsp-config-')
  mkdirSync(join(broken, '.(φ)'))
  writeFileSync(join(broken, '.(φ)/config.json'), '{ not json')
  const other = await startClient(broken)
  const file = Bun.pathToFileURL(join(broken, 'x.φ')).href
  other.open(file, 'phi', '# phicode: python\nde')
  const diagnostics = await other.diagnostics(file, 1)
  expect(diagnostics.map((d) => ({ range: d.range, severity: d.severity, source: d.source }))).toEqual([{ range: range(0, 0, 0), severity: 2, source: 'phicode' }])
  expect(diagnostics[0]!.message).toContain('config.json')
  const found = await other.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: file }, position: at(1, 2) })
  expect(((Array.isArray(found) ? found : (found?.items ?? [])) as CompletionItem[]).map((i) => i.label).sort()).toEqual(['ƒ', '∂'])
  expect(await other.stop()).toBe(0)
})

test('--lsp --stdio, as some clients start servers, serves the same way', async () => {
  const other = await startClient(dir, ['--lsp', '--stdio'])
  other.open(uri('main.φ'), 'phi', MAIN)
  expect((await other.diagnostics(uri('main.φ'), 1)).map((d) => d.code)).toEqual([2322])
  expect(await other.stop()).toBe(0)
})

describe('φ-Python', () => {
  test('document symbols nest methods in classes', async () => {
    client.open(uri('greet.φ'), 'phi', PY)
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uri('greet.φ') } })) as DocumentSymbol[]
    const shape = (s: DocumentSymbol): unknown => ({ name: s.name, kind: s.kind, selectionRange: s.selectionRange, children: (s.children ?? []).map(shape) })
    expect(symbols.map(shape)).toEqual([
      { name: 'Greeter', kind: 5, selectionRange: range(1, 2, 9), children: [{ name: 'hello', kind: 6, selectionRange: range(2, 6, 11), children: [] }] },
      { name: 'main', kind: 12, selectionRange: range(5, 2, 6), children: [] },
    ])
    expect(await client.diagnostics(uri('greet.φ'), 1)).toEqual([])
  })

  test('definition of a function or class of the same file', async () => {
    // `π(Greeter().hello())`: Greeter at φ column 6, hello at 16.
    const toClass = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri('greet.φ') }, position: at(6, 8) })
    expect(toClass).toEqual([{ uri: uri('greet.φ'), range: range(1, 2, 9) }])
    const toMethod = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri('greet.φ') }, position: at(6, 18) })
    expect(toMethod).toEqual([{ uri: uri('greet.φ'), range: range(2, 6, 11) }])
  })

  test('the server tells an editor which dialect it reads each file as', async () => {
    // greet.φ by its pragma; main.φ by the project marker (package.json).
    expect(await client.connection.sendRequest('phicode/dialect', { uri: uri('greet.φ') })).toBe('python')
    expect(await client.connection.sendRequest('phicode/dialect', { uri: uri('main.φ') })).toBe('typescript')
  })

  test('typing def offers ƒ', async () => {
    client.open(uri('typing.φ'), 'phi', '# phicode: python\nde')
    const found = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri('typing.φ') }, position: at(1, 2) })
    const items = (Array.isArray(found) ? found : (found?.items ?? [])) as CompletionItem[]
    expect(items.map((i) => `${i.label} ${i.filterText}`).sort()).toEqual(['ƒ def', '∂ del'])
  })

  test("Python's syntax error is mapped to the φ column", async () => {
    required('python3')
    client.open(uri('broken.φ'), 'phi', '# phicode: python\nƒ f(x):\n    ⟲ x +\n')
    const found = await client.diagnostics(uri('broken.φ'), 1)
    // python3 points after the `+`: column 15 (1-based) of `    return x +`, column 9 (0-based) of `    ⟲ x +`.
    expect(found.map((d) => ({ start: d.range.start, source: d.source }))).toEqual([{ start: at(2, 9), source: 'python' }])
  })
})
