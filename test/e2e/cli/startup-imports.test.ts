/**
 * Start-up cost is paid by every run. In the single-file bundle a static import of a node:
 * module is loaded at start whoever uses it (node:net, node:crypto and node:util each cost
 * milliseconds), so only the modules every run needs may be imported statically; the rest are
 * required where they are used.
 */
import { expect, test } from 'bun:test'
import { delimiter, join, relative, resolve } from 'node:path'
import { ROOT, runPhicode } from '../../helpers/binary'
import { tempDir, tempProject } from '../../helpers/tmp'

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
 * is read at every start, the rest when a command first imports it. Only what a line that merely
 * names a module needs to start from its remembered plan belongs there (the plan, its witnesses,
 * the command line's shape); the full parser, the option table, the commands, the run path, the
 * cache, the config, the logger and what only a Python run checks (the platform, the cache
 * settings) load on demand.
 */
const START_PATH = [
  /^src\/cli\/(index|_plain|_request)\.ts$/, /^src\/util\/(files|paths|probes|home|os)\.ts$/,
  /^src\/runtime\/(remembered|plan)\.ts$/, /^src\/cache\/(digest|engine)\.ts$/, /^src\/version\.ts$/, /^package\.json$/,
]

type Outputs = Record<string, { entryPoint?: string; inputs: Record<string, unknown>; imports: Array<{ path: string; kind: string }> }>

let outdir: string | undefined

/** The binary's chunks as `bun build --splitting` makes them (written to `outdir`). */
async function splitOutputs(): Promise<Outputs> {
  outdir = tempDir('phicode-split-')
  const result = await Bun.build({ entrypoints: [join(ROOT, 'src/cli/index.ts')], target: 'bun', format: 'esm', splitting: true, metafile: true, outdir, root: ROOT })
  expect(result.success).toBe(true)
  const meta: unknown = result.metafile
  return ((typeof meta === 'string' ? JSON.parse(meta) : meta) as { outputs: Outputs }).outputs
}

/** The chunks read when `output` is imported: it and every chunk it imports statically. */
function chunksWith(outputs: Outputs, output: string): string[] {
  const read = new Set<string>()
  // Output names are relative to outdir, `./` and all, in keys and imports alike; `fs`, `path` are no outputs.
  for (const queue = [output]; queue.length > 0; ) {
    const next = queue.pop()!
    if (read.has(next)) continue
    read.add(next)
    for (const i of outputs[next]!.imports) if (i.kind === 'import-statement' && outputs[i.path]) queue.push(i.path)
  }
  return [...read]
}

/** The builtin modules (`fs`, `node:path` …) these chunks import statically: each is loaded when they are. */
async function builtinsOf(chunks: string[]): Promise<string[]> {
  const names = new Set<string>()
  for (const chunk of chunks) {
    const code = await Bun.file(join(outdir!, chunk)).text()
    // Top-level import declarations only: text embedded in strings (bootstrap.py, hooks.mjs) is indented or quoted.
    for (const m of code.matchAll(/^import [^;]*? from "([^"]+)";$/gm)) if (!m[1]!.startsWith('.') && !m[1]!.startsWith('/')) names.add(m[1]!)
  }
  return [...names]
}

/** The sources read when `output` is imported: it and every chunk it imports statically, relative to the repository. */
function readWith(outputs: Outputs, output: string): string[] {
  // Inputs are named relative to the working directory.
  return chunksWith(outputs, output).flatMap((o) => Object.keys(outputs[o]!.inputs)).map((input) => relative(ROOT, resolve(input)))
}

/** The chunk that holds `source`. */
const outputOf = (outputs: Outputs, source: string): string =>
  Object.keys(outputs).find((o) => Object.keys(outputs[o]!.inputs).some((input) => relative(ROOT, resolve(input)) === source))!

/** For each of `sources`: its chunk and what that chunk imports statically hold it and none of `late`. */
async function expectNoneRead(sources: string[], late: RegExp[]): Promise<void> {
  const outputs = await splitOutputs()
  for (const source of sources) {
    const inputs = readWith(outputs, outputOf(outputs, source))
    expect(inputs).toContain(source)
    expect({ source, early: inputs.filter((input) => late.some((pattern) => pattern.test(input))) }).toEqual({ source, early: [] })
  }
}

test('with --splitting, every start reads only what starting from a plan needs; the rest loads on demand', async () => {
  const outputs = await splitOutputs()
  const inputs = readWith(outputs, Object.keys(outputs).find((k) => outputs[k]!.entryPoint)!)
  expect(inputs).toContain('src/cli/index.ts')
  expect(inputs.filter((input) => !START_PATH.some((allowed) => allowed.test(input)))).toEqual([])
})

/**
 * A run with a remembered plan starts a Python interpreter before it loads anything else of the
 * run: the interpreter spends tens of milliseconds in `site`, in which the rest loads. Neither the
 * run command's chunk nor the interpreter starter's may pull in the config, the cache, a scanner,
 * the module server or a runner.
 */
const AFTER_THE_INTERPRETER = [
  /^src\/config\/load\.ts$/, /^src\/cache\/(store|run-cache|transpiled)\.ts$/, /^src\/transpile\/(python|typescript|convert)\.ts$/,
  /^src\/runtime\/python\/(index|_channel|_modules)\.ts$/, /^src\/runtime\/(bun|node)\//, /^src\/runtime\/(_decide|_handover|run|resolve|select)\.ts$/,
  /^src\/security\//,
]

test('a planned Python run reads only the plan and the interpreter starter before the interpreter starts', async () => {
  await expectNoneRead(['src/cli/commands/run.ts', 'src/runtime/remembered.ts', 'src/runtime/python/start.ts'], AFTER_THE_INTERPRETER)
})

/**
 * A run with a remembered plan on the built-in Bun opens the cache and registers the plugin, which
 * takes every module from the remembered graph: nothing is converted, no config is read. What only
 * a conversion, a failing program or a changed project needs is required where it is used, so its
 * chunk is evaluated only then.
 */
const ONLY_WHEN_NEEDED = [
  /^src\/config\/(load|validate|_security)\.ts$/, /^src\/transpile\/(python|typescript|convert|_scan|_jsx|source|symbols|symbol-table)\.ts$/,
  /^src\/cache\/transpiled\.ts$/, /^src\/runtime\/(_guess|_decide|_handover|run|resolve|select)\.ts$/, /^src\/runtime\/bun\/_prepare\.ts$/,
  /^src\/runtime\/(python|node|interpreters)\//, /^src\/security\//, /^src\/kinds\/dialect\.ts$/,
]

test('a planned Bun run evaluates no config, converter or dialect guess before the program', async () => {
  await expectNoneRead(['src/cli/commands/run.ts', 'src/runtime/remembered.ts', 'src/runtime/bun/planned.ts'], ONLY_WHEN_NEEDED)
  // What it does evaluate: the plan, then the graph and its plugin.
  const outputs = await splitOutputs()
  expect(readWith(outputs, outputOf(outputs, 'src/runtime/bun/planned.ts'))).toEqual(expect.arrayContaining(['src/runtime/bun/_graph.ts', 'src/runtime/bun/plugin.ts']))
})

/**
 * node:fs costs a compiled binary about 0.9 ms the first time anything loads it, node:path about
 * 0.4 ms (issue 16): more than everything else a planned φ-TypeScript hello world does before its
 * program. The chunks every start reads and those a planned run reads next (the Bun runner, the
 * Python interpreter's starter) import no builtin module at all; what needs one requires it where it is used (the runtime check is in
 * test/e2e/runtime/planned-lane.test.ts).
 */
test('the chunks of every start, of a planned Bun run and of the interpreter starter import no node: module', async () => {
  const outputs = await splitOutputs()
  const entry = Object.keys(outputs).find((k) => outputs[k]!.entryPoint)!
  expect(await builtinsOf(chunksWith(outputs, entry))).toEqual([])
  expect(await builtinsOf(chunksWith(outputs, outputOf(outputs, 'src/runtime/bun/planned.ts')))).toEqual([])
  // A planned Python run spawns its interpreter once these are read: what they cost delays it.
  expect(await builtinsOf(chunksWith(outputs, outputOf(outputs, 'src/runtime/python/start.ts')))).toEqual([])
  // The check sees builtins where there are some: the API server's chunks import node:net.
  expect(await builtinsOf(chunksWith(outputs, outputOf(outputs, 'src/cli/commands/server.ts')))).not.toEqual([])
})

/**
 * A planned Python run hands over to the Python runner while the interpreter starts: the module
 * server converts only what its cache does not have, and the security rules and the dialect guess
 * are needed only by a config that names a rule and a program that fails to start.
 */
const NOT_FOR_A_CACHED_MODULE = [
  /^src\/transpile\/(python|typescript|convert|_scan|_jsx|source|specifiers)\.ts$/, /^src\/security\//,
  /^src\/runtime\/(_guess|_decide|resolve|select)\.ts$/, /^src\/runtime\/interpreters\//, /^src\/runtime\/bun\//,
]

test('a planned Python run evaluates no scanner, security rule or dialect guess before serving its modules', async () => {
  await expectNoneRead(['src/runtime/_handover.ts', 'src/runtime/python/index.ts'], NOT_FOR_A_CACHED_MODULE)
})

/**
 * A planned Python run whose interpreter gets the opening kept from an earlier run
 * (`python/opening.ts`) makes no module server unless the interpreter asks: its chunk reads no
 * config, cache store, converter or server, and imports no builtin module (the runtime check, by
 * CPU profile, is in test/e2e/runtime/python-opening.test.ts).
 */
const NOT_FOR_A_REPLAY = [
  /^src\/config\/(load|validate|root|json|_security)\.ts$/, /^src\/cache\/(store|transpiled|_pack|_io|index)\.ts$/, /^src\/transpile\//, /^src\/security\//,
  /^src\/runtime\/python\/(index|_modules|package)\.ts$/, /^src\/runtime\/(_handover|run|_decide|_guess)\.ts$/,
]

test('a planned Python run replaying its opening evaluates no config, cache store or module server', async () => {
  await expectNoneRead(['src/runtime/python/replay.ts'], NOT_FOR_A_REPLAY)
  const outputs = await splitOutputs()
  expect(await builtinsOf(chunksWith(outputs, outputOf(outputs, 'src/runtime/python/replay.ts')))).toEqual([])
})

/**
 * JSC compiles a function it sees called a few dozen times, or a loop run a few hundred times,
 * and a process's first compile starts the JIT's threads: 0.1-0.25 ms of a planned hello world
 * (0.4-0.5 ms of CPU) when a check ran once per environment variable. A planned start compiles
 * none of phicode's code, however large the environment or PATH. Bun's own builtins are now and
 * then compiled (1 run in 100 here): one compile in three runs is let pass.
 */
async function compiledByPlannedRuns(dir: string, entry: string, expected: string, env: Record<string, string>): Promise<string[]> {
  // Decided, then (for Bun) its walk kept with the plan: the runs after are planned.
  for (let k = 0; k < 2; k++) expect((await runPhicode([entry], { cwd: dir, env })).stdout).toBe(expected)
  const compiled: string[] = []
  for (let k = 0; k < 3; k++) {
    const r = await runPhicode([entry], { cwd: dir, env: { ...env, BUN_JSC_reportBaselineCompileTimes: '1' } })
    expect(r.stdout).toBe(expected)
    compiled.push(...r.stderr.split('\n').filter((line) => line.startsWith('Optimized')))
  }
  return compiled
}

test('a planned φ-TypeScript start compiles no JavaScript, with 300 environment variables', async () => {
  const dir = tempProject({ 'package.json': '{}', 'hello.φ': '// phicode: typescript\nπ("hello")\n' })
  const many = Object.fromEntries(Array.from({ length: 300 }, (_, k) => [`VARIABLE_${k}`, String(k)]))
  expect((await compiledByPlannedRuns(dir, 'hello.φ', 'hello\n', { ...many, PHICODE_HOME: join(dir, '.home') })).length).toBeLessThanOrEqual(1)
})

/**
 * A planned Python start checks that every PATH folder ahead of its interpreter still has none
 * (60 here). It loads node:fs, in which Bun compiles one helper of its own in most runs: one a run.
 */
test('a planned φ-Python start compiles none of phicode\'s code, with 60 folders on PATH', async () => {
  const dir = tempProject({ 'pyproject.toml': '', 'hello.φ': '# phicode: python\nπ("hello")\n' })
  const folders = Array.from({ length: 60 }, (_, k) => join(dir, `bin${k}`))
  const env = { PATH: [...folders, process.env.PATH].join(delimiter), PHICODE_HOME: join(dir, '.home') }
  expect((await compiledByPlannedRuns(dir, 'hello.φ', 'hello\n', env)).length).toBeLessThanOrEqual(3)
})

/**
 * Bun's asynchronous file API runs on a thread pool whose first use starts two threads: 0.5-0.8 ms
 * of a planned hello world, once spent checking the entry's stat. A planned start checks the
 * entry by its text instead (src/util/probes.ts); the program, at its first line, finds no pool thread.
 */
test.skipIf(process.platform !== 'linux')('a planned φ-TypeScript start starts no thread of Bun\'s pool', async () => {
  const threads = "// phicode: typescript\n⇒ { readdirSync, readFileSync } ← 'node:fs'\nπ(readdirSync('/proc/self/task').map((t) => readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim()).join(','))\n"
  const dir = tempProject({ 'package.json': '{}', 'threads.φ': threads })
  const env = { PHICODE_HOME: join(dir, '.home') }
  const named = async () => {
    const r = await runPhicode(['threads.φ'], { cwd: dir, env })
    expect(r.code).toBe(0)
    return r.stdout.trim().split(',')
  }
  // Decided, then its walk kept with the plan: the runs after are planned.
  for (let k = 0; k < 2; k++) expect((await named()).length).toBeGreaterThan(0)
  for (let k = 0; k < 3; k++) expect((await named()).filter((name) => name.startsWith('Bun Pool'))).toEqual([])
})
