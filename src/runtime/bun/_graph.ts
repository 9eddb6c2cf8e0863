import { mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Loader } from 'bun'
import { RESOLUTION_KIND, type RunCache } from '../../cache/run-cache'
import { transpileTypescript } from '../../cache/transpiled'
import { loadConfig } from '../../config/load'
import { isPhiPath, kindOf, PHI_KIND } from '../../kinds'
import type { ModuleSpecifier } from '../../transpile/specifiers'
import type { SymbolTable } from '../../transpile/types'
import { findTsconfig, jsxPragmas } from '../tsconfig'
import { asEsModule, isCommonJs } from './_module-format'
import { graphKey, recallGraph, rememberGraph, type WalkedGraph } from './_remembered'
import { isRelative, resolveImport } from './_resolve'
import { noteProbe, notingWhile } from '../../util/probes'

/** What one plugin instance knows across loads. */
export interface GraphContext {
  /** φ extensions, `.φ` first. */
  extensions: string[]
  /** The typescript table of each directory's project, so configs are looked up once per directory. */
  tables: Map<string, SymbolTable>
  /** Every file a walk has read. */
  seen: Set<string>
  /** Where conversions are remembered; without one, every load converts. */
  cache: RunCache | undefined
  /** Where configs read phicode's own settings. */
  env: Record<string, string | undefined>
  /** The JSX pragmas of each directory's tsconfig (see `jsxPragmas`). */
  pragmas: Map<string, string | undefined>
}

export function createGraphContext(extensions: string[], cache?: RunCache, env = process.env): GraphContext {
  return { extensions, tables: new Map(), seen: new Set(), cache, env, pragmas: new Map() }
}

export interface PreparedModule {
  /** What Bun must load instead of the file; undefined when the file loads as it is. */
  contents: string | undefined
  loader: Loader
  /** Files its relative specifiers lead to. */
  targets: string[]
}

const isPhiFile = (path: string, ctx: GraphContext): boolean => isPhiPath(path, ctx.extensions)

/** The project's own sources: φ, TypeScript and JavaScript files outside node_modules. */
function isProjectSource(path: string, ctx: GraphContext): boolean {
  if (/[\\/]node_modules[\\/]/.test(path)) return false
  return kindOf(path, ctx.extensions)?.loader !== undefined
}

/** A relative specifier needs a quote then `.`: without one, scanning cannot find anything to do. */
const mayImportRelative = (source: string): boolean => /['"]\.\.?['"/]/.test(source)

function tableFor(dir: string, ctx: GraphContext): SymbolTable {
  let table = ctx.tables.get(dir)
  if (table === undefined) {
    table = loadConfig(dir, ctx.env).tables.typescript
    ctx.tables.set(dir, table)
  }
  return table
}

function pragmaFor(dir: string, ctx: GraphContext): string | undefined {
  if (!ctx.pragmas.has(dir)) ctx.pragmas.set(dir, jsxPragmas(findTsconfig(dir).compilerOptions))
  return ctx.pragmas.get(dir)
}

/** Pragmas go after the last line, where they move nothing. */
const withPragma = (code: string, pragma: string | undefined): string =>
  pragma === undefined ? code : `${code}${code.endsWith('\n') || code === '' ? '' : '\n'}${pragma}\n`

interface Edit {
  start: number
  end: number
  text: string
  kind: ModuleSpecifier['kind']
}

function resolveSpecifiers(specifiers: ModuleSpecifier[], dir: string, ctx: GraphContext): { targets: string[]; edits: Edit[] } {
  const targets: string[] = []
  const edits: Edit[] = []
  for (const { value, start, end, kind } of specifiers) {
    if (!isRelative(value) || value.includes('\\')) continue
    const resolved = resolveImport(value, dir, ctx.extensions)
    if (resolved === undefined) continue
    targets.push(resolved.path)
    if (resolved.rewritten !== undefined) edits.push({ start, end, text: resolved.rewritten, kind })
  }
  return { targets, edits }
}

/** Specifier edits never add a line, so every line stays where it was. */
function applyEdits(source: string, edits: Edit[]): string {
  let out = source
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end)
  return out
}

/**
 * φ files are ES modules in TSX (see `asEsModule`): JSX text is left alone, and generic arrows
 * are written `<T,>` as in any `.tsx` file. Without `convert` only the targets are wanted.
 */
function preparePhi(path: string, source: string, ctx: GraphContext, convert: boolean): PreparedModule {
  const table = tableFor(dirname(path), ctx)
  const scan = (text: string) => transpileTypescript(ctx.cache, text, table, PHI_KIND.jsx, path)
  const esm = (code: string) => withPragma(asEsModule(code, path), pragmaFor(dirname(path), ctx))
  if (!mayImportRelative(source)) return { contents: convert ? esm(scan(source).code) : undefined, loader: 'tsx', targets: [] }
  const { code, specifiers } = scan(source)
  const { targets, edits } = resolveSpecifiers(specifiers, dirname(path), ctx)
  if (!convert) return { contents: undefined, loader: 'tsx', targets }
  return { contents: esm(edits.length === 0 ? code : scan(applyEdits(source, edits)).code), loader: 'tsx', targets }
}

/**
 * A plain file is rewritten only when an `import` of it names a φ module without its extension,
 * or it is JSX under a tsconfig whose JSX settings Bun would not apply; and only when it is
 * surely an ES module: Bun runs CommonJS returned by a plugin as an empty module
 * (oven-sh/bun#39786). Its `require()` calls need no rewriting (see `installRequireFallback`).
 */
function preparePlain(path: string, source: string, ctx: GraphContext): PreparedModule {
  const kind = kindOf(path, [])
  const loader: Loader = kind?.loader ?? 'js'
  const pragma = loader === 'jsx' || loader === 'tsx' ? pragmaFor(dirname(path), ctx) : undefined
  if (!mayImportRelative(source) && pragma === undefined) return { contents: undefined, loader, targets: [] }
  const { specifiers } = transpileTypescript(ctx.cache, source, undefined, kind?.jsx ?? true, path)
  const { targets, edits } = resolveSpecifiers(specifiers, dirname(path), ctx)
  // A file with no module syntax at all is an ES module to Bun too.
  const esm = kind?.format === 'esm' || specifiers.some((s) => s.kind === 'static') ||
    (!specifiers.some((s) => s.kind === 'require') && !isCommonJs(source, path))
  const needed = esm && kind?.format !== 'cjs' && (pragma !== undefined || edits.some((e) => e.kind !== 'require'))
  return { contents: needed ? withPragma(applyEdits(source, edits), pragma) : undefined, loader, targets }
}

/** What Bun must load for `path`; `convert: false` skips converting φ files (a walk needs only targets). */
function prepareModule(path: string, ctx: GraphContext, convert = true): PreparedModule {
  noteProbe(path, 'content')
  const source = readFileSync(path, 'utf8')
  return isPhiFile(path, ctx) ? preparePhi(path, source, ctx, convert) : preparePlain(path, source, ctx)
}

/** What Bun must load for φ source that has no file (`-c`, stdin), read as if it were at `path`. */
export function prepareSource(path: string, source: string, ctx: GraphContext): PreparedModule {
  return preparePhi(path, source, ctx, true)
}

const walkedKey = (path: string) => `walked\0${path}`

/** The cache whose memory layer keeps what a walk prepared, for the load that follows. */
const keptIn = (ctx: GraphContext): RunCache | undefined => (ctx.cache && ctx.cache.settings.memoryEntries > 0 ? ctx.cache : undefined)

/**
 * What Bun must load for `path` now: what the walk prepared moments ago when the memory layer
 * kept it (the file is not read, scanned and resolved twice), else prepared afresh.
 */
export function loadModule(path: string, ctx: GraphContext): PreparedModule {
  const memory = keptIn(ctx)
  const walked = memory?.memory.take(walkedKey(path)) as PreparedModule | undefined
  if (memory) memory.counts.memory[walked ? 'hits' : 'misses']++
  return walked ?? prepareModule(path, ctx)
}

/**
 * Reads every project file reachable from `root` through literal specifiers and returns the
 * plain ones that must be loaded rewritten. Bun's plugin filters are fixed regular expressions
 * over paths, so those files are found before Bun loads them. Unreadable or broken files are
 * skipped here; loading them reports the error where Bun would. The first walk of a run (its
 * entry's) is remembered in the resolution layer and taken from there while nothing it read changed.
 */
export function walk(root: string, ctx: GraphContext): string[] {
  const keep = keptIn(ctx)
  // A later walk skips what earlier ones saw, so its graph would be incomplete on its own.
  const store = keep && ctx.seen.size === 0 ? keep.disk('resolution', RESOLUTION_KIND) : undefined
  if (!keep || !store) return walkFiles(root, ctx, keep).rewritten
  const key = graphKey(root, ctx.extensions, ctx.env)
  const recalled = recallGraph(store, key)
  if (recalled) {
    keep.counts.resolution.hits++
    return adopt(recalled, ctx, keep)
  }
  keep.counts.resolution.misses++
  makeCacheFolder(keep)
  const { value: graph, read } = notingWhile(() => walkFiles(root, ctx, keep))
  rememberGraph(store, key, graph, read)
  return graph.rewritten
}

/**
 * The cache folder is made before a walk that will be remembered: made after it, in the project
 * folder the walk listed, it would change that folder's listing and void the graph at once.
 */
function makeCacheFolder(cache: RunCache): void {
  if (!cache.dir) return
  try {
    mkdirSync(cache.dir, { recursive: true })
  } catch {
    // Unwritable: nothing is remembered anyway.
  }
}

/** A remembered graph's modules become what this walk prepared. */
function adopt(graph: WalkedGraph, ctx: GraphContext, keep: RunCache): string[] {
  for (const path of graph.failed) ctx.seen.add(path)
  for (const [path, prepared] of graph.modules) {
    ctx.seen.add(path)
    keep.memory.set(walkedKey(path), prepared)
  }
  return graph.rewritten
}

function walkFiles(root: string, ctx: GraphContext, keep: RunCache | undefined): WalkedGraph {
  const graph: WalkedGraph = { modules: [], failed: [], rewritten: [] }
  const stack = [root]
  while (stack.length > 0) {
    const path = stack.pop()!
    if (ctx.seen.has(path) || !isProjectSource(path, ctx)) continue
    ctx.seen.add(path)
    let prepared: PreparedModule
    try {
      prepared = prepareModule(path, ctx, keep !== undefined)
    } catch {
      graph.failed.push(path)
      continue
    }
    keep?.memory.set(walkedKey(path), prepared)
    graph.modules.push([path, prepared])
    if (prepared.contents !== undefined && !isPhiFile(path, ctx)) graph.rewritten.push(path)
    stack.push(...prepared.targets)
  }
  return graph
}
