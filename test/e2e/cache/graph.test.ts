/**
 * The resolution layer of φ-TypeScript: a warm run takes its modules from the graph its last run
 * walked, and walks again as soon as anything the walk read changed: a module's text, a file that
 * changes what a specifier resolves to, the project's symbols, the tsconfig's JSX settings. Each
 * case checks the program's output (written out by hand) and the layer's hits from --debug.
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode, type RunResult } from '../../helpers/binary'
import { EXPECTED, hits, outcome, report, run, writeProject } from './_helpers'

setDefaultTimeout(60_000)

async function warm(root: string, env: Record<string, string> = {}): Promise<{ stdout: string; resolution: number[]; transpiled: number[] }> {
  const result = await run(root, [], env)
  expect(outcome(result).stderr).toBe('')
  const { resolution, transpiled } = hits(result)
  return { stdout: result.stdout, resolution, transpiled }
}

/**
 * A recalled graph: one hit, and `lookups` fewer conversions looked up than in the same run with
 * the layer off (deciding, under --debug, still converts the entry for the interpreter analysis).
 * A walk looks up each φ module once, a φ module whose specifier it rewrites (`./util` →
 * `./util.φ`) once more, and a plain file that imports relatively once (for its specifiers).
 */
async function expectRecalled(root: string, stdout: string, lookups: number): Promise<void> {
  const off = await warm(root, { PHICODE_CACHE_RESOLUTION: '0' })
  const on = await warm(root)
  expect({ stdout: on.stdout, resolution: on.resolution, saved: off.transpiled[1]! - on.transpiled[1]! }).toEqual({ stdout, resolution: [1, 1], saved: lookups })
  expect(off).toMatchObject({ stdout, resolution: [0, 0] })
}

describe('a warm φ-TypeScript run uses the graph its last run walked', () => {
  test('unchanged: the three modules come from the graph, none is looked up', async () => {
    const root = writeProject('typescript')
    expect(await warm(root)).toMatchObject({ stdout: EXPECTED.typescript, resolution: [0, 1] })
    // main.φ twice (its `./util` is rewritten), util.φ, lib/tool.φ.
    await expectRecalled(root, EXPECTED.typescript, 4)
  })

  test('a module edited: walked again, the new text runs, and the run after recalls the new graph', async () => {
    const root = writeProject('typescript')
    await run(root)
    writeFileSync(join(root, 'util.φ'), 'export ƒ twice(n: number): number {\n  ⟲ n * 3\n}\n')
    expect(await warm(root)).toMatchObject({ stdout: 'main 63 tool\n', resolution: [0, 1] })
    await expectRecalled(root, 'main 63 tool\n', 4)
  })

  test('a new file that Bun resolves first: `./util` now names util.ts, not util.φ', async () => {
    const root = writeProject('typescript')
    await run(root)
    writeFileSync(join(root, 'util.ts'), 'export function twice(n: number): number {\n  return n * 10\n}\n')
    expect((await warm(root)).stdout).toBe('main 210 tool\n')
  })

  test('a file Bun finds before the folder it resolved to, which must itself be loaded rewritten', async () => {
    const root = writeProject('typescript', {
      'main.φ': '// phicode: typescript\n⇒ { which } ← "./helper"\nπ(which())\n',
      'helper/index.ts': 'export function which(): string {\n  return "folder"\n}\n',
    })
    expect((await warm(root)).stdout).toBe('folder\n')
    expect((await warm(root)).resolution).toEqual([1, 1])
    // helper.ts names a φ module without its extension: only a walk that finds it rewrites it.
    writeFileSync(join(root, 'helper.ts'), 'import { name } from "./lib/tool"\nexport function which(): string {\n  return `file ${name()}`\n}\n')
    expect((await warm(root)).stdout).toBe('file tool\n')
  })

  test('a new folder index: `./lib/tool.φ` stays, `./util` follows util/ once util.φ is gone', async () => {
    const root = writeProject('typescript')
    await run(root)
    mkdirSync(join(root, 'util'))
    writeFileSync(join(root, 'util', 'index.φ'), 'export ƒ twice(n: number): number {\n  ⟲ n + 1\n}\n')
    // util.φ still answers `./util` (a file before a folder)…
    expect((await warm(root)).stdout).toBe(EXPECTED.typescript)
    rmSync(join(root, 'util.φ'))
    // …and once it is gone, the folder's index does.
    expect((await warm(root)).stdout).toBe('main 22 tool\n')
  })

  test("the project's symbols: a config naming `fn` for function", async () => {
    const root = writeProject('typescript', { 'util.φ': 'export fn twice(n: number): number {\n  ⟲ n * 2\n}\n' })
    mkdirSync(join(root, '.(φ)'))
    writeFileSync(join(root, '.(φ)', 'config.json'), JSON.stringify({ typescript: { symbols: { function: 'fn' } } }))
    expect((await warm(root)).stdout).toBe(EXPECTED.typescript)
    expect((await warm(root)).resolution).toEqual([1, 1])
    // Without the config, `fn` is a plain name again and util.φ no longer parses.
    writeFileSync(join(root, '.(φ)', 'config.json'), '{}')
    const result = await run(root)
    expect(result.code).toBe(1)
    expect(hits(result).resolution).toEqual([0, 1])
  })

  test("the tsconfig's JSX factory", async () => {
    const tsconfig = (factory: string) => JSON.stringify({ compilerOptions: { jsx: 'react', jsxFactory: factory } })
    const root = writeProject('typescript', {
      'tsconfig.json': tsconfig('h'),
      'main.φ': '// phicode: typescript\n⇒ { h, k } ← "./jsx.φ"\nπ(<b />)\n',
      'jsx.φ': 'export const h = (tag: string) => `h:${tag}`\nexport const k = (tag: string) => `k:${tag}`\n',
    })
    expect((await warm(root)).stdout).toBe('h:b\n')
    expect((await warm(root)).resolution).toEqual([1, 1])
    writeFileSync(join(root, 'tsconfig.json'), tsconfig('k'))
    expect((await warm(root)).stdout).toBe('k:b\n')
  })

  test("phicode's settings: a clash in a sub-project's config that PHICODE_STRICT=1 makes an error", async () => {
    const root = writeProject('typescript', {
      'main.φ': '// phicode: typescript\n⇒ { one } ← "./sub/lib.φ"\nπ(one())\n',
      'sub/package.json': '{}',
      'sub/.(φ)/config.json': JSON.stringify({ typescript: { symbols: { return: 'ƒ' } } }),
      'sub/lib.φ': 'export function one(): number {\n  return 1\n}\n',
    })
    expect((await warm(root)).stdout).toBe('1\n')
    // The walk read the sub-project's config under other settings: this run walks again and stops.
    const strict = await run(root, [], { PHICODE_STRICT: '1' })
    expect({ code: strict.code, resolution: hits(strict).resolution }).toEqual({ code: 78, resolution: [0, 1] })
  })

  test('a plain file that imports φ without its extension is still loaded rewritten from a recalled graph', async () => {
    const root = writeProject('typescript', {
      'main.φ': '// phicode: typescript\n⇒ { greet } ← "./plain.ts"\nπ(greet())\n',
      'plain.ts': 'import { name } from "./lib/tool"\nexport function greet(): string {\n  return `hello ${name()}`\n}\n',
    })
    expect((await warm(root)).stdout).toBe('hello tool\n')
    // main.φ, plain.ts (for its specifiers), lib/tool.φ.
    await expectRecalled(root, 'hello tool\n', 3)
  })

  test('a module that cannot be converted fails the same way from a recalled graph, and runs once fixed', async () => {
    const root = writeProject('typescript', { 'util.φ': 'export ƒ twice(n: number): number {\n  ⟲ `n * 2\n}\n' })
    const cold = await run(root)
    const again = await run(root)
    expect(cold.code).toBe(1)
    expect(outcome(again)).toEqual(outcome(cold))
    expect(outcome(cold).stderr).toContain('util.φ:2')
    writeFileSync(join(root, 'util.φ'), 'export ƒ twice(n: number): number {\n  ⟲ n * 2\n}\n')
    expect((await warm(root)).stdout).toBe(EXPECTED.typescript)
  })
})

describe('a planned φ-TypeScript run takes every module from the walk kept with its plan', () => {
  test('however small the memory layer: PHICODE_CACHE_SIZE=1, three modules, three memory hits and nothing read from disk', async () => {
    const root = writeProject('typescript')
    const env = { PHICODE_CACHE_SIZE: '1', PHICODE_HOME: join(root, '.home') }
    const plain = (): Promise<RunResult> => runPhicode(['main.φ'], { cwd: root, env })
    // Decided and walked, then the walk kept with the plan: the third run is the planned one.
    for (let k = 0; k < 2; k++) expect(outcome(await plain())).toEqual({ code: 0, stdout: EXPECTED.typescript, stderr: '' })
    const before = (await report(root, env)).layers
    expect(outcome(await plain())).toEqual({ code: 0, stdout: EXPECTED.typescript, stderr: '' })
    const after = (await report(root, env)).layers
    const added = (layer: 'memory' | 'transpiled') => [after[layer].hits - before[layer].hits, after[layer].misses - before[layer].misses]
    // main.φ, util.φ and lib/tool.φ; none converted again nor read back from the transpiled layer.
    expect({ memory: added('memory'), transpiled: added('transpiled') }).toEqual({ memory: [3, 0], transpiled: [0, 0] })
  })
})
