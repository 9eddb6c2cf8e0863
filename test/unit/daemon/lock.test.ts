/**
 * The lock that makes one supervisor per daemon name, on real files: this test's own process
 * stands for a live owner (its start time read here from /proc), a changed start time for an
 * owner that is gone and whose pid was reused.
 */
import { describe, expect, test } from 'bun:test'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { claimLock, releaseLock } from '../../../src/daemon/lock'
import { tempDir } from '../../helpers/tmp'
import { startOf } from '../../helpers/proc-stat'

const self = { pid: process.pid, start: startOf(process.pid)! }

/** Runs `body` with PHICODE_HOME set to a fresh folder (whose phiemon/ does not exist yet). */
function inHome<T>(body: (dir: string) => T): T {
  const home = tempDir('phiemon-lock-')
  const previous = process.env.PHICODE_HOME
  process.env.PHICODE_HOME = home
  try {
    return body(join(home, 'phiemon'))
  } finally {
    if (previous === undefined) delete process.env.PHICODE_HOME
    else process.env.PHICODE_HOME = previous
  }
}

describe('claimLock', () => {
  test('a free name: the lock is made (and its folder), holding this process; no temporary file is left', () => {
    inHome((dir) => {
      expect(claimLock('web')).toEqual({ ok: true })
      expect(JSON.parse(readFileSync(join(dir, 'web.lock'), 'utf8'))).toEqual(self)
      expect(readdirSync(dir)).toEqual(['web.lock'])
    })
  })

  test('a name held by a live process: refused, naming the owner; the lock is left as it was', () => {
    inHome((dir) => {
      expect(claimLock('web')).toEqual({ ok: true })
      const before = readFileSync(join(dir, 'web.lock'), 'utf8')
      expect(claimLock('web')).toEqual({ ok: false, owner: self })
      expect(readFileSync(join(dir, 'web.lock'), 'utf8')).toBe(before)
      expect(readdirSync(dir)).toEqual(['web.lock'])
      expect(claimLock('api')).toEqual({ ok: true })
    })
  })

  test('a stale lock (its pid reused by another start time), an unreadable one, or an empty one is taken over', () => {
    inHome((dir) => {
      mkdirSync(dir, { recursive: true })
      for (const stale of [JSON.stringify({ pid: process.pid, start: `${self.start}1` }), '{"pid":', '', JSON.stringify({ pid: 2 ** 22 + 1, start: '1' })]) {
        writeFileSync(join(dir, 'web.lock'), stale)
        expect([stale, claimLock('web')]).toEqual([stale, { ok: true }])
        expect(JSON.parse(readFileSync(join(dir, 'web.lock'), 'utf8'))).toEqual(self)
      }
      expect(readdirSync(dir)).toEqual(['web.lock'])
    })
  })

  test('a lock that cannot be read at all (a folder in its place): gives up with an error naming it, leaving no temporary file', () => {
    inHome((dir) => {
      mkdirSync(join(dir, 'web.lock'), { recursive: true })
      expect(() => claimLock('web')).toThrow(`could not take the lock ${join(dir, 'web.lock')}`)
      expect(readdirSync(dir)).toEqual(['web.lock'])
    })
  })
})

describe('releaseLock', () => {
  test("removes this process's lock, and leaves another owner's lock (or none) alone", () => {
    inHome((dir) => {
      expect(claimLock('web')).toEqual({ ok: true })
      releaseLock('web')
      expect(existsSync(join(dir, 'web.lock'))).toBe(false)
      releaseLock('web')
      const other = JSON.stringify({ pid: process.pid + 1, start: '5' })
      writeFileSync(join(dir, 'api.lock'), other)
      releaseLock('api')
      expect(readFileSync(join(dir, 'api.lock'), 'utf8')).toBe(other)
      writeFileSync(join(dir, 'bad.lock'), 'not json')
      releaseLock('bad')
      expect(readFileSync(join(dir, 'bad.lock'), 'utf8')).toBe('not json')
    })
  })
})
