/** `--cache-stats`, `--cache-clear` and the switches of each layer, through the compiled binary. */
import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, runCommand, runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'
import { bytecodeKind, required } from '../../helpers/prerequisites'
import { CACHE_DIR, EXPECTED, hits, outcome, packsOf, report, run, writeProject } from './_helpers'

setDefaultTimeout(60_000)

/** The kind python3's bytecode is cached under, from its own version (`comφled_cpython_311` …). */
const CPYTHON_KIND = bytecodeKind(required('python3'))

describe('phicode --cache-stats / --cache-clear', () => {
  test('stats per layer (text and --json), then a clear that empties the cache', async () => {
    const root = writeProject('python')
    await run(root)
    await run(root)
    const text = await runPhicode(['--cache-stats'], { cwd: root })
    expect(text.code).toBe(0)
    expect(text.stdout).toContain(`cache  ${join(root, CACHE_DIR)}  (project)`)
    for (const layer of ['memory', 'transpiled', 'bytecode', 'resolution']) expect(text.stdout).toMatch(new RegExp(`^${layer} +\\d+ +\\d+`, 'm'))
    const stats = await report(root)
    expect(stats.location).toBe('project')
    expect(stats.layers.transpiled).toMatchObject({ misses: 5 })
    expect(stats.layers.transpiled.hits).toBeGreaterThanOrEqual(5)
    expect(stats.layers.bytecode.entries).toBe(6)
    expect(stats.layers.transpiled.entries).toBe(5)
    expect(Object.keys(stats.kinds).sort()).toEqual([CPYTHON_KIND, 'modules', 'python'])
    expect(stats.invalid + stats.stale + stats.temporary).toBe(0)

    const cleared = await runPhicode(['--cache-clear', '--json'], { cwd: root })
    expect(JSON.parse(cleared.stdout).cleared).toEqual([expect.objectContaining({ dir: join(root, CACHE_DIR) })])
    expect(existsSync(join(root, CACHE_DIR))).toBe(false)
    expect((await report(root)).layers.transpiled).toEqual({ hits: 0, misses: 0, entries: 0, bytes: 0 })
    expect((await runPhicode(['--cache-clear'], { cwd: root })).stderr).toContain('no cache to clear')
  })

  test('--cache-clear removes only what the cache wrote, wherever PHICODE_CACHE_DIR points', async () => {
    const root = writeProject('typescript')
    const dir = tempDir()
    writeFileSync(join(dir, 'notes.txt'), 'mine')
    mkdirSync(join(dir, 'typescript'))
    writeFileSync(join(dir, 'typescript', 'keep.me'), 'mine too')
    await run(root, [], { PHICODE_CACHE_DIR: dir })
    expect(existsSync(join(root, CACHE_DIR))).toBe(false)
    expect(readdirSync(join(dir, 'typescript')).some((f) => f.endsWith('.pack'))).toBe(true)
    await runPhicode(['--cache-clear'], { cwd: root, env: { PHICODE_CACHE_DIR: dir } })
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'typescript'])
    expect(readdirSync(join(dir, 'typescript'))).toEqual(['keep.me'])
  })

  test('--cache-stats and --cache-clear cannot be combined', async () => {
    const result = await runPhicode(['--cache-stats', '--cache-clear'], { cwd: tempDir() })
    expect(result.code).toBe(64)
  })
})

describe('each layer can be switched off', () => {
  const kindsAfter = async (env: Record<string, string>): Promise<string[]> => {
    const root = writeProject('python')
    for (let i = 0; i < 2; i++) expect(outcome(await run(root, [], env))).toEqual({ code: 0, stdout: EXPECTED.python, stderr: '' })
    return existsSync(join(root, CACHE_DIR)) ? readdirSync(join(root, CACHE_DIR)).filter((f) => f !== 'stats').sort() : []
  }

  test('PHICODE_CACHE=off: nothing cached, nothing written', async () => {
    expect(await kindsAfter({ PHICODE_CACHE: 'off' })).toEqual([])
  })
  test('PHICODE_CACHE_TRANSPILED, _BYTECODE, _RESOLUTION=off: that layer\'s files are never written', async () => {
    expect(await kindsAfter({ PHICODE_CACHE_TRANSPILED: 'off' })).toEqual([CPYTHON_KIND, 'modules'])
    expect(await kindsAfter({ PHICODE_CACHE_BYTECODE: 'off' })).toEqual(['modules', 'python'])
    expect(await kindsAfter({ PHICODE_CACHE_RESOLUTION: 'off' })).toEqual([CPYTHON_KIND, 'python'])
  })
  test('PHICODE_CACHE_SIZE=0: the memory layer answers nothing', async () => {
    const root = writeProject('typescript')
    expect(hits(await run(root)).memory[0]).toBeGreaterThan(0)
    expect(hits(await run(root, [], { PHICODE_CACHE_SIZE: '0' })).memory).toEqual([0, 0])
  })
  test('PHICODE_BATCH_SIZE=1: every entry is written alone', async () => {
    const root = writeProject('python')
    await run(root, [], { PHICODE_BATCH_SIZE: '1' })
    expect(packsOf(root, 'python')).toHaveLength(5)
    // The next run merges them into one pack, and finds every entry.
    const next = await run(root)
    expect(hits(next).transpiled).toEqual([5, 5])
    expect(packsOf(root, 'python')).toHaveLength(1)
  })
})

test('plain `bun run` with the phicode/register preload caches in the project too', async () => {
  const root = writeProject('typescript', {
    'bunfig.toml': 'preload = ["phicode/register"]\n',
    'app.ts': 'import { twice } from "./util"\nconsole.log(twice(4))\n',
  })
  mkdirSync(join(root, 'node_modules'))
  symlinkSync(ROOT, join(root, 'node_modules/phicode'))
  const bun = join(ROOT, 'node_modules/.bin/bun')
  for (let i = 0; i < 2; i++) expect(await runCommand([bun, 'run', 'app.ts'], { cwd: root })).toEqual({ code: 0, stdout: '8\n', stderr: '' })
  expect(packsOf(root, 'typescript')).toHaveLength(1)
  // The second run read what the first wrote (the entries are the plugin's engine's, from source):
  // the graph the first walked, which holds both modules, so neither is looked up again.
  const { transpiled, resolution } = (await report(root)).layers
  expect({ transpiled, resolution }).toMatchObject({ transpiled: { hits: 0, misses: 2 }, resolution: { hits: 1, misses: 1 } })
})
