/**
 * The memory layer's LRU, and the cache's environment variables read against the table of
 * docs/cache.md (defaults, switches, malformed values, the two test hooks).
 */
import { describe, expect, test } from 'bun:test'
import { createLru } from '../../../src/cache/lru'
import { cacheSettings } from '../../../src/cache/settings'

describe('createLru', () => {
  test('holds `capacity` entries and forgets the least recently used first', () => {
    const lru = createLru<number>(2)
    lru.set('a', 1)
    lru.set('b', 2)
    expect(lru.get('a')).toBe(1) // now b is the least recent
    lru.set('c', 3)
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3])
  })
  test('setting a held key again makes it the most recent, without growing', () => {
    const lru = createLru<number>(2)
    lru.set('a', 1)
    lru.set('b', 2)
    lru.set('a', 10)
    lru.set('c', 3)
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([10, undefined, 3])
  })
  test('a miss changes nothing: the order stays as it was', () => {
    const lru = createLru<number>(2)
    lru.set('a', 1)
    lru.set('b', 2)
    expect(lru.get('zz')).toBeUndefined()
    lru.set('c', 3)
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([undefined, 2, 3])
  })
  test('a miss takes no place', () => {
    const lru = createLru<number>(2)
    lru.set('a', 1)
    expect(lru.get('x')).toBeUndefined()
    lru.set('b', 2)
    expect([lru.get('a'), lru.get('b')]).toEqual([1, 2])
  })
  test('take gives the value once', () => {
    const lru = createLru<string>(4)
    lru.set('k', 'v')
    expect(lru.take('k')).toBe('v')
    expect(lru.take('k')).toBeUndefined()
    expect(lru.get('k')).toBeUndefined()
  })
  test('take frees a place: the other entries stay', () => {
    const lru = createLru<number>(2)
    lru.set('a', 1)
    lru.set('b', 2)
    lru.take('a')
    lru.set('c', 3)
    expect([lru.get('b'), lru.get('c')]).toEqual([2, 3])
  })
  test('capacity 0 holds nothing; capacity 1 holds the last', () => {
    const none = createLru<number>(0)
    none.set('a', 1)
    expect(none.get('a')).toBeUndefined()
    const one = createLru<number>(1)
    one.set('a', 1)
    one.set('b', 2)
    expect([one.get('a'), one.get('b')]).toEqual([undefined, 2])
  })
})

describe('cacheSettings', () => {
  test('the defaults of docs/cache.md', () => {
    expect(cacheSettings({})).toEqual({
      enabled: true,
      dir: undefined,
      memoryEntries: 512,
      transpiled: true,
      bytecode: true,
      resolution: true,
      batchSize: 512,
      fault: undefined,
      stallAfter: undefined,
    })
  })
  test('each variable sets its field', () => {
    expect(
      cacheSettings({
        PHICODE_CACHE_DIR: ' /srv/cache ',
        PHICODE_CACHE_SIZE: '7',
        PHICODE_CACHE_TRANSPILED: 'off',
        PHICODE_CACHE_BYTECODE: 'no',
        PHICODE_CACHE_RESOLUTION: '0',
        PHICODE_BATCH_SIZE: '1',
        PHICODE_CACHE_FAULT: ' enospc ',
        PHICODE_CACHE_STALL_WRITE: '0',
      }),
    ).toEqual({
      enabled: true,
      dir: '/srv/cache',
      memoryEntries: 7,
      transpiled: false,
      bytecode: false,
      resolution: false,
      batchSize: 1,
      fault: 'ENOSPC',
      stallAfter: 0,
    })
    expect(cacheSettings({ PHICODE_CACHE_FAULT: 'Erofs', PHICODE_CACHE_SIZE: '0', PHICODE_CACHE_STALL_WRITE: '300' })).toMatchObject({
      fault: 'EROFS',
      memoryEntries: 0,
      stallAfter: 300,
    })
  })
  test('PHICODE_CACHE=off switches every layer off, whatever the others say', () => {
    expect(cacheSettings({ PHICODE_CACHE: 'off', PHICODE_CACHE_TRANSPILED: 'on', PHICODE_CACHE_BYTECODE: 'on', PHICODE_CACHE_RESOLUTION: 'on', PHICODE_CACHE_SIZE: '9' })).toMatchObject({
      enabled: false,
      memoryEntries: 0,
      transpiled: false,
      bytecode: false,
      resolution: false,
    })
  })
  test('malformed or out-of-range values mean the default', () => {
    expect(
      cacheSettings({
        PHICODE_CACHE_DIR: '   ',
        PHICODE_CACHE_SIZE: '-1',
        PHICODE_BATCH_SIZE: '0',
        PHICODE_CACHE_FAULT: 'eio',
        PHICODE_CACHE_STALL_WRITE: '-1',
      }),
    ).toMatchObject({ dir: undefined, memoryEntries: 512, batchSize: 512, fault: undefined, stallAfter: undefined })
  })
})
