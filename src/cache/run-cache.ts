import { debugging, log } from '../util/log'
import { createLru, type Lru } from './lru'
import { MARK_KINDS } from './marks'
import { chooseLocation, preferredDir, type ChosenLocation } from './location'
import { appendStats, emptyCounts, tallyStats, type RunCounts } from './stats'
import type { createStore as CreateStore, KindStore, Store } from './store'
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

/**
 * The pack store, evaluated when a run first uses the disk: a planned run that takes every module
 * from its plan never does (issue 16). `require` keeps it in this chunk, initialised on first use.
 */
function openStore(dir: string, settings: CacheSettings): Store {
  // Stryker disable next-line StringLiteral: a specifier bun build must resolve
  return (require('./store') as { createStore: typeof CreateStore }).createStore(dir, settings, note)
}

const opened = new Map<string, RunCache>()

/** The cache of the project at `root`, opened once per process. */
export function openCache(root: string, env: Record<string, string | undefined> = process.env): RunCache {
  let cache = opened.get(root)
  if (!cache) opened.set(root, (cache = createRunCache(root, cacheSettings(env), env)))
  return cache
}

/**
 * The directory is chosen (which may take a writability check through node:fs) and the store
 * opened only when the disk is first used: a planned run whose modules all come from its plan
 * may never use it before its statistics are recorded at the end (issue 16).
 */
function createRunCache(root: string, settings: CacheSettings, env: Record<string, string | undefined>): RunCache {
  let opened: (ChosenLocation & { store: Store | undefined }) | undefined
  const open = () => {
    if (opened) return opened
    const chosen = chooseLocation(root, settings, env)
    if (chosen.location === 'user') note(`${root} cannot be written; caching in ${chosen.dir}`)
    return (opened = { ...chosen, store: chosen.dir ? openStore(chosen.dir, settings) : undefined })
  }
  const counts = emptyCounts()
  const kinds = new Set<KindStore>()
  let finished = false
  return {
    get location() {
      return open().location
    },
    get dir() {
      return open().dir
    },
    settings,
    memory: createLru(settings.memoryEntries),
    counts,
    disk(layer, kind) {
      if (!settings[layer]) return undefined
      const store = open().store
      if (!store) return undefined
      const found = store.kind(kind)
      kinds.add(found)
      return found
    },
    flush() {
      if (!finished) opened?.store?.flush(false)
    },
    finish() {
      if (finished) return
      finished = true
      // A run that never used the disk adds its counts where they would go without choosing the
      // directory (which may check writability through node:fs); where it cannot, or under --debug,
      // which reports the directory, it chooses.
      if (!opened && settings.enabled && !debugging() && tallyStats(preferredDir(root, settings), counts)) return
      const { location, dir, store } = open()
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
