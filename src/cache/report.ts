import { existsSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { decodeEntry, parseEntry } from './_entry'
import { PACK_SUFFIX, readWhole, TEMP_MARK } from './_io'
import { decodePack } from './_pack'
import { ENGINE } from './engine'
import { chooseLocation, userCacheDir } from './location'
import { MARK_KINDS } from './marks'
import { layerOf } from './run-cache'
import { cacheSettings } from './settings'
import { readStats, rewriteStats, STATS_FILE } from './stats'
import { LAYERS, type CacheReport } from './types'

type Env = Record<string, string | undefined>

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
  } catch {
    return []
  }
}

const files = (dir: string): string[] => {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

/** What `--cache-stats` shows for the project at `root`: every pack read and every entry verified. */
export function cacheReport(root: string, env: Env = process.env): CacheReport {
  const { location, dir } = chooseLocation(root, cacheSettings(env), env)
  const report: CacheReport = {
    dir,
    location,
    layers: Object.fromEntries(LAYERS.map((l) => [l, { hits: 0, misses: 0, entries: 0, bytes: 0 }])) as CacheReport['layers'],
    kinds: {},
    packs: 0,
    invalid: 0,
    stale: 0,
    temporary: 0,
  }
  if (!dir) return report
  const stats = readStats(dir)
  for (const layer of LAYERS) Object.assign(report.layers[layer], stats.counts[layer])
  report.invalid += stats.invalid
  if (stats.invalid > 0) rewriteStats(dir, stats.counts)
  for (const kind of subdirectories(dir)) {
    const seen = new Set<string>()
    const counted = { entries: 0, bytes: 0 }
    for (const name of files(join(dir, kind))) {
      if (name.includes(TEMP_MARK)) report.temporary++
      if (!name.endsWith(PACK_SUFFIX)) continue
      report.packs++
      const bytes = readWhole(join(dir, kind, name))
      const index = bytes ? decodePack(bytes) : { reason: 'vanished' }
      if ('reason' in index || index.kind !== kind) {
        report.invalid++
        continue
      }
      for (const [key, offset, length] of index.entries) {
        const entry = bytes!.subarray(offset, offset + length)
        if (index.engine !== ENGINE || (parseEntry(entry)?.engine ?? ENGINE) !== ENGINE) report.stale++
        else if ('reason' in decodeEntry(entry, { kind, engine: ENGINE, key })) report.invalid++
        else if (!seen.has(key)) {
          seen.add(key)
          counted.entries++
          counted.bytes += length
        }
      }
    }
    report.kinds[kind] = counted
    // Marks (the security warnings given) are listed as a kind of their own, in no layer.
    if (MARK_KINDS.has(kind)) continue
    const layer = layerOf(kind) ?? 'resolution'
    report.layers[layer].entries += counted.entries
    report.layers[layer].bytes += counted.bytes
  }
  return report
}

/**
 * Removes the cache of the project at `root` (its chosen directory and its per-user one):
 * only files the cache writes, so a `PHICODE_CACHE_DIR` pointed at the wrong place loses
 * nothing else. Returns the directories cleared, with the files and bytes removed.
 */
export function clearCache(root: string, env: Env = process.env): Array<{ dir: string; files: number; bytes: number }> {
  const { dir } = chooseLocation(root, { ...cacheSettings(env), enabled: true }, env)
  const dirs = [...new Set([dir, userCacheDir(root, env)])].filter((d): d is string => d !== undefined && existsSync(d))
  return dirs.map((d) => ({ dir: d, ...clearDir(d) }))
}

function clearDir(dir: string): { files: number; bytes: number } {
  let removed = 0
  let bytes = 0
  const remove = (path: string) => {
    try {
      bytes += statSync(path).size
      rmSync(path)
      removed++
    } catch {
      // Removed meanwhile by another process, or not removable: it is not counted as removed.
    }
  }
  remove(join(dir, STATS_FILE))
  for (const kind of subdirectories(dir)) {
    for (const name of files(join(dir, kind))) if (name.endsWith(PACK_SUFFIX) || name.includes(TEMP_MARK)) remove(join(dir, kind, name))
    tryRmdir(join(dir, kind))
  }
  for (const name of files(dir)) if (name.includes(TEMP_MARK)) remove(join(dir, name))
  tryRmdir(dir)
  return { files: removed, bytes }
}

function tryRmdir(dir: string): void {
  try {
    rmdirSync(dir)
  } catch {
    // Not empty: something the cache did not write lives there.
  }
}
