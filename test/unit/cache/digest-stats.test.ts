/**
 * Digests and the statistics file, against node:crypto's SHA-256 and the statistics file's format
 * written out by hand: `PHISTAT1`, then hits and misses of memory, transpiled, bytecode and
 * resolution as little-endian 32-bit unsigned integers.
 */
import { describe, expect, test } from 'bun:test'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { contentKey, digestHex } from '../../../src/cache/digest'
import { cacheSettings } from '../../../src/cache/settings'
import { appendStats, readStats, rewriteStats } from '../../../src/cache/stats'
import { tempDir } from '../../helpers/tmp'

const sha256 = (...parts: Array<string | Uint8Array>): string => {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part)
  return hash.digest('hex')
}

describe('digestHex and contentKey', () => {
  test('the first 32 hex digits of SHA-256, of one part or of several parts in a row', () => {
    expect(digestHex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223')
    expect(digestHex(new Uint8Array([0xcf, 0x86]))).toBe(sha256('φ').slice(0, 32))
    expect(digestHex('ab', new Uint8Array([0x63]))).toBe('ba7816bf8f01cfea414140de5dae2223')
    expect(digestHex('a', 'b', 'c', '')).toBe('ba7816bf8f01cfea414140de5dae2223')
  })
  test('a content key hashes each field as length:text, NUL-separated, then the content', () => {
    expect(contentKey(['1.0', 'python'], 'π(1)')).toBe(sha256('3:1.0\x006:python\x00', 'π(1)').slice(0, 32))
    expect(contentKey([], 'x')).toBe(sha256('\x00x').slice(0, 32))
    // the same characters split otherwise are another key
    expect(contentKey(['ab', 'c'], '')).not.toBe(contentKey(['a', 'bc'], ''))
  })
})

const zero = { hits: 0, misses: 0 }
const counts = (memory: [number, number], transpiled: [number, number], bytecode: [number, number] = [0, 0], resolution: [number, number] = [0, 0]) => ({
  memory: { hits: memory[0], misses: memory[1] },
  transpiled: { hits: transpiled[0], misses: transpiled[1] },
  bytecode: { hits: bytecode[0], misses: bytecode[1] },
  resolution: { hits: resolution[0], misses: resolution[1] },
})
/** The file as the format says it is: the mark, then eight counters, little-endian. */
function fileOf(...counters: number[]): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(40)
  bytes.set(new TextEncoder().encode('PHISTAT1'))
  const view = new DataView(bytes.buffer)
  counters.forEach((n, k) => view.setUint32(8 + 4 * k, n, true))
  return bytes
}
const settings = cacheSettings({})
const bytesOf = (dir: string): Uint8Array => new Uint8Array(readFileSync(join(dir, 'stats')))

describe('the statistics file', () => {
  test('the first run writes its counts; each later run adds its own in place', () => {
    const dir = tempDir()
    appendStats(dir, counts([3, 1], [0, 2]), settings)
    expect(bytesOf(dir)).toEqual(fileOf(3, 1, 0, 2, 0, 0, 0, 0))
    appendStats(dir, counts([0, 0], [0, 0], [5, 0], [0, 7]), settings)
    expect(bytesOf(dir)).toEqual(fileOf(3, 1, 0, 2, 5, 0, 0, 7))
  })
  test('a run that looked nothing up writes nothing; neither does one under PHICODE_CACHE_FAULT', () => {
    const dir = tempDir()
    appendStats(dir, counts([0, 0], [0, 0]), settings)
    appendStats(join(dir, 'sub'), counts([1, 0], [0, 0]), cacheSettings({ PHICODE_CACHE_FAULT: 'erofs' }))
    expect(existsSync(join(dir, 'stats'))).toBe(false)
    expect(existsSync(join(dir, 'sub'))).toBe(false)
    appendStats(join(dir, 'sub'), counts([0, 0], [0, 0], [0, 0], [0, 1]), settings)
    expect(readStats(join(dir, 'sub')).counts.resolution).toEqual({ hits: 0, misses: 1 })
    // as many hits as misses is still a run that looked something up
    appendStats(dir, counts([2, 2], [0, 0]), settings)
    expect(readStats(dir).counts.memory).toEqual({ hits: 2, misses: 2 })
  })
  test('reading: the counters, or one damaged file read as nothing', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'stats'), fileOf(1, 2, 3, 4, 5, 6, 7, 8))
    expect(readStats(dir)).toEqual({ counts: counts([1, 2], [3, 4], [5, 6], [7, 8]), invalid: 0 })
    const nothing = { counts: counts([0, 0], [0, 0]), invalid: 1 }
    for (const damaged of [fileOf(1).subarray(0, 39), new Uint8Array([...fileOf(1), 0]), new Uint8Array(40), new TextEncoder().encode('\n{"memory":[1,0]} 0123456789abcdef\n')]) {
      writeFileSync(join(dir, 'stats'), damaged)
      expect(readStats(dir)).toEqual(nothing)
    }
  })
  test('no file reads as nothing', () => {
    expect(readStats(tempDir())).toEqual({ counts: { memory: zero, transpiled: zero, bytecode: zero, resolution: zero }, invalid: 0 })
  })
  test('a damaged file is left as it is by a run, for --cache-stats to report; rewriting starts it again', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'stats'), 'damaged\n')
    appendStats(dir, counts([1, 0], [0, 0]), settings)
    expect(readFileSync(join(dir, 'stats'), 'utf8')).toBe('damaged\n')
    rewriteStats(dir, counts([1, 2], [3, 4], [5, 6], [7, 8]))
    expect(bytesOf(dir)).toEqual(fileOf(1, 2, 3, 4, 5, 6, 7, 8))
  })
  test('concurrent runs lose no count', async () => {
    const dir = tempDir()
    appendStats(dir, counts([0, 0], [0, 1]), settings)
    const stats = join(import.meta.dir, '../../../src/cache/stats.ts')
    const settingsModule = join(import.meta.dir, '../../../src/cache/settings.ts')
    const script = `const { appendStats, emptyCounts } = await import(${JSON.stringify(stats)}); const { cacheSettings } = await import(${JSON.stringify(settingsModule)}); const c = emptyCounts(); c.memory.hits = 1; c.resolution.misses = 2; for (let k = 0; k < 50; k++) appendStats(${JSON.stringify(dir)}, c, cacheSettings({}))`
    const runs = Array.from({ length: 8 }, () => Bun.spawn([process.execPath, '-e', script], { stdout: 'ignore', stderr: 'inherit' }))
    expect(await Promise.all(runs.map((r) => r.exited))).toEqual(Array(8).fill(0))
    expect(readStats(dir)).toEqual({ counts: counts([400, 0], [0, 1], [0, 0], [0, 800]), invalid: 0 })
  })
})
