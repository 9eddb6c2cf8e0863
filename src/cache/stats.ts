import { join } from '../util/paths'
import { kindAt } from '../util/files'
import { cacheSettings } from './settings'
import { LAYERS, type CacheSettings, type Layer, type LayerCounts } from './types'

/**
 * Hits and misses, summed over runs, in `<cache dir>/stats`: the 8 bytes `PHISTAT1`, then the hits
 * and misses of each layer (`LAYERS` order) as unsigned 32-bit integers in the machine's byte
 * order (little-endian wherever phicode runs), 40 bytes in all. A run adds its counts in place,
 * through a shared mapping and atomic additions: concurrent runs lose nothing, and a run whose
 * program is done writes no file and loads no node:fs (about 0.9 ms of a planned hello world,
 * issue 16). A file of another size or without the mark is damaged: runs leave it alone, and
 * `--cache-stats` reports it and starts the totals again.
 */
export const STATS_FILE = 'stats'
const MARK = 'PHISTAT1'
const SIZE = MARK.length + LAYERS.length * 8

export type RunCounts = Record<Layer, LayerCounts>

export const emptyCounts = (): RunCounts => ({ memory: { hits: 0, misses: 0 }, transpiled: { hits: 0, misses: 0 }, bytecode: { hits: 0, misses: 0 }, resolution: { hits: 0, misses: 0 } })

/** Reading and rewriting the whole file (a report, a first run, damage): a counted run adds in place and spares their chunk (issue 16). */
// Stryker disable next-line StringLiteral: a specifier bun build must resolve
const io = (): typeof import('./_io') => require('./_io')

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The file's counters over `bytes`, or undefined when they are not a statistics file's. */
function countersOf(bytes: Uint8Array): Uint32Array | undefined {
  if (bytes.length !== SIZE || decoder.decode(bytes.subarray(0, MARK.length)) !== MARK) return undefined
  return new Uint32Array(bytes.buffer, bytes.byteOffset + MARK.length, LAYERS.length * 2)
}

function fileOf(counts: RunCounts): Uint8Array {
  const bytes = new Uint8Array(SIZE)
  bytes.set(encoder.encode(MARK))
  const counters = countersOf(bytes)!
  LAYERS.forEach((layer, k) => {
    counters[2 * k] = counts[layer].hits
    counters[2 * k + 1] = counts[layer].misses
  })
  return bytes
}

export function readStats(dir: string): { counts: RunCounts; invalid: number } {
  const counts = emptyCounts()
  const bytes = io().readWhole(join(dir, STATS_FILE))
  if (!bytes) return { counts, invalid: 0 }
  const counters = countersOf(bytes)
  if (!counters) return { counts, invalid: 1 }
  LAYERS.forEach((layer, k) => {
    counts[layer].hits = counters[2 * k]!
    counts[layer].misses = counters[2 * k + 1]!
  })
  return { counts, invalid: 0 }
}

/**
 * Adds one run's counts. True when they were added, or there was nothing to add; false when the
 * file cannot be mapped for writing here (missing, read-only, or Windows, where Bun maps nothing).
 */
export function tallyStats(dir: string, counts: RunCounts): boolean {
  if (LAYERS.every((l) => counts[l].hits + counts[l].misses === 0)) return true
  let mapped: Uint8Array
  try {
    mapped = Bun.mmap(join(dir, STATS_FILE))
  } catch {
    return false
  }
  const counters = countersOf(mapped)
  // Damaged: left as it is for --cache-stats to report.
  if (!counters) return true
  LAYERS.forEach((layer, k) => {
    Atomics.add(counters, 2 * k, counts[layer].hits)
    Atomics.add(counters, 2 * k + 1, counts[layer].misses)
  })
  return true
}

/** Adds one run's counts, starting the file when there is none; a cache that cannot be written simply keeps no statistics. */
export function appendStats(dir: string, counts: RunCounts, settings: CacheSettings): void {
  if (settings.fault || tallyStats(dir, counts)) return
  if (kindAt(join(dir, STATS_FILE)) !== '-') {
    // Present but not mappable (read-only, Windows): added by rewriting, which a concurrent run may overwrite.
    const { counts: total, invalid } = readStats(dir)
    if (invalid > 0) return
    for (const layer of LAYERS) {
      total[layer].hits += counts[layer].hits
      total[layer].misses += counts[layer].misses
    }
    return rewriteStats(dir, total, settings)
  }
  rewriteStats(dir, counts, settings)
}

/** Replaces the file with these totals: the first run's, or fresh ones after damage. */
export function rewriteStats(dir: string, total: RunCounts, settings: CacheSettings = cacheSettings()): void {
  try {
    io().writeAtomic(dir, STATS_FILE, fileOf(total), settings)
  } catch {
    // Statistics are advisory: a read-only or full disk must not fail the run.
  }
}
