/**
 * `--cache-stats --json` and `--cache-clear --json` on a cache laid out by hand: every count
 * (packs, entries, bytes, invalid, stale, temporary files, hits and misses) follows from the
 * files the test wrote, and a clear removes exactly the cache's own files and reports their
 * count and size as the file system gives them.
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { createHash } from 'node:crypto'
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { encodeEntry } from '../../../src/cache/_entry'
import { runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'
import { CACHE_DIR, forgePack, packsOf, readPack, report, run, writeProject } from './_helpers'

setDefaultTimeout(60_000)

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')
/** The statistics file as its format says: `PHISTAT1`, then hits and misses of each layer, little-endian 32-bit. */
function statsFile(...counters: number[]): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(40)
  bytes.set(new TextEncoder().encode('PHISTAT1'))
  counters.forEach((n, k) => new DataView(bytes.buffer).setUint32(8 + 4 * k, n, true))
  return bytes
}
const key = (n: number): string => n.toString(16).padStart(32, '0')

/** The engine of the binary under test: the one its own first run records in its pack. */
async function engineOfBinary(): Promise<string> {
  const root = writeProject('typescript')
  await run(root)
  return readPack(packsOf(root, 'typescript')[0]!).engine
}

interface Forged {
  kind: string
  engine: string
  key: string
  body: string
  /** The key the pack's index files it under (another one makes a swapped entry). */
  filedAs?: string
}

/** A pack of `entries`; returns each entry's size as written (header and body). */
function pack(path: string, kind: string, engine: string, entries: Forged[]): number[] {
  mkdirSync(join(path, '..'), { recursive: true })
  const raw = entries.map((e) => ({ key: e.filedAs ?? e.key, entry: { kind: e.kind, engine: e.engine, key: e.key, body: new TextEncoder().encode(e.body) } }))
  forgePack(path, kind, engine, raw)
  return raw.map(({ entry }) => encodeEntry(entry, entry.body).length)
}

describe('--cache-stats --json counts what is on disk', () => {
  test('packs, entries per kind and layer, copies, damage, other engines, temporary files and the stats lines', async () => {
    const engine = await engineOfBinary()
    const dir = tempDir()
    const ts = (n: number, body = `code ${n}`): Forged => ({ kind: 'typescript', engine, key: key(n), body })
    const a = pack(join(dir, 'typescript', 'a.pack'), 'typescript', engine, [ts(1), ts(2, 'longer code 2')])
    copyFileSync(join(dir, 'typescript', 'a.pack'), join(dir, 'typescript', 'b.pack')) // the same two keys again
    pack(join(dir, 'typescript', 'c.pack'), 'typescript', '0.0.1+old', [ts(3), ts(4)]) // a pack of another engine: 2 stale
    const d = pack(join(dir, 'typescript', 'd.pack'), 'typescript', engine, [{ ...ts(5), engine: '0.0.1+old' }, ts(6)]) // 1 stale entry
    pack(join(dir, 'typescript', 'e.pack'), 'typescript', engine, [{ ...ts(7), kind: 'python' }, { ...ts(8), filedAs: key(9) }]) // 2 invalid
    writeFileSync(join(dir, 'typescript', 'f.pack'), 'not a pack at all') // invalid
    pack(join(dir, 'typescript', 'm.pack'), 'typescript', engine, [ts(14)])
    const m = readFileSync(join(dir, 'typescript', 'm.pack'))
    m[0] = m[0]! ^ 0xff // the entry's magic (entries come first): an entry no one can read, in a sound pack: invalid
    writeFileSync(join(dir, 'typescript', 'm.pack'), m)
    writeFileSync(join(dir, 'typescript', `g.pack.tmp-12-abcdef`), 'half') // temporary, not a pack
    writeFileSync(join(dir, 'typescript', 'notes.txt'), 'not the cache’s')
    copyFileSync(join(dir, 'typescript', 'a.pack'), join(dir, 'python.pack')) // outside any kind: not read
    mkdirSync(join(dir, 'python'))
    copyFileSync(join(dir, 'typescript', 'a.pack'), join(dir, 'python', 'h.pack')) // a typescript pack among python's: invalid
    const bytecode = pack(join(dir, 'comφled_cpython_311', 'i.pack'), 'comφled_cpython_311', engine, [{ kind: 'comφled_cpython_311', engine, key: key(10), body: 'marshalled' }])
    const modules = pack(join(dir, 'modules', 'j.pack'), 'modules', engine, [{ kind: 'modules', engine, key: key(11), body: '["util"]' }])
    const marks = pack(join(dir, 'security', 'k.pack'), 'security', engine, [{ kind: 'security', engine, key: key(12), body: '' }])
    const node = pack(join(dir, 'node', 'l.pack'), 'node', engine, [{ kind: 'node', engine, key: key(13), body: 'js' }])
    writeFileSync(join(dir, 'stats'), statsFile(5, 1, 2, 4, 1, 1, 2, 6))
    const sum = (sizes: number[]): number => sizes.reduce((s, n) => s + n, 0)

    const root = writeProject('typescript')
    const first = await report(root, { PHICODE_CACHE_DIR: dir })
    expect(first).toEqual({
      dir,
      location: 'override',
      layers: {
        memory: { hits: 5, misses: 1, entries: 0, bytes: 0 },
        transpiled: { hits: 2, misses: 4, entries: 4, bytes: sum(a) + d[1]! + node[0]! },
        bytecode: { hits: 1, misses: 1, entries: 1, bytes: bytecode[0]! },
        resolution: { hits: 2, misses: 6, entries: 1, bytes: modules[0]! },
      },
      kinds: {
        typescript: { entries: 3, bytes: sum(a) + d[1]! },
        python: { entries: 0, bytes: 0 },
        comφled_cpython_311: { entries: 1, bytes: bytecode[0]! },
        modules: { entries: 1, bytes: modules[0]! },
        security: { entries: 1, bytes: marks[0]! },
        node: { entries: 1, bytes: node[0]! },
      },
      packs: 12,
      invalid: 5,
      stale: 3,
      temporary: 1,
    })
    // a sound statistics file is left as it is
    expect(new Uint8Array(readFileSync(join(dir, 'stats')))).toEqual(statsFile(5, 1, 2, 4, 1, 1, 2, 6))
    expect((await report(root, { PHICODE_CACHE_DIR: dir })).invalid).toBe(5)
    // without d.pack's entry of another engine: the unreadable entry of m.pack is not taken for one
    rmSync(join(dir, 'typescript', 'd.pack'))
    expect(await report(root, { PHICODE_CACHE_DIR: dir })).toMatchObject({ stale: 2, invalid: 5 })
  })

  test('a damaged statistics file counts as one invalid file and is started again at zero', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'stats'), '\n{"memory":[1,0]} 0000000000000000\n')
    const stats = await report(writeProject('typescript'), { PHICODE_CACHE_DIR: dir })
    expect([stats.layers.memory.hits, stats.layers.transpiled.hits, stats.invalid]).toEqual([0, 0, 1])
    expect(new Uint8Array(readFileSync(join(dir, 'stats')))).toEqual(statsFile(0, 0, 0, 0, 0, 0, 0, 0))
  })

  test('PHICODE_CACHE=off: no directory, all zero', async () => {
    const root = writeProject('typescript')
    await run(root)
    const zero = { hits: 0, misses: 0, entries: 0, bytes: 0 }
    expect(await report(root, { PHICODE_CACHE: 'off' })).toEqual({
      dir: undefined,
      location: 'off',
      layers: { memory: zero, transpiled: zero, bytecode: zero, resolution: zero },
      kinds: {},
      packs: 0,
      invalid: 0,
      stale: 0,
      temporary: 0,
    })
  })
})

describe('where the cache is', () => {
  test('a relative PHICODE_CACHE_DIR is taken from the working directory', async () => {
    const root = writeProject('typescript')
    const stats = await report(root, { PHICODE_CACHE_DIR: 'elsewhere/cache' })
    expect([stats.location, stats.dir]).toEqual(['override', join(root, 'elsewhere/cache')])
  })
  test('a project whose cache directory exists but cannot be written (while the project can) caches per user', async () => {
    const root = writeProject('typescript')
    const home = tempDir()
    const project = join(root, CACHE_DIR)
    mkdirSync(project)
    const isRoot = process.getuid?.() === 0
    // root writes through mode bits: only a read-only mount stops it
    if (isRoot && !Bun.spawnSync(['mount', '-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', project]).success) {
      throw new Error('running as root where no tmpfs may be mounted: run this test as another user, or where mount works')
    }
    if (!isRoot) chmodSync(project, 0o555)
    try {
      const user = join(home, 'cache', `${basename(root)}-${sha256(root).slice(0, 12)}`)
      const stats = await report(root, { PHICODE_HOME: home })
      expect([stats.location, stats.dir]).toEqual(['user', user])
      // not made yet: nothing in it
      expect([stats.kinds, stats.packs]).toEqual([{}, 0])
      await run(root, [], { PHICODE_HOME: home })
      expect(readdirSync(user)).toContain('typescript')
      // the chosen directory is the per-user one: cleared once, listed once
      const cleared = await runPhicode(['--cache-clear', '--json'], { cwd: root, env: { PHICODE_HOME: home } })
      expect(JSON.parse(cleared.stdout).cleared).toEqual([{ dir: user, files: expect.any(Number), bytes: expect.any(Number) }])
      expect(existsSync(user)).toBe(false)
    } finally {
      if (isRoot) Bun.spawnSync(['umount', project])
      else chmodSync(project, 0o755)
    }
  })
})

describe('--cache-clear --json', () => {
  test('removes the stats, packs and temporary files of the chosen and the per-user directory, counting files and bytes', async () => {
    const root = writeProject('typescript')
    const home = tempDir()
    await run(root)
    const project = join(root, CACHE_DIR)
    writeFileSync(join(project, 'typescript', 'x.pack.tmp-1-aaaaaa'), 'half a pack')
    writeFileSync(join(project, 'stats.tmp-1-bbbbbb'), 'half the stats')
    mkdirSync(join(project, 'empty'))
    // the per-user directory of this project: $PHICODE_HOME/cache/<name>-<first 12 hex of SHA-256 of the root>
    const user = join(home, 'cache', `${basename(root)}-${sha256(root).slice(0, 12)}`)
    mkdirSync(join(user, 'python'), { recursive: true })
    writeFileSync(join(user, 'python', 'y.pack'), 'a pack')
    writeFileSync(join(user, 'python', 'mine.txt'), 'not the cache’s')
    const sizes = (dir: string): { files: number; bytes: number } => {
      const all = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && !f.name.endsWith('.txt'))
      return { files: all.length, bytes: all.reduce((s, f) => s + statSync(join(f.parentPath, f.name)).size, 0) }
    }
    const expected = [
      { dir: project, ...sizes(project) },
      { dir: user, ...sizes(user) },
    ]
    const packs = readdirSync(project, { recursive: true }).filter((f) => String(f).endsWith('.pack')).length
    expect(packs).toBeGreaterThan(0)
    expect(expected[0]!.files).toBe(packs + 3) // the packs, stats, two temporary files
    const cleared = await runPhicode(['--cache-clear', '--json'], { cwd: root, env: { PHICODE_HOME: home } })
    expect(cleared.code).toBe(0)
    expect(JSON.parse(cleared.stdout)).toEqual({ cleared: expected, plans: 0 })
    expect(existsSync(project)).toBe(false)
    expect(readdirSync(user, { recursive: true }).sort()).toEqual(['python', join('python', 'mine.txt')])
  })

  test('forgets the plans of the project’s entries, with no opening beside them too, and leaves other projects’ plans and files no plan', async () => {
    const [root, other] = [writeProject('typescript'), writeProject('typescript')]
    const home = tempDir()
    const plans = join(home, 'plans')
    const planned = async (cwd: string): Promise<string[]> => {
      const before = existsSync(plans) ? readdirSync(plans) : []
      expect((await runPhicode(['main.φ'], { cwd, env: { PHICODE_HOME: home } })).code).toBe(0)
      return readdirSync(plans).filter((name) => !before.includes(name))
    }
    const others = await planned(other)
    // One plan each, and a typescript run keeps no opening beside its plan.
    expect(others).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.json$/)])
    expect(await planned(root)).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.json$/)])
    const strays = { 'null.json': 'null', 'bare.json': '{}', 'cut.json': '{"entry":', 'notes.txt': 'mine' }
    for (const [name, text] of Object.entries(strays)) writeFileSync(join(plans, name), text)
    const cleared = await runPhicode(['--cache-clear', '--json'], { cwd: root, env: { PHICODE_HOME: home } })
    expect([cleared.code, JSON.parse(cleared.stdout).plans, cleared.stderr]).toEqual([0, 1, ''])
    expect(readdirSync(plans).sort()).toEqual([...others, ...Object.keys(strays)].sort())
  })

  test('clears even when PHICODE_CACHE=off', async () => {
    const root = writeProject('typescript')
    await run(root)
    const cleared = await runPhicode(['--cache-clear', '--json'], { cwd: root, env: { PHICODE_CACHE: 'off', PHICODE_HOME: tempDir() } })
    expect(JSON.parse(cleared.stdout).cleared).toEqual([expect.objectContaining({ dir: join(root, CACHE_DIR) })])
    expect(existsSync(join(root, CACHE_DIR))).toBe(false)
  })
})
