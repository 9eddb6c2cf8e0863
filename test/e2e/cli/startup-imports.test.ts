/**
 * Start-up cost is paid by every run. In the single-file bundle a static import of a node:
 * module is loaded at start whoever uses it (node:net, node:crypto and node:util each cost
 * milliseconds), so only the modules every run needs may be imported statically; the rest are
 * required where they are used.
 */
import { expect, test } from 'bun:test'
import { join, relative, resolve } from 'node:path'
import { ROOT } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'

const ALLOWED = new Set(['fs', 'path', 'node:fs', 'node:path'])

test('the compiled entry imports no node: module beyond fs and path statically', async () => {
  const result = await Bun.build({ entrypoints: [join(ROOT, 'src/cli/index.ts')], target: 'bun', format: 'esm' })
  expect(result.success).toBe(true)
  const code = await result.outputs[0]!.text()
  // Top-level import declarations only: text embedded in strings (bootstrap.py, hooks.mjs) is indented or quoted.
  const imported = [...code.matchAll(/^import [^;]*? from "([^"]+)";$/gm)].map((m) => m[1]!)
  const builtins = imported.filter((name) => !name.startsWith('.') && !name.startsWith('/'))
  expect(builtins.filter((name) => !ALLOWED.has(name))).toEqual([])
  // A named import is read when the bundle starts: fs's `promises` getter loads node:fs/promises then.
  const fromFs = imported.length > 0 ? [...code.matchAll(/^import \{([^}]*)\} from "(?:node:)?fs";$/gm)].flatMap((m) => m[1]!.split(',')) : []
  expect(fromFs.map((name) => name.trim().split(/\s+as\s+/)[0]).filter((name) => name === 'promises')).toEqual([])
})

/**
 * The binary is built with --splitting (src/compile-flags.ts): what the entry imports statically
 * is read at every start, the rest when a command first imports it. Only the command line's own
 * code belongs there; the run path, the cache, the config and every other command load on demand.
 */
const START_PATH = [
  /^src\/cli\//, /^src\/errors\.ts$/, /^src\/util\/(log|color|suggest)\.ts$/, /^src\/transpile\/(error|_chars)\.ts$/,
  /^src\/daemon\/types\.ts$/, /^node_modules\/consola\/dist\/core\.c?js$/,
  // One constant: the hidden flag of the `phicode` Python package's converter channel.
  /^src\/runtime\/python\/types\.ts$/,
  // Constants: the benchmark report's schema version and its baseline server's hidden flag.
  /^src\/bench\/types\.ts$/,
]

test('with --splitting, every start reads only the command line and its logger; the rest loads on demand', async () => {
  const outdir = tempDir('phicode-split-')
  const result = await Bun.build({ entrypoints: [join(ROOT, 'src/cli/index.ts')], target: 'bun', format: 'esm', splitting: true, metafile: true, outdir, root: ROOT })
  expect(result.success).toBe(true)
  type Meta = { outputs: Record<string, { entryPoint?: string; inputs: Record<string, unknown>; imports: Array<{ path: string; kind: string }> }> }
  const meta: unknown = result.metafile
  const { outputs } = (typeof meta === 'string' ? JSON.parse(meta) : meta) as Meta
  // Output names are relative to outdir, `./` and all, in keys and imports alike; `fs`, `path` are no outputs.
  const entry = Object.keys(outputs).find((k) => outputs[k]!.entryPoint)!
  const read = new Set<string>()
  for (const queue = [entry]; queue.length > 0; ) {
    const output = queue.pop()!
    if (read.has(output)) continue
    read.add(output)
    for (const i of outputs[output]!.imports) if (i.kind === 'import-statement' && outputs[i.path]) queue.push(i.path)
  }
  // Inputs are named relative to the working directory.
  const inputs = [...read].flatMap((o) => Object.keys(outputs[o]!.inputs)).map((input) => relative(ROOT, resolve(input)))
  expect(inputs).toContain('src/cli/index.ts')
  expect(inputs.filter((input) => !START_PATH.some((allowed) => allowed.test(input)))).toEqual([])
})
