/**
 * What makes a cached entry stale, through the compiled binary: source content (never the
 * file's timestamps), the symbol table, the interpreter and the engine version.
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { copyFileSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { bytecodeKind, otherCpython, required } from '../../helpers/prerequisites'
import { CACHE_DIR, EXPECTED, forgePack, hits, notes, outcome, packsOf, readPack, run, writeProject, type Dialect } from './_helpers'

setDefaultTimeout(60_000)

/** The kind python3's bytecode is cached under, from its own version (`comφled_cpython_311` …). */
const CPYTHON_KIND = bytecodeKind(required('python3'))

describe.each(['python', 'typescript'] as Dialect[])('%s: an edit is picked up', (dialect) => {
  test('an edit that keeps the size and the mtime (to the second) still changes what runs', async () => {
    const root = writeProject(dialect)
    expect(outcome(await run(root)).stdout).toBe(EXPECTED[dialect])
    const warm = await run(root)
    expect(hits(warm).transpiled[0]).toBeGreaterThan(0)
    const util = join(root, 'util.φ')
    const before = statSync(util)
    const edited = dialect === 'python' ? 'ƒ twice(n):\n    ⟲ n * 3\n' : 'export ƒ twice(n: number): number {\n  ⟲ n * 3\n}\n'
    writeFileSync(util, edited)
    utimesSync(util, before.atime, before.mtime)
    expect(statSync(util).size).toBe(before.size)
    expect(Math.floor(statSync(util).mtimeMs / 1000)).toBe(Math.floor(before.mtimeMs / 1000))
    expect(outcome(await run(root)).stdout).toBe(EXPECTED[dialect].replace('42', '63'))
  })
})

describe('the symbol table is part of every transpiled key', () => {
  test('a config change misses every transpiled entry; identical output still shares bytecode', async () => {
    const root = writeProject('python')
    await run(root)
    mkdirSync(join(root, '.(φ)'))
    writeFileSync(join(root, '.(φ)/config.json'), JSON.stringify({ symbols: { pass: 'nop' } }))
    const changed = await run(root)
    expect(outcome(changed).stdout).toBe(EXPECTED.python)
    // Five distinct sources (the twins are one).
    expect(hits(changed).transpiled).toEqual([0, 5])
    expect(hits(changed).bytecode[0]).toBeGreaterThan(0)
  })

  test('a config change that changes the meaning of the source is never answered from the cache', async () => {
    const root = writeProject('python', { 'main.φ': 'say("custom")\n' })
    mkdirSync(join(root, '.(φ)'))
    writeFileSync(join(root, '.(φ)/config.json'), JSON.stringify({ symbols: { print: 'say' } }))
    expect(outcome(await run(root))).toEqual({ code: 0, stdout: 'custom\n', stderr: '' })
    expect(outcome(await run(root)).stdout).toBe('custom\n')
    writeFileSync(join(root, '.(φ)/config.json'), JSON.stringify({ symbols: {} }))
    const plain = await run(root)
    expect(plain.code).toBe(1)
    expect(plain.stderr).toContain("NameError: name 'say' is not defined")
  })
})

describe('bytecode is only ever loaded by the interpreter that wrote it', () => {
  test('CPython and PyPy keep separate entries; neither loads the other\'s', async () => {
    const pypyKind = bytecodeKind(required('pypy3'))
    const root = writeProject('python')
    await run(root)
    const pypy = await run(root, ['--pypy'])
    expect(outcome(pypy).stdout).toBe(EXPECTED.python)
    expect(hits(pypy).bytecode[0]).toBe(0)
    expect(readdirSync(join(root, CACHE_DIR)).filter((d) => d.startsWith('comφled_')).sort()).toEqual([CPYTHON_KIND, pypyKind].sort())
    expect(hits(await run(root, ['--pypy'])).bytecode[0]).toBeGreaterThan(0)
  })

  /** Reads python3's entries, runs `flags`/`env` once, and replaces that interpreter's entries with python3's, `forge`d. */
  async function forgeInto(root: string, flags: string[], env: Record<string, string>, forge: (body: Uint8Array) => Uint8Array): Promise<void> {
    const { engine, entries } = readPack(packsOf(root, CPYTHON_KIND)[0]!)
    const probe = await run(root, flags, env)
    expect(outcome(probe).stdout).toBe(EXPECTED.python)
    const kind = readdirSync(join(root, CACHE_DIR)).find((d) => d.startsWith('comφled_') && (flags.length === 0 || d !== CPYTHON_KIND))!
    for (const pack of packsOf(root, kind)) writeFileSync(pack, '')
    mkdirSync(join(root, CACHE_DIR, kind), { recursive: true })
    forgePack(join(root, CACHE_DIR, kind, 'zzzzzzzzz-forged.pack'), kind, engine, entries.map((e) => ({ key: e.key, entry: { ...e, kind, body: forge(e.body) } })))
  }

  async function refusedAndRebuilt(root: string, flags: string[], env: Record<string, string>): Promise<void> {
    const result = await run(root, flags, env)
    expect(outcome(result).stdout).toBe(EXPECTED.python)
    expect(notes(result).some((n) => n.includes('the interpreter refused it'))).toBe(true)
    // The pack that held the refused entries was merged away: the next run meets none of them.
    const next = await run(root, flags, env)
    expect(notes(next)).toEqual([])
    expect(hits(next).bytecode[0]).toBeGreaterThan(0)
  }

  test("python3's entries forged into PyPy's place: refused by its magic number, rebuilt", async () => {
    const root = writeProject('python')
    await run(root)
    required('pypy3')
    await forgeInto(root, ['--pypy'], {}, (body) => body)
    await refusedAndRebuilt(root, ['--pypy'], {})
  })

  test("python3's entries forged into another CPython version's place: refused by its magic number, rebuilt", async () => {
    const root = writeProject('python')
    await run(root)
    const other = otherCpython()
    if (other) {
      await forgeInto(root, ['--cpython'], { PHITON_PATH: other }, (body) => body)
      await refusedAndRebuilt(root, ['--cpython'], { PHITON_PATH: other })
    } else {
      // No second CPython here: python3's own entries get another version's magic number instead.
      console.log('  no CPython but python3 on this machine: its own entries are given a foreign magic number')
      await forgeInto(root, [], {}, (body) => {
        const forged = body.slice()
        forged[0] = (forged[0]! + 1) & 0xff
        return forged
      })
      await refusedAndRebuilt(root, [], {})
    }
  })
})

describe.each(['python', 'typescript'] as Dialect[])('%s: a new engine version never trusts an old entry', (dialect) => {
  test('entries of another engine, however well-formed, are ignored and rebuilt', async () => {
    const root = writeProject(dialect)
    await run(root)
    const kinds = readdirSync(join(root, CACHE_DIR)).filter((d) => !d.startsWith('stats'))
    for (const kind of kinds) {
      for (const pack of packsOf(root, kind)) {
        const { entries } = readPack(pack)
        const old = entries.map((e) => ({ key: e.key, entry: { ...e, engine: '0.0.1+old' } }))
        // Entries of the old engine inside a pack claiming the current one: each entry's header decides.
        forgePack(pack, kind, readPack(pack).engine, old)
        copyFileSync(pack, pack.replace(/\.pack$/, '-old.pack'))
        forgePack(pack.replace(/\.pack$/, '-old.pack'), kind, '0.0.1+old', old)
      }
    }
    const result = await run(root)
    expect(outcome(result).stdout).toBe(EXPECTED[dialect])
    const h = hits(result)
    expect(h.transpiled[0] + h.bytecode[0] + h.resolution[0]).toBe(0)
    expect(notes(result).some((n) => n.includes('another engine version'))).toBe(true)
    expect(notes(result).some((n) => n.includes('written by engine 0.0.1+old'))).toBe(true)
    const again = await run(root)
    expect(hits(again).transpiled[0]).toBeGreaterThan(0)
    expect(notes(again)).toEqual([])
  })
})

describe('python: modules pushed ahead of their imports (the resolution layer)', () => {
  const MAIN = [
    '⇒ sys, os',
    '¿ sys.argv[1:] == ["rewrite"]:',
    '    st = os.stat("gen.φ")',
    '    ∥ open("gen.φ", "w") ↦ f:',
    '        f.write("VALUE = 2\\n")',
    '    os.utime("gen.φ", ns=(st.st_atime_ns, st.st_mtime_ns))',
    '⇒ gen',
    'π(gen.VALUE)',
    '',
  ].join('\n')

  test('a pushed module the program rewrites before importing it (same size, same mtime) is read afresh', async () => {
    const root = writeProject('python', { 'main.φ': MAIN, 'gen.φ': 'VALUE = 1\n' })
    // Files changed within the last two seconds are never pushed (their timestamps cannot tell
    // a further change in the same tick): wait that out, so this run's pushes are real.
    const changed = Math.max(...['main.φ', 'gen.φ'].map((f) => statSync(join(root, f)).ctimeMs))
    await Bun.sleep(Math.max(0, changed + 2100 - Date.now()))
    expect(outcome(await run(root)).stdout).toBe('1\n')
    const pushed = await run(root)
    expect(outcome(pushed).stdout).toBe('1\n')
    expect(hits(pushed).resolution).toEqual([2, 2])
    expect(pushed.stderr).not.toContain('python: served')
    const rewritten = await run(root, ['rewrite'])
    expect(outcome(rewritten)).toEqual({ code: 0, stdout: '2\n', stderr: '' })
    expect(rewritten.stderr).toContain(`python: served ${join(root, 'gen.φ')}`)
  })
})

describe('python: bytecode per optimization level', () => {
  test('PYTHONOPTIMIZE=0, 1 and 2 each load their own entries: asserts and docstrings as the level says', async () => {
    const main = 'ƒ f():\n    "doc"\n    ‼ ⊥, "asserts on"\n∴:\n    f()\n⛒ AssertionError:\n    π("assert ran")\nπ(f.__doc__)\n'
    const root = writeProject('python', { 'main.φ': main })
    const expected: Record<string, string> = { '0': 'assert ran\ndoc\n', '1': 'doc\n', '2': 'None\n' }
    for (const round of ['cold', 'warm']) {
      for (const level of ['0', '1', '2']) {
        const result = await run(root, [], { PYTHONOPTIMIZE: level === '0' ? '' : level })
        expect(outcome(result).stdout).toBe(expected[level]!)
        if (round === 'warm') expect(hits(result).bytecode).toEqual([2, 2])
      }
    }
  })
})
