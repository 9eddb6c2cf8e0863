/**
 * src/util/paths.ts answers without node:path for the paths a start works with, and must answer
 * exactly as node:path does for every path. node:path is the oracle, over hand-picked paths and
 * generated ones built from the pieces that trip path code up (empty parts, `.`, `..`, doubled and
 * trailing separators, dots in names, relative parts, the root).
 */
import { describe, expect, test } from 'bun:test'
import * as node from 'node:path'
import { basename, dirname, extname, join, resolve } from '../../../src/util/paths'

const PIECES = ['', '/', 'a', 'b.c', '.d', '..', '.', 'e.', 'f..g', '...', 'φ.φ', 'x/', '/y', 'z//w', './v', '../u', 'node_modules']

/** Deterministic pseudo-random choices, so a failure names a case that can be run again. */
function* generated(count: number, seed = 7): Generator<string[]> {
  let state = seed
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state % n
  }
  for (let k = 0; k < count; k++) {
    const parts = Array.from({ length: 1 + next(4) }, () => Array.from({ length: 1 + next(3) }, () => PIECES[next(PIECES.length)]).join('/'))
    // Most starts work with absolute paths: make most of them so.
    if (next(4) > 0) parts[0] = `/${parts[0]}`
    yield parts
  }
}

const HAND_PICKED = ['/', '/a', '/a/b', '/a/b/', '/a//b', '/a/./b', '/a/../b', '/a/b/..', '/a/b/.', '/.x', '/a/.x.y', '/a/b.c.d', '/a/..', '/a/...', '/a/b.', '', '.', 'a', 'a/b', '/root/.phicode/plans/0a.json', '/p/.(φ)cache/stats']

describe('each function answers as node:path', () => {
  test.each(HAND_PICKED)('%p', (path) => {
    expect([dirname(path), basename(path), extname(path), resolve(path)]).toEqual([node.dirname(path), node.basename(path), node.extname(path), node.resolve(path)])
  })
  test('join, over hand-picked parts', () => {
    for (const parts of [['/'], ['/', 'x'], ['/a', 'b'], ['/a/', 'b'], ['/a', '/b'], ['/a', ''], ['', '/a'], [], ['a', 'b'], ['/a', '..', 'b'], ['/a', 'b/']]) {
      expect({ parts, joined: join(...parts) }).toEqual({ parts, joined: node.join(...parts) })
    }
  })
  test('every function, over 20,000 generated paths', () => {
    for (const parts of generated(20_000)) {
      const path = parts.join('')
      const ours = { parts, join: join(...parts), dirname: dirname(path), basename: basename(path), extname: extname(path), resolve: resolve(...parts) }
      expect(ours).toEqual({ parts, join: node.join(...parts), dirname: node.dirname(path), basename: node.basename(path), extname: node.extname(path), resolve: node.resolve(...parts) })
    }
  })
})
