import { contentKey } from '../../cache/digest'
import { ENGINE } from '../../cache/engine'
import type { KindStore } from '../../cache/store'
import { decidingVariables, stillHold, witnessesOf, type DecidingNames, type ProbeUse } from '../../util/probes'
import type { StoredGraph, WalkedGraph } from './types'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Variables the walk's answers depend on: phicode's own (a project's table, validation). */
const DECIDING: DecidingNames = { prefixes: ['PHI'], names: [] }

/** One graph per entry, φ extensions and phicode settings; the engine keeps builds apart. */
export function graphKey(root: string, extensions: readonly string[], env: Record<string, string | undefined>): string {
  return contentKey([ENGINE, 'bun-graph', root, extensions.join('/'), ...decidingVariables(env, DECIDING)], '')
}

/** The graph remembered under `key`, when every path it was walked from is as it was. */
export function recallGraph(store: KindStore, key: string): StoredGraph | undefined {
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
export function rememberGraph(store: KindStore, key: string, graph: WalkedGraph, read: ReadonlyMap<string, ProbeUse>): StoredGraph {
  const stored: StoredGraph = { ...graph, witnesses: witnessesOf(read) }
  store.put(key, encoder.encode(JSON.stringify(stored)))
  return stored
}
