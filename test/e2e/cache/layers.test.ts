/**
 * The memory layer in front of the transpiled one (docs/cache.md: "the memory layer answers
 * first, then the disk"), and the transpiled layer of `--node` (φ/TS → JavaScript, keyed by
 * content), read from the `--debug` summary of runs of the compiled binary.
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { required } from '../../helpers/prerequisites'
import { CACHE_DIR, EXPECTED, hits, outcome, report, run, writeProject } from './_helpers'

setDefaultTimeout(60_000)

describe('memory before disk (python)', () => {
  test('a warm run asks the disk only what memory did not answer; with PHICODE_CACHE_SIZE=0, everything', async () => {
    const root = writeProject('python')
    await run(root)
    const warm = await run(root)
    expect(outcome(warm)).toEqual({ code: 0, stdout: EXPECTED.python, stderr: '' })
    const [memoryHits, memoryLookups] = hits(warm).memory
    // twin_a and twin_b have the same content: one of them at least is answered from memory
    expect(memoryHits).toBeGreaterThan(0)
    expect(hits(warm).transpiled).toEqual([memoryLookups - memoryHits, memoryLookups - memoryHits])

    const unremembered = await run(root, [], { PHICODE_CACHE_SIZE: '0' })
    expect(outcome(unremembered)).toEqual({ code: 0, stdout: EXPECTED.python, stderr: '' })
    expect(hits(unremembered).memory).toEqual([0, 0])
    expect(hits(unremembered).transpiled).toEqual([memoryLookups, memoryLookups])
  })
})

describe('--node: the transpiled layer holds the JavaScript', () => {
  required('node')

  test('a warm run compiles nothing; an edited file is compiled again, alone', async () => {
    const root = writeProject('typescript')
    const cold = await run(root, ['--node'])
    expect(outcome(cold)).toEqual({ code: 0, stdout: EXPECTED.typescript, stderr: '' })
    const [, lookups] = hits(cold).transpiled
    expect(hits(cold).transpiled[0]).toBe(0)
    // one JavaScript entry per φ file of the project (main, util, lib/tool)
    expect((await report(root)).kinds.node?.entries).toBe(3)

    const warm = await run(root, ['--node'])
    expect(outcome(warm)).toEqual({ code: 0, stdout: EXPECTED.typescript, stderr: '' })
    expect(hits(warm).transpiled).toEqual([lookups, lookups])

    writeFileSync(join(root, 'util.φ'), 'export ƒ twice(n: number): number {\n  ⟲ n + n\n}\n')
    const hourAgo = new Date(Date.now() - 3_600_000)
    utimesSync(join(root, 'util.φ'), hourAgo, hourAgo)
    const edited = await run(root, ['--node'])
    expect(outcome(edited)).toEqual({ code: 0, stdout: EXPECTED.typescript, stderr: '' })
    expect(hits(edited).transpiled).toEqual([lookups - 1, lookups])
    expect((await report(root)).kinds.node?.entries).toBe(4)
  })

  test('PHICODE_CACHE_TRANSPILED=off: compiled each time, nothing written', async () => {
    const root = writeProject('typescript')
    for (let i = 0; i < 2; i++) {
      const result = await run(root, ['--node'], { PHICODE_CACHE_TRANSPILED: 'off' })
      expect(outcome(result)).toEqual({ code: 0, stdout: EXPECTED.typescript, stderr: '' })
      expect(hits(result).transpiled).toEqual([0, 0])
    }
    expect(existsSync(join(root, CACHE_DIR)) ? readdirSync(join(root, CACHE_DIR)) : []).toEqual([])
  })
})
