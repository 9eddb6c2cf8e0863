import { describe, expect, test } from 'bun:test'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { shareSnapshots } from '../../../src/server/_siblings'
import type { MetricsSnapshot } from '../../../src/server/metrics'
import { tempDir } from '../../helpers/tmp'

/** A snapshot told apart from another by its request count. */
const snapshot = (n: number): MetricsSnapshot => ({
  requests: { [`/info GET 200`]: n },
  executions: {},
  timeouts: {},
  truncations: {},
  unavailable: {},
  cache: { hits: n, misses: 0 },
  gauges: { running: 0, free: 2, waiting: 0, queue: 64, draining: 0 },
  pools: [],
})

describe('shareSnapshots', () => {
  test('each worker reads every other worker\'s snapshot over its socket, never its own', async () => {
    const dir = tempDir('phicode-siblings-')
    let reads = 0
    const one = shareSnapshots(dir, '1', () => snapshot(1))
    const two = shareSnapshots(dir, '2', () => (reads++, snapshot(20 + reads)))
    const three = shareSnapshots(dir, '3', () => snapshot(3))
    try {
      expect(readdirSync(dir).sort()).toEqual(['1.sock', '2.sock', '3.sock'])
      const seen = await one.siblings()
      expect(seen.sort((a, b) => a.worker.localeCompare(b.worker))).toStrictEqual([
        { worker: '2', snapshot: snapshot(21) },
        { worker: '3', snapshot: snapshot(3) },
      ])
      // Read again on every scrape, not kept from the first.
      expect(await three.siblings()).toContainEqual({ worker: '2', snapshot: snapshot(22) })
      expect((await two.siblings()).map((s) => s.worker).sort()).toEqual(['1', '3'])
    } finally {
      one.close()
      two.close()
      three.close()
    }
  })

  test('close removes the socket: the others no longer see that worker', async () => {
    const dir = tempDir('phicode-siblings-')
    const one = shareSnapshots(dir, '1', () => snapshot(1))
    const two = shareSnapshots(dir, '2', () => snapshot(2))
    two.close()
    expect(existsSync(join(dir, '2.sock'))).toBe(false)
    expect(await one.siblings()).toStrictEqual([])
    one.close()
    expect(readdirSync(dir)).toEqual([])
  })

  test('other files are not read; a socket nobody answers on is left out of the scrape', async () => {
    const dir = tempDir('phicode-siblings-')
    writeFileSync(join(dir, 'notes.txt'), 'not a socket')
    // A leftover of a worker that died without closing: a .sock path with nothing listening.
    writeFileSync(join(dir, '9.sock'), '')
    const one = shareSnapshots(dir, '1', () => snapshot(1))
    const two = shareSnapshots(dir, '2', () => snapshot(2))
    try {
      expect(await one.siblings()).toStrictEqual([{ worker: '2', snapshot: snapshot(2) }])
    } finally {
      one.close()
      two.close()
    }
  })

  test('a sibling that accepts the request and never answers is left out of the scrape', async () => {
    const dir = tempDir('phicode-siblings-')
    const stuck = Bun.serve({ unix: join(dir, '5.sock'), fetch: () => new Promise<Response>(() => {}) })
    const one = shareSnapshots(dir, '1', () => snapshot(1))
    try {
      expect(await one.siblings()).toStrictEqual([])
    } finally {
      one.close()
      void stuck.stop(true)
    }
  })
})
