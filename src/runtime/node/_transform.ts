import { readFileSync } from 'node:fs'
import { basename, dirname, extname } from 'node:path'
import type { RunCache } from '../../cache/run-cache'
import { compileForNode } from '../../cache/transpiled'
import { loadConfig } from '../../config/load'
import { isPhiPath, kindOf, PHI_KIND } from '../../kinds'
import { TranspileError } from '../../transpile/error'
import { transpile } from '../../transpile/convert'
import { phiColumn } from '../../transpile/columns'
import { mapToPhi } from './_columns'
import { dataAttributes } from './_data'
import { importAttributes, restoreAttributes, type Attributes } from './_attributes'
import { mapPaths, mapResolveCalls } from './_paths'
import type { SymbolTable } from '../../transpile/types'
import { findTsconfig } from '../tsconfig'
import { errnoOf } from '../../errors'

/** An error to raise in Node instead of a module: `stack` is the whole text Node prints. */
interface ModuleError {
  name: string
  message: string
  stack: string
}

export type Transformed = { source: string } | { error: ModuleError }

/** `esm` for import; `cjs` for require(), which on Node 20 cannot load an ES module from hooks. */
export type ModuleFormat = 'esm' | 'cjs'

export interface NodeProject {
  phiExtensions: readonly string[]
  /** The entry's path: `import.meta.main` is true there only, as in Bun and Node 24. */
  entry: string
  /** Where compiled modules are remembered between runs. */
  cache?: RunCache
}

/**
 * A project file as Node can run it: φ converted to TypeScript (lines kept), then TypeScript
 * and JSX compiled by Bun to an ES module for Node, with an inline source map back to the
 * original file, so `node --enable-source-maps` reports the φ file, line and column. Imports
 * stay as written (Node resolves packages with its own conditions) except those tsconfig
 * `paths` map to project files, which become relative paths.
 */
export async function transformForNode(path: string, project: NodeProject, format: ModuleFormat = 'esm'): Promise<Transformed> {
  let original: string
  try {
    original = readFileSync(path, 'utf8')
  } catch (error) {
    const message = `Cannot read ${path}: ${errnoOf(error) ?? error}`
    return { error: { name: 'Error', message, stack: `Error: ${message}` } }
  }
  const phi = isPhiPath(path, project.phiExtensions)
  // Only the entry's ES module is the entry: a require() of it is another module, as in Node.
  const main = path === project.entry && format === 'esm'
  let table: SymbolTable | undefined
  try {
    table = phi ? loadConfig(dirname(path)).tables.typescript : undefined
    const fields = [path, main ? 'main' : '', format, table?.id ?? 'plain', JSON.stringify(findTsconfig(dirname(path)))]
    const source = await compileForNode(project.cache, fields, original, () => {
      const code = table ? transpile(original, { table, jsx: PHI_KIND.jsx, filename: path }) : original
      return compile(path, code, original, table, main, format)
    })
    return { source }
  } catch (error) {
    const place = errorPlace(error, path, original, table)
    if (place === undefined) throw error
    return { error: syntaxError(path, original, place) }
  }
}

async function compile(path: string, code: string, original: string, table: SymbolTable | undefined, main: boolean, format: ModuleFormat): Promise<string> {
  const phi = table !== undefined
  const attributes = importAttributes(code, phi || (kindOf(path)?.jsx ?? false))
  const restored = new Map<string, Attributes>()
  const result = await Bun.build({
    entrypoints: [path],
    target: 'node',
    format,
    sourcemap: 'external',
    // Bun would compile it to `require.main == module`, true in every ES module on Node.
    // Bun's own import.meta fields are constants here: the cache key holds the path.
    define: {
      'import.meta.main': String(main),
      'import.meta.path': JSON.stringify(path),
      'import.meta.dir': JSON.stringify(dirname(path)),
      'import.meta.file': JSON.stringify(basename(path)),
    },
    plugins: [
      {
        name: 'phicode-node',
        setup(build) {
          // Contents come through onLoad and imports become external here, not with `files`
          // and `external: ['*']`: given those, Bun.build ignored tsconfig.json (the JSX
          // runtime was React's whatever the config said).
          if (phi) build.onLoad({ filter: /./ }, (args) => (args.path === path ? { contents: code, loader: 'tsx' } : undefined))
          build.onResolve({ filter: /./ }, (args) => {
            if (args.kind === 'entry-point-build') return undefined
            const specifier = args.importer === path ? mapPaths(args.path, dirname(path)) : args.path
            const wanted = attributes.get(args.path) ?? (args.kind === 'require-call' ? undefined : dataAttributes(specifier))
            if (wanted) restored.set(specifier, wanted)
            return { path: specifier, external: true }
          })
        },
      },
    ],
  })
  const js = result.outputs.find((o) => o.kind === 'entry-point')
  const map = result.outputs.find((o) => o.kind === 'sourcemap')
  if (js === undefined || map === undefined) throw new Error(`Bun.build produced no module for ${path}`)
  const { debugId: _, ...generated } = await map.json()
  const mappings = table ? mapToPhi(generated.mappings, original, code, table) : generated.mappings
  const sourceMap = { ...generated, mappings, sources: [Bun.pathToFileURL(path).href], sourcesContent: [original] }
  const built = (await js.text()).replace(/\n\/\/# debugId=\w+\s*$/, '\n')
  const text = mapResolveCalls(restoreAttributes(built, restored), dirname(path))
  return `${text}${main ? SERVE_DEFAULT : ''}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(sourceMap)).toString('base64')}\n`
}

/**
 * Appended to the entry: once it has been evaluated, its exports go to the function phicode's
 * `--import` module left (a self-import waits for the evaluation and yields the same module).
 */
const SERVE_DEFAULT = "import(import.meta.url).then((m) => globalThis[Symbol.for('phicode.serve')]?.(m), () => {});\n"

interface Place {
  line: number
  column: number
  reason: string
}

/**
 * Where a φ or TypeScript syntax error is, from the transpiler or from Bun's build log (whose
 * column counts the converted line, moved onto the φ line here).
 */
function errorPlace(error: unknown, path: string, original: string, table: SymbolTable | undefined): Place | undefined {
  if (error instanceof TranspileError) return { line: error.line, column: error.column, reason: error.reason }
  const messages = error instanceof AggregateError ? error.errors : [error]
  for (const m of messages as Array<Partial<BuildMessage>>) {
    const position = m.position
    if (position && (position.file === path || position.file?.endsWith(extname(path)))) {
      // Bun counts this column from 1 (its `offset` from 0).
      const phiLine = original.split(/\r\n|\r|\n/)[position.line - 1]
      const column = table && phiLine !== undefined ? phiColumn(phiLine, position.lineText, position.column, table) : position.column
      return { line: position.line, column, reason: m.message ?? String(m) }
    }
  }
  return undefined
}

/** Laid out as Node lays out a syntax error in a module: place, line, caret, then the error. */
function syntaxError(path: string, original: string, { line, column, reason }: Place): ModuleError {
  const text = original.split(/\r\n|\r|\n/)[line - 1] ?? ''
  const stack = `${path}:${line}\n${text}\n${' '.repeat(Math.max(0, column - 1))}^\n\nSyntaxError: ${reason}\n    at ${path}:${line}:${column}`
  return { name: 'SyntaxError', message: reason, stack }
}
