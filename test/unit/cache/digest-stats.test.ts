/**
 * Digests and the statistics file, against node:crypto's SHA-256 and the line format of
 * src/cache/stats.ts written out by hand: `{"memory":[hits,misses],…} <16 hex digits>` per run.
 */
import { describe, expect, test } from 'bun:test'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
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
/** One run's line as the format says it is written. */
const line = (json: string): string => `\n${json} ${sha256(json).slice(0, 16)}\n`
const settings = cacheSettings({})

describe('the statistics file', () => {
  test('each run appends one line of its counts with the digest of its JSON', () => {
    const dir = tempDir()
    appendStats(dir, counts([3, 1], [0, 2]), settings)
    appendStats(dir, counts([0, 0], [0, 0], [5, 0], [0, 7]), settings)
    const first = '{"memory":[3,1],"transpiled":[0,2],"bytecode":[0,0],"resolution":[0,0]}'
    const second = '{"memory":[0,0],"transpiled":[0,0],"bytecode":[5,0],"resolution":[0,7]}'
    expect(readFileSync(join(dir, 'stats'), 'utf8')).toBe(line(first) + line(second))
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
  test('reading sums the valid lines and counts each damaged one', () => {
    const dir = tempDir()
    const a = '{"memory":[1,2],"transpiled":[3,4],"bytecode":[5,6],"resolution":[7,8]}'
    const b = '{"memory":[10,0],"transpiled":[0,10]}'
    const digestOfB = sha256(b).slice(0, 16)
    writeFileSync(
      join(dir, 'stats'),
      [
        line(a),
        line(b),
        `\n${a.replace('1', '9')} ${sha256(a).slice(0, 16)}\n`, // a count changed
        `\n${b} ${digestOfB.slice(0, 15)}\n`, // the digest cut short
        `\n${digestOfB}\n`, // no JSON
        line('{"memory":[1,1'), // not JSON, with its own digest
        `\n ${sha256('').slice(0, 16)}\n`, // empty JSON before the space
        '\n\n\n',
      ].join(''),
    )
    expect(readStats(dir)).toEqual({ counts: counts([11, 2], [3, 14], [5, 6], [7, 8]), invalid: 5 })
  })
  test('no file reads as nothing', () => {
    expect(readStats(tempDir())).toEqual({ counts: { memory: zero, transpiled: zero, bytecode: zero, resolution: zero }, invalid: 0 })
  })
  test('rewriting leaves one line of totals', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'stats'), 'damaged\n')
    rewriteStats(dir, counts([1, 2], [3, 4], [5, 6], [7, 8]))
    expect(readFileSync(join(dir, 'stats'), 'utf8')).toBe(line('{"memory":[1,2],"transpiled":[3,4],"bytecode":[5,6],"resolution":[7,8]}'))
  })
  test('below 64 KiB a run appends; from 64 KiB on the file is rewritten as one line of totals', () => {
    const dir = tempDir()
    const one = line('{"memory":[1,0],"transpiled":[0,0],"bytecode":[0,0],"resolution":[0,0]}')
    // blank lines are skipped by readers: they pad the file to an exact size
    const padTo = (size: number) => writeFileSync(join(dir, 'stats'), one + '\n'.repeat(size - one.length))
    padTo(64 * 1024 - 1)
    appendStats(dir, counts([0, 1], [0, 0]), settings)
    expect(statSync(join(dir, 'stats')).size).toBe(64 * 1024 - 1 + one.length)
    padTo(64 * 1024)
    appendStats(dir, counts([0, 1], [2, 0]), settings)
    expect(readFileSync(join(dir, 'stats'), 'utf8')).toBe(line('{"memory":[1,1],"transpiled":[2,0],"bytecode":[0,0],"resolution":[0,0]}'))
  })
})
