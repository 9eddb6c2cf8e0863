/**
 * How the store lays out and merges its pack files, through the compiled binary: when packs are
 * merged (more than four, or one that cannot be used), what a merge keeps, and what the run's
 * summary says it wrote, checked against the files on disk.
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { existsSync, mkdirSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PHICODE } from '../../helpers/binary'
import { until } from '../../helpers/load'
import { CACHE_DIR, EXPECTED, forgePack, hits, notes, outcome, packsOf, readPack, run, writeProject } from './_helpers'

setDefaultTimeout(60_000)

/** Rewrites a project file, keeping it an hour old like the rest of the project. */
function rewrite(root: string, name: string, text: string): void {
  writeFileSync(join(root, name), text)
  const hourAgo = new Date(Date.now() - 3_600_000)
  utimesSync(join(root, name), hourAgo, hourAgo)
}

/** The run's `wrote N entries in P pack(s), B bytes, T ms` figures from its --debug summary. */
function wrote(stderr: string): { entries: number; packs: number; bytes: number } {
  const found = /: hits memory \d+\/\d+, transpiled \d+\/\d+, bytecode \d+\/\d+, resolution \d+\/\d+; wrote (\d+) entries in (\d+) pack\(s\), (\d+) bytes, (-?[\d.]+) ms/.exec(stderr)
  if (!found) throw new Error(`no write summary in:\n${stderr}`)
  // The time spent writing is the code's own measurement: only its sign can be checked.
  expect(Number(found[4])).toBeGreaterThanOrEqual(0)
  return { entries: Number(found[1]), packs: Number(found[2]), bytes: Number(found[3]) }
}

describe('python: packs are merged when there are more than four', () => {
  test('four packs stay as they are; a fifth (one new entry) merges all into one that keeps every entry', async () => {
    // Four modules, four transpiled entries (the twins of the standard project left out).
    const root = writeProject('python', { 'main.φ': '⇒ util\n← pkg ⇒ tool\nπ("main", util.twice(21), tool.name())\n' })
    expect(outcome(await run(root, [], { PHICODE_BATCH_SIZE: '1' })).stdout).toBe('main 42 tool\n')
    const four = packsOf(root, 'python')
    expect(four).toHaveLength(4)

    // Four packs and nothing new: nothing is merged or rewritten.
    expect(hits(await run(root)).transpiled).toEqual([4, 4])
    expect(packsOf(root, 'python')).toEqual(four)

    // An edit makes one new entry: with it, five packs, merged into one at the end of the run.
    const original = readFileSync(join(root, 'util.φ'), 'utf8')
    rewrite(root, 'util.φ', original.replace('n * 2', 'n * 3'))
    const edited = await run(root)
    expect(outcome(edited).stdout).toBe('main 63 tool\n')
    expect(hits(edited).transpiled).toEqual([3, 4])
    const merged = packsOf(root, 'python')
    expect(merged).toHaveLength(1)
    // The four entries this run used, and the edited module's old entry (unused now, but small).
    expect(readPack(merged[0]!).entries).toHaveLength(5)

    // Back to the original text: its entry survived the merge, so every lookup is a hit.
    rewrite(root, 'util.φ', original)
    const back = await run(root)
    expect(outcome(back)).toEqual({ code: 0, stdout: 'main 42 tool\n', stderr: '' })
    expect(hits(back).transpiled).toEqual([4, 4])
    expect(packsOf(root, 'python')).toEqual(merged)
  })
})

describe('typescript: the run summary counts what was written', () => {
  /** The packs a typescript run writes: its conversions, and the graph its walk remembered. */
  const packsOfRun = (root: string): string[] => [...packsOf(root, 'typescript'), ...packsOf(root, 'modules')]
  const size = (packs: string[]): number => packs.reduce((sum, p) => sum + statSync(p).size, 0)

  test('a cold run writes one pack per kind, of the sizes on disk; a warm run writes nothing', async () => {
    const root = writeProject('typescript')
    const cold = await run(root)
    const packs = packsOfRun(root)
    expect(packs).toHaveLength(2)
    const entries = packs.reduce((sum, p) => sum + readPack(p).entries.length, 0)
    expect(wrote(cold.stderr)).toEqual({ entries, packs: 2, bytes: size(packs) })
    expect(wrote((await run(root)).stderr)).toEqual({ entries: 0, packs: 0, bytes: 0 })
    expect(packsOfRun(root)).toEqual(packs)
  })

  test('one entry per pack (PHICODE_BATCH_SIZE=1): four conversions and the graph, five packs, their sizes summed', async () => {
    const root = writeProject('typescript')
    const cold = await run(root, [], { PHICODE_BATCH_SIZE: '1' })
    // main.φ as written and with `./util` rewritten, util.φ, lib/tool.φ.
    expect(packsOf(root, 'typescript')).toHaveLength(4)
    expect(packsOf(root, 'modules')).toHaveLength(1)
    expect(wrote(cold.stderr)).toEqual({ entries: 5, packs: 5, bytes: size(packsOfRun(root)) })
  })
})

describe('typescript: what --debug says about a pack it cannot use', () => {
  test('an entry under another key names the key by its first 12 digits, and the pack', async () => {
    const root = writeProject('typescript')
    await run(root)
    const [pack] = packsOf(root, 'typescript')
    const { engine, entries } = readPack(pack!)
    const [first, second, ...rest] = entries
    forgePack(pack!, 'typescript', engine, [{ key: first!.key, entry: second! }, { key: second!.key, entry: first! }, ...rest.map((e) => ({ key: e.key, entry: e }))])
    const result = await run(root)
    expect(outcome(result)).toEqual({ code: 0, stdout: EXPECTED.typescript, stderr: '' })
    const name = pack!.split('/').at(-1)
    expect(notes(result)).toContain(`phicode: debug: cache: typescript: discarded entry ${first!.key.slice(0, 12)} in ${name}: the entry of another key (swapped)`)
  })

  test('a truncated pack is discarded with its reason', async () => {
    const root = writeProject('typescript')
    await run(root)
    const [pack] = packsOf(root, 'typescript')
    truncateSync(pack!, statSync(pack!).size - 1)
    const result = await run(root)
    expect(outcome(result)).toEqual({ code: 0, stdout: EXPECTED.typescript, stderr: '' })
    expect(notes(result)).toEqual([`phicode: debug: cache: typescript: discarded pack ${pack!.split('/').at(-1)}: no pack trailer (truncated or damaged)`])
  })

  test('one damaged entry in one of two packs: both packs are merged away at the end of the run', async () => {
    const root = writeProject('typescript')
    await run(root, [], { PHICODE_BATCH_SIZE: '2' })
    const two = packsOf(root, 'typescript')
    expect(two).toHaveLength(2)
    // Byte 30 is inside the first entry's kind ("typescript" from byte 28): it no longer verifies.
    const bytes = readFileSync(two[0]!)
    bytes[30] = bytes[30]! ^ 0x20
    writeFileSync(two[0]!, bytes)
    const result = await run(root)
    expect(outcome(result)).toEqual({ code: 0, stdout: EXPECTED.typescript, stderr: '' })
    expect(notes(result).join('\n')).toContain('discarded entry')
    // The whole pack too: its entries moved to the merged pack (the rebuilt entry is in a pack of its own).
    expect(packsOf(root, 'typescript').filter((p) => two.includes(p))).toEqual([])
    const after = await run(root)
    expect(notes(after)).toEqual([])
    expect(hits(after).transpiled[0]).toBe(hits(after).transpiled[1])
  })

  test('a directory named like a pack is reported as unreadable and the run goes on', async () => {
    const root = writeProject('typescript')
    await run(root)
    mkdirSync(join(root, CACHE_DIR, 'typescript', 'zz.pack'))
    const result = await run(root)
    expect(outcome(result)).toEqual({ code: 0, stdout: EXPECTED.typescript, stderr: '' })
    expect(notes(result)).toEqual(['phicode: debug: cache: typescript: cannot read zz.pack (EISDIR)'])
    expect(hits(result).transpiled[0]).toBe(hits(result).transpiled[1])
  })
})

describe('typescript: a program that keeps running', () => {
  test('its entries are written once its entry module has run, so a kill later loses none', async () => {
    const root = writeProject('typescript', {
      'main.φ': '// phicode: typescript\n⇒ { twice } ← "./util"\nπ(twice(21))\nif (process.argv.includes("stay")) setInterval(() => {}, 1000)\n',
    })
    const child = Bun.spawn([PHICODE, 'main.φ', 'stay'], { cwd: root, env: process.env, stdout: 'pipe', stderr: 'pipe' })
    try {
      await until(() => existsSync(join(root, CACHE_DIR, 'typescript')) && packsOf(root, 'typescript').length > 0, 30_000, 'the running program\'s pack')
    } finally {
      child.kill('SIGKILL')
      await child.exited
    }
    const next = await run(root)
    expect(outcome(next).stdout).toBe('42\n')
    expect(hits(next).transpiled[0]).toBe(hits(next).transpiled[1])
  })

  test('with the cache switched off, --debug says so and counts nothing', async () => {
    const result = await run(writeProject('typescript'), [], { PHICODE_CACHE: 'off' })
    expect(outcome(result).stdout).toBe(EXPECTED.typescript)
    expect(result.stderr.split('\n')).toContain('phicode: debug: cache: off: memory hits 0/0')
  })
})
