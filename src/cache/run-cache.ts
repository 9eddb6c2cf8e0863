import { log } from '../util/log'
import { createLru, type Lru } from './lru'
import { MARK_KINDS } from './marks'
import { chooseLocation } from './location'
import { appendStats, emptyCounts, type RunCounts } from './stats'
import { createStore, type KindStore, type Store } from './store'
import { cacheSettings } from './settings'
import { LAYERS, type CacheLocation, type CacheSettings, type Layer } from './types'

/** The cache one run uses: the memory layer, and the disk layers when a directory is usable. */
export interface RunCache {
  readonly location: CacheLocation
  readonly dir: string | undefined
  readonly settings: CacheSettings
  /** What this process prepared or read, by content key (or by path, for the Bun plugin's walk). */
  readonly memory: Lru<unknown>
  readonly counts: RunCounts
  /** The on-disk store of `kind` when `layer` is on and a directory is usable. */
  disk(layer: Exclude<Layer, 'memory'>, kind: string): KindStore | undefined
  /** Writes what is pending now (a long-running program keeps its entries even if killed later). */
  flush(): void
  /** Writes what is pending and records the run's statistics; safe to call more than once. */
  finish(): void
}

const note = (message: string) => log.debug(`cache: ${message}`)

/** The files each layer keeps: bytecode per interpreter; an entry's module list (counted by its user). */
export const RESOLUTION_KIND = 'modules'

export function layerOf(kind: string): Exclude<Layer, 'memory'> | undefined {
  if (kind.startsWith('comφled_')) return 'bytecode'
  return kind === RESOLUTION_KIND || MARK_KINDS.has(kind) ? undefined : 'transpiled'
}

const opened = new Map<string, RunCache>()

/** The cache of the project at `root`, opened once per process. */
export function openCache(root: string, env: Record<string, string | undefined> = process.env): RunCache {
  let cache = opened.get(root)
  if (!cache) opened.set(root, (cache = createRunCache(root, cacheSettings(env), env)))
  return cache
}

function createRunCache(root: string, settings: CacheSettings, env: Record<string, string | undefined>): RunCache {
  const { location, dir } = chooseLocation(root, settings, env)
  if (location === 'user') note(`${root} cannot be written; caching in ${dir}`)
  const store: Store | undefined = dir ? createStore(dir, settings, note) : undefined
  const counts = emptyCounts()
  const kinds = new Set<KindStore>()
  let finished = false
  return {
    location,
    dir,
    settings,
    memory: createLru(settings.memoryEntries),
    counts,
    disk(layer, kind) {
      if (!store || !settings[layer]) return undefined
      const found = store.kind(kind)
      kinds.add(found)
      return found
    },
    flush() {
      if (!finished) store?.flush(false)
    },
    finish() {
      if (finished) return
      finished = true
      if (!store) return note(`${location}: memory hits ${counts.memory.hits}/${counts.memory.hits + counts.memory.misses}`)
      store.flush(true)
      for (const k of kinds) {
        const layer = layerOf(k.kind)
        if (!layer) continue
        counts[layer].hits += k.counts.hits
        counts[layer].misses += k.counts.misses
      }
      if (store.writable) appendStats(store.dir, counts, settings)
      const w = store.written
      const layers = LAYERS.map((l) => `${l} ${counts[l].hits}/${counts[l].hits + counts[l].misses}`)
      note(`${dir} (${location}): hits ${layers.join(', ')}; wrote ${w.entries} entries in ${w.packs} pack(s), ${w.bytes} bytes, ${w.ms.toFixed(1)} ms`)
    },
  }
}
