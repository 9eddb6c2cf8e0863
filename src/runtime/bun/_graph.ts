import { RESOLUTION_KIND, type RunCache } from '../../cache/run-cache'
import { isPhiPath, kindOf } from '../../kinds/extensions'
import type { SymbolTable } from '../../transpile/types'
import { nodeFs } from '../../util/files'
import { notingWhile } from '../../util/probes'
import type { prepareModule as PrepareModule } from './_prepare'
import type { installRequireFallback as InstallRequireFallback } from './_require'
import type { needsFullBun as NeedsFullBun } from './_decorators'
import type { PlannedGraph } from '../plan'
import { graphKey, recallGraph, rememberGraph } from './_remembered'
import type { PreparedModule, StoredGraph, WalkedGraph } from './types'

/** What one plugin instance knows across loads. */
export interface GraphContext {
  /** φ extensions, `.φ` first. */
  extensions: string[]
  /** The typescript table of each directory's project, so configs are looked up once per directory. */
  tables: Map<string, SymbolTable>
  /** Every file a walk has read. */
  seen: Set<string>
  /**
   * What walks prepared, until Bun loads it: a map of its own, not the memory layer's LRU, whose
   * capacity (PHICODE_CACHE_SIZE) would drop a large graph's first modules before their loads.
   */
  walked: Map<string, PreparedModule>
  /** Where conversions are remembered; without one, every load converts. */
  cache: RunCache | undefined
  /** Where configs read phicode's own settings. */
  env: Record<string, string | undefined>
  /** The JSX pragmas of each directory's tsconfig (see `jsxPragmas`). */
  pragmas: Map<string, string | undefined>
  /** The entry's walk as a planned run found it still holding (`RunPlan.graph`): taken without opening the cache. */
  planned?: PlannedGraph
  /** Told the first walk as remembered, when the run keeps it with its plan. */
  onWalked?: (root: string, stored: StoredGraph) => void
}

export function createGraphContext(extensions: string[], cache?: RunCache, env = process.env, plan: Pick<GraphContext, 'planned' | 'onWalked'> = {}): GraphContext {
  return { extensions, tables: new Map(), seen: new Set(), walked: new Map(), cache, env, pragmas: new Map(), ...plan }
}

/** The `require` fallback (see `installRequireFallback`), before a module that may call `require` runs. */
export function readyFor(prepared: PreparedModule, ctx: GraphContext): PreparedModule {
  // Stryker disable next-line StringLiteral: a specifier bun build must resolve
  if (prepared.requires !== false) (require('./_require') as { installRequireFallback: typeof InstallRequireFallback }).installRequireFallback(ctx.extensions)
  return prepared
}

const isPhiFile = (path: string, ctx: GraphContext): boolean => isPhiPath(path, ctx.extensions)

/** The project's own sources: φ, TypeScript and JavaScript files outside node_modules. */
function isProjectSource(path: string, ctx: GraphContext): boolean {
  if (/[\\/]node_modules[\\/]/.test(path)) return false
  return kindOf(path, ctx.extensions)?.loader !== undefined
}

/**
 * The converter, the configs and the resolver, evaluated only when a module must be prepared:
 * a run that recalls its graph never needs them, and evaluating them cost a warm φ-TypeScript run
 * milliseconds (issue 16). `require` keeps them in this chunk, initialised on first use.
 */
function prepareModule(path: string, ctx: GraphContext, convert?: boolean): PreparedModule {
  // Stryker disable next-line StringLiteral: a specifier bun build must resolve
  const prepare = (require('./_prepare') as { prepareModule: typeof PrepareModule }).prepareModule
  return prepare(path, ctx, convert)
}

/** The cache whose memory layer is on: only then does a walk keep what it prepared for the load that follows. */
const keptIn = (ctx: GraphContext): RunCache | undefined => (ctx.cache && ctx.cache.settings.memoryEntries > 0 ? ctx.cache : undefined)

/**
 * What Bun must load for `path` now: what the walk prepared moments ago (the file is not read,
 * scanned and resolved twice), else prepared afresh.
 */
export function loadModule(path: string, ctx: GraphContext): PreparedModule {
  const memory = keptIn(ctx)
  const walked = ctx.walked.get(path)
  if (walked) ctx.walked.delete(path)
  if (memory) memory.counts.memory[walked ? 'hits' : 'misses']++
  return readyFor(walked ?? prepareModule(path, ctx), ctx)
}

/**
 * Reads every project file reachable from `root` through literal specifiers and returns the
 * plain ones that must be loaded rewritten. Bun's plugin filters are fixed regular expressions
 * over paths, so those files are found before Bun loads them. Unreadable or broken files are
 * skipped here; loading them reports the error where Bun would. The first walk of a run (its
 * entry's) is remembered in the resolution layer and taken from there while nothing it read changed.
 */
export function walk(root: string, ctx: GraphContext): string[] {
  // Every load of a walked module asks again: answered before anything is allocated (200 such
  // loads spent 0.8 ms in the walk's set-up, issue 16).
  if (ctx.seen.has(root)) return []
  const keep = keptIn(ctx)
  // A later walk skips what earlier ones saw, so its graph would be incomplete on its own.
  const first = keep && ctx.seen.size === 0
  if (first && ctx.planned?.root === root) {
    keep.counts.resolution.hits++
    return adopt(ctx.planned.stored, ctx)
  }
  const store = first ? keep.disk('resolution', RESOLUTION_KIND) : undefined
  if (!keep || !store) return walkFiles(root, ctx, keep).rewritten
  const key = graphKey(root, ctx.extensions, ctx.env)
  const recalled = recallGraph(store, key)
  if (recalled) {
    keep.counts.resolution.hits++
    ctx.onWalked?.(root, recalled)
    return adopt(recalled, ctx)
  }
  keep.counts.resolution.misses++
  makeCacheFolder(keep)
  // Stryker disable next-line StringLiteral: a specifier bun build must resolve
  const { needsFullBun } = require('./_decorators') as { needsFullBun: typeof NeedsFullBun }
  const { value: graph, read } = notingWhile(() => ({ ...walkFiles(root, ctx, keep), decorators: needsFullBun(root) }))
  const stored = rememberGraph(store, key, graph, read)
  ctx.onWalked?.(root, stored)
  return graph.rewritten
}

/**
 * The cache folder is made before a walk that will be remembered: made after it, in the project
 * folder the walk listed, it would change that folder's listing and void the graph at once.
 */
function makeCacheFolder(cache: RunCache): void {
  if (!cache.dir) return
  try {
    nodeFs().mkdirSync(cache.dir, { recursive: true })
  } catch {
    // Unwritable: nothing is remembered anyway.
  }
}

/** A remembered graph's modules become what this walk prepared. */
function adopt(graph: WalkedGraph, ctx: GraphContext): string[] {
  for (const path of graph.failed) ctx.seen.add(path)
  for (const [path, prepared] of graph.modules) {
    ctx.seen.add(path)
    ctx.walked.set(path, readyFor(prepared, ctx))
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
    readyFor(prepared, ctx)
    if (keep) ctx.walked.set(path, prepared)
    graph.modules.push([path, prepared])
    if (prepared.contents !== undefined && !isPhiFile(path, ctx)) graph.rewritten.push(path)
    stack.push(...prepared.targets)
  }
  return graph
}
