/**
 * Self-healing: every kind of cache file truncated, zeroed, overwritten with random bytes or
 * swapped with another → the next run notices, says so under --debug, rebuilds, prints the
 * right output, and the run after it finds a whole cache again.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { bytecodeKind, required } from '../../helpers/prerequisites'
import { CACHE_DIR, EXPECTED, forgePack, hits, notes, outcome, packsOf, readPack, report, run, writeProject, type Dialect } from './_helpers'

setDefaultTimeout(60_000)

/** The kind python3's bytecode is cached under, from its own version (`comφled_cpython_311` …). */
const CPYTHON_KIND = bytecodeKind(required('python3'))

type Damage = 'truncated' | 'zeroed' | 'random bytes' | 'swapped with another kind\'s file' | 'entries swapped inside it'

const DAMAGE: Record<Exclude<Damage, 'entries swapped inside it'>, (file: string, other: string) => void> = {
  // In the middle of the stretch between newlines around the file's middle (a file without
  // them is cut in half): a cut at a line's end could leave only whole lines of a text file.
  truncated: (file) => {
    const bytes = readFileSync(file)
    let mid = Math.floor(bytes.length / 2)
    while (mid > 0 && bytes[mid] === 10) mid--
    const start = bytes.lastIndexOf(10, mid) + 1
    const end = bytes.indexOf(10, mid)
    truncateSync(file, start + Math.floor(((end < 0 ? bytes.length : end) - start) / 2))
  },
  zeroed: (file) => writeFileSync(file, new Uint8Array(readFileSync(file).length)),
  'random bytes': (file) => writeFileSync(file, crypto.getRandomValues(new Uint8Array(readFileSync(file).length))),
  'swapped with another kind\'s file': (file, other) => {
    const [a, b] = [readFileSync(file), readFileSync(other)]
    writeFileSync(file, b)
    writeFileSync(other, a)
  },
}

/** Two entries of one pack trade places: the index, re-digested, says each key is where the other is. */
function swapEntries(pack: string): void {
  const { engine, entries } = readPack(pack)
  const [first, second, ...rest] = entries
  forgePack(pack, first!.kind, engine, [
    { key: first!.key, entry: second! },
    { key: second!.key, entry: first! },
    ...rest.map((e) => ({ key: e.key, entry: e })),
  ])
}

/** The kinds of file each dialect's cache holds, and a file of another kind to swap with. */
const KINDS: Record<Dialect, Array<[kind: string, partner: string]>> = {
  python: [['python', CPYTHON_KIND], [CPYTHON_KIND, 'python'], ['modules', 'python']],
  typescript: [['typescript', 'node'], ['modules', 'typescript']],
}

/**
 * Settings a kind's cases run under: a warm typescript run takes its modules from the graph it
 * remembered (kind `modules`), so the conversions themselves are read only with that layer off.
 */
const SETTINGS: Record<string, Record<string, string>> = { typescript: { PHICODE_CACHE_RESOLUTION: '0' } }

/** The flags of the run that reads a kind, when a plain run of the dialect does not. */
const READER: Record<string, string[]> = { node: ['--node'] }

for (const dialect of ['python', 'typescript'] as Dialect[]) {
  describe(`${dialect}: a damaged cache file is noticed, discarded and rebuilt`, () => {
    const root = writeProject(dialect)
    beforeAll(async () => {
      await run(root)
      // The typescript project's node entries give the typescript pack a partner to swap with.
      if (dialect === 'typescript') await run(root, ['--node'])
      await run(root)
    })

    const cases: Array<[string, Damage]> = KINDS[dialect].flatMap(([kind]) => [
      ...(Object.keys(DAMAGE) as Damage[]).map((d): [string, Damage] => [kind, d]),
      ...(kind === 'modules' ? [] : [[kind, 'entries swapped inside it'] as [string, Damage]]),
    ])
    test.each(cases)('%s pack, %s', async (kind, damage) => {
      const [file] = packsOf(root, kind)
      const partner = KINDS[dialect].find(([k]) => k === kind)![1]
      const env = SETTINGS[kind] ?? {}
      if (damage === 'entries swapped inside it') swapEntries(file!)
      else DAMAGE[damage](file!, packsOf(root, partner)[0]!)
      const healing = await run(root, [], env)
      expect(outcome(healing)).toEqual({ code: 0, stdout: EXPECTED[dialect], stderr: '' })
      expect(notes(healing).join('\n')).toMatch(/discarded (pack|entry)/)
      if (damage.startsWith('swapped') && READER[partner]) {
        const partnerHealing = await run(root, READER[partner])
        expect(outcome(partnerHealing).stdout).toBe(EXPECTED[dialect])
        expect(notes(partnerHealing).join('\n')).toMatch(/discarded pack/)
      }
      // The run after finds every entry whole again, and nothing is left to discard.
      const after = await run(root, [], env)
      expect(outcome(after).stdout).toBe(EXPECTED[dialect])
      expect(notes(after)).toEqual([])
      const h = hits(after)
      expect(h.transpiled[0]).toBe(h.transpiled[1])
      expect(h.bytecode[0]).toBe(h.bytecode[1])
      expect((await report(root)).invalid).toBe(0)
    })

    test.each(Object.keys(DAMAGE).filter((d) => !d.startsWith('swapped')))('the statistics file, %s: runs are unaffected; --cache-stats reports it and starts the totals again', async (damage) => {
      const stats = join(root, CACHE_DIR, 'stats')
      DAMAGE[damage as 'zeroed'](stats, stats)
      expect(outcome(await run(root))).toEqual({ code: 0, stdout: EXPECTED[dialect], stderr: '' })
      expect((await report(root)).invalid).toBeGreaterThan(0)
      const healed = await report(root)
      expect(healed.invalid).toBe(0)
      expect(healed.layers.transpiled.hits).toBe(0)
      expect(outcome(await run(root))).toEqual({ code: 0, stdout: EXPECTED[dialect], stderr: '' })
      expect((await report(root)).layers.transpiled.hits).toBeGreaterThan(0)
    })
  })
}
