import { contentKey } from '../../cache/digest'
import { ENGINE } from '../../cache/engine'
import type { KindStore } from '../../cache/store'
import { decidingVariables, stillHold, witnessesOf, type ProbeUse, type Witness } from '../../util/probes'
import type { PreparedModule } from './_graph'

/**
 * The resolution layer of φ-TypeScript: what a walk from an entry prepared (each module's
 * contents and targets, the plain files Bun must load rewritten), kept with the state of every
 * path the walk read. A later run from the same entry, finding them all unchanged, takes its
 * modules from here: no file is read, hashed, looked up or resolved again (a warm walk of 200
 * modules cost about 15 ms, most of the gap to `bun main.ts`; issue 16).
 */
export interface WalkedGraph {
  modules: Array<[path: string, prepared: PreparedModule]>
  /** Files the walk could not prepare: loading them reports why. */
  failed: string[]
  /** Plain files that must be loaded rewritten (see `walk`). */
  rewritten: string[]
}

interface StoredGraph extends WalkedGraph {
  witnesses: Witness[]
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Variables the walk's answers depend on: phicode's own (a project's table, validation). */
const DECIDING_ENV = /^PHI/

/** One graph per entry, φ extensions and phicode settings; the engine keeps builds apart. */
export function graphKey(root: string, extensions: readonly string[], env: Record<string, string | undefined>): string {
  return contentKey([ENGINE, 'bun-graph', root, extensions.join('/'), ...decidingVariables(env, DECIDING_ENV)], '')
}

/** The graph remembered under `key`, when every path it was walked from is as it was. */
export function recallGraph(store: KindStore, key: string): WalkedGraph | undefined {
  const entry = store.get(key)
  if (!entry) return undefined
  let graph: StoredGraph
  try {
    graph = JSON.parse(decoder.decode(entry.body)) as StoredGraph
  } catch {
    return undefined
  }
  if (!Array.isArray(graph.witnesses) || !Array.isArray(graph.modules)) return undefined
  return stillHold(graph.witnesses) ? graph : undefined
}

/** Remembers a walk; the paths it read are stamped now, moments after they were read. */
export function rememberGraph(store: KindStore, key: string, graph: WalkedGraph, read: ReadonlyMap<string, ProbeUse>): void {
  store.put(key, encoder.encode(JSON.stringify({ ...graph, witnesses: witnessesOf(read) } satisfies StoredGraph)))
}
