/** The cache layers a user can switch off and `--cache-stats` reports on. */
export type Layer = 'memory' | 'transpiled' | 'bytecode' | 'resolution'

export const LAYERS: readonly Layer[] = ['memory', 'transpiled', 'bytecode', 'resolution']

/** Where a run's cache lives: a directory chosen by override, project or user, or nowhere on disk. */
export type CacheLocation = 'override' | 'project' | 'user' | 'memory' | 'off'

export interface CacheSettings {
  /** `PHICODE_CACHE=off` turns every layer off, memory included. */
  enabled: boolean
  /** `PHICODE_CACHE_DIR`: the directory to use instead of `<project root>/.(φ)cache`. */
  dir: string | undefined
  /** `PHICODE_CACHE_SIZE`: entries the in-memory LRU holds; 0 switches the memory layer off. */
  memoryEntries: number
  /** `PHICODE_CACHE_TRANSPILED=off` switches the on-disk transpiled layer off. */
  transpiled: boolean
  /** `PHICODE_CACHE_BYTECODE=off` switches the Python bytecode layer off. */
  bytecode: boolean
  /** `PHICODE_CACHE_RESOLUTION=off` switches off pushing an entry's known modules to Python and the remembered φ-TypeScript walk. */
  resolution: boolean
  /** `PHICODE_BATCH_SIZE`: entries written together as one pack file; 1 writes each entry alone. */
  batchSize: number
  /** `PHICODE_CACHE_FAULT=erofs|enospc`: every cache write fails so (a documented test hook). */
  fault: 'EROFS' | 'ENOSPC' | undefined
  /** `PHICODE_CACHE_STALL_WRITE=N`: the first pack write stops after N bytes and waits to be killed (a test hook). */
  stallAfter: number | undefined
}

/** One layer's counts in one run, or summed over runs. */
export interface LayerCounts {
  hits: number
  misses: number
}

/** What `--cache-stats` reports for one layer. */
interface LayerStats extends LayerCounts {
  /** Valid entries on disk (distinct keys) and their bytes, headers included. */
  entries: number
  bytes: number
}

export interface CacheReport {
  dir: string | undefined
  location: CacheLocation
  layers: Record<Layer, LayerStats>
  /** Entries per kind of file: `python`, `typescript`, `node`, `comφled_cpython_311` … */
  kinds: Record<string, { entries: number; bytes: number }>
  packs: number
  /** Entries, pack files and statistics lines that failed verification (discarded on the next run that meets them). */
  invalid: number
  /** Entries written by another engine version: never used, removed when their packs are merged. */
  stale: number
  /** Temporary files left by interrupted writes. */
  temporary: number
}
