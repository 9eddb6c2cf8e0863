import { closeSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { digestHex } from './digest'
import { readWhole, writeAtomic } from './_io'
import { cacheSettings } from './settings'
import { LAYERS, type CacheSettings, type Layer, type LayerCounts } from './types'

/**
 * Hits and misses, summed over runs: each run appends one line, `{layer: [hits, misses]} digest`,
 * to `<cache dir>/stats` (an append costs no file creation); a damaged line is skipped. When the
 * file grows past `COMPACT_AT` bytes it is rewritten as one line of totals.
 */
export const STATS_FILE = 'stats'
const COMPACT_AT = 64 * 1024

export type RunCounts = Record<Layer, LayerCounts>

export const emptyCounts = (): RunCounts => Object.fromEntries(LAYERS.map((l) => [l, { hits: 0, misses: 0 }])) as RunCounts

const line = (counts: RunCounts): string => {
  const json = JSON.stringify(Object.fromEntries(LAYERS.map((l) => [l, [counts[l].hits, counts[l].misses]])))
  return `\n${json} ${digestHex(json).slice(0, 16)}\n`
}

/** Sums the valid lines; `invalid` counts the damaged ones. */
export function readStats(dir: string): { counts: RunCounts; invalid: number } {
  const counts = emptyCounts()
  let invalid = 0
  const bytes = readWhole(join(dir, STATS_FILE))
  for (const text of bytes ? new TextDecoder().decode(bytes).split('\n') : []) {
    if (!text) continue
    const cut = text.lastIndexOf(' ')
    const json = text.slice(0, cut)
    let parsed: Record<string, [number, number]> | undefined
    try {
      if (cut > 0 && digestHex(json).slice(0, 16) === text.slice(cut + 1)) parsed = JSON.parse(json)
    } catch {
      // A damaged line counts as damaged, below, like one whose digest does not match.
    }
    if (!parsed) {
      invalid++
      continue
    }
    for (const layer of LAYERS) {
      const [hits = 0, misses = 0] = parsed[layer] ?? []
      counts[layer].hits += hits
      counts[layer].misses += misses
    }
  }
  return { counts, invalid }
}

/** Adds one run's counts; a cache that cannot be written simply keeps no statistics. */
export function appendStats(dir: string, counts: RunCounts, settings: CacheSettings): void {
  if (LAYERS.every((l) => counts[l].hits + counts[l].misses === 0)) return
  const path = join(dir, STATS_FILE)
  try {
    if (settings.fault) return
    mkdirSync(dir, { recursive: true })
    const fd = openSync(path, 'a')
    try {
      if (fstatSync(fd).size < COMPACT_AT) {
        writeSync(fd, line(counts))
        return
      }
    } finally {
      closeSync(fd)
    }
    const total = readStats(dir).counts
    for (const layer of LAYERS) {
      total[layer].hits += counts[layer].hits
      total[layer].misses += counts[layer].misses
    }
    rewriteStats(dir, total, settings)
  } catch {
    // Statistics are worth less than the run: a full or read-only disk just goes without.
  }
}

/** Replaces the file with one line of totals: when it grew too long, or held damaged lines. */
export function rewriteStats(dir: string, total: RunCounts, settings: CacheSettings = cacheSettings()): void {
  try {
    writeAtomic(dir, STATS_FILE, new TextEncoder().encode(line(total)), settings)
  } catch {
    // Statistics are advisory: a read-only or full disk must not fail the run.
  }
}
