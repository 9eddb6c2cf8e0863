/**
 * A planned φ-Python run replays its opening (issue 16): once a run of a plan went by without its
 * interpreter asking for anything, the plan's next run sends the same first messages (the
 * bootstrap, the package folder, the pushed modules) as they were kept, and makes no module
 * server: no config, cache or converter, so its CPU profile shows no node:fs. What the
 * interpreter cannot check itself is witnessed by the opening: the config of every pushed
 * module's project, and the package folder. Every expected output below is written by hand.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { tempDir, tempProject } from '../../helpers/tmp'

interface Project {
  dir: string
  home: string
}

/** `lib` is a package of the project: its folder is none the entry's plan looks at. */
const APP = {
  'package.json': '{}',
  'main.φ': '# phicode: python\n← lib.helper ⇒ value\nπ(value())\n',
  'lib/__init__.py': '',
  'lib/helper.φ': 'size = "sized"\n\nƒ value():\n    ⟲ globals().get("size", "renamed")\n',
}

const project = (files: Record<string, string> = APP): Project => {
  const dir = tempProject(files, 'phicode-opening-')
  return { dir, home: join(dir, '.home') }
}

async function run(p: Project, args: string[] = ['main.φ'], env: Record<string, string> = {}) {
  const result = await runPhicode(args, { cwd: p.dir, env: { PHICODE_HOME: p.home, ...env } })
  return { code: result.code, stdout: result.stdout, stderr: result.stderr }
}

/**
 * Waits until every file of the project was last changed over two seconds ago: phicode never
 * pushes a module changed more recently (its timestamps could still change within their
 * granularity), and a file's ctime cannot be set back.
 */
async function settled(...dirs: string[]): Promise<void> {
  const ctimes = (dir: string): number[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.name === '.home' ? [] : e.isDirectory() ? ctimes(join(dir, e.name)) : [statSync(join(dir, e.name)).ctimeMs]))
  const wait = Math.max(...dirs.flatMap(ctimes)) + 2_100 - Date.now()
  if (wait > 0) await Bun.sleep(wait)
}

/** The opening kept beside the project's one plan, if any. */
function openingOf(p: Project): string | undefined {
  const names = readdirSync(join(p.home, 'plans'))
  expect(names.filter((name) => name.endsWith('.json'))).toHaveLength(1)
  const opening = names.find((name) => name.endsWith('.opening'))
  return opening && join(p.home, 'plans', opening)
}

/** Whether a run evaluated node:fs, by its CPU profile. */
async function loadsNodeFs(p: Project, stdout: string): Promise<boolean> {
  const dir = tempDir('phicode-profile-')
  const outcome = await run(p, ['main.φ'], { BUN_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --cpu-prof-interval=10` })
  expect(outcome).toEqual({ code: 0, stdout, stderr: '' })
  const [file] = readdirSync(dir)
  const profile = JSON.parse(readFileSync(join(dir, file!), 'utf8')) as { nodes: Array<{ callFrame: { url: string } }> }
  return profile.nodes.some((node) => node.callFrame.url === 'node:fs')
}

/** Runs until the plan has an opening and the next run replayed it (the opening left as it was). */
async function replaying(p: Project, stdout: string): Promise<string> {
  for (let k = 0; k < 2; k++) expect(await run(p)).toEqual({ code: 0, stdout, stderr: '' })
  const opening = openingOf(p)
  expect(opening).toBeDefined()
  const kept = statSync(opening!).mtimeMs
  expect(await run(p)).toEqual({ code: 0, stdout, stderr: '' })
  expect(statSync(opening!).mtimeMs).toBe(kept)
  return opening!
}

type Layers = Record<string, { hits: number; misses: number; entries: number }>

/** The project's cache statistics by layer (`--cache-stats --json`). */
const cacheLayers = async (p: Project): Promise<Layers> => JSON.parse((await run(p, ['--cache-stats', '--json'])).stdout).layers as Layers

/** Converts φ text at run time (phicode.transpile) only when given an argument: the plan is the same either way. */
const CONVERTING = { ...APP, 'main.φ': '# phicode: python\n⇒ sys\n← lib.helper ⇒ value\n¿ len(sys.argv) > 1:\n    ⇒ phicode\n    π(phicode.transpile(sys.argv[1]))\nπ(value())\n' }

const EXITING = { ...APP, 'main.φ': '# phicode: python\n⇒ sys\n← lib.helper ⇒ value\nπ(value())\nsys.exit(3)\n' }

// Made at once and settled together: one wait of two seconds for all of them.
const made = { kept: project(), edited: project(), late: project(), converting: project(CONVERTING), configured: project(), reconfigured: project({ ...APP, 'lib/.(φ)/config.json': '{"symbols": {}}' }), folder: project(), counted: project(), exiting: project(EXITING), cleared: project() }
beforeAll(() => settled(...Object.values(made).map((p) => p.dir)))

describe('a planned φ-Python run', () => {
  test('keeps its opening after a run its interpreter asked nothing of, then replays it without node:fs', async () => {
    const p = made.kept
    // The first run decides and its interpreter asks for both modules; the second, planned, pushes them.
    expect(await run(p)).toEqual({ code: 0, stdout: 'sized\n', stderr: '' })
    expect(openingOf(p)).toBeUndefined()
    // The control: a run serving its interpreter in full reads the cache through node:fs. A process
    // starved of CPU may go unsampled, so up to five are profiled, the opening each keeps removed.
    let control = false
    for (let k = 0; k < 5 && !control; k++) {
      const kept = openingOf(p)
      if (kept) rmSync(kept)
      control = await loadsNodeFs(p, 'sized\n')
    }
    expect(control).toBe(true)
    const opening = openingOf(p)
    expect(opening).toBeDefined()
    const kept = statSync(opening!).mtimeMs
    // Replays, three of them: none evaluates node:fs, and none writes the opening again.
    const replays = [await loadsNodeFs(p, 'sized\n'), await loadsNodeFs(p, 'sized\n'), await loadsNodeFs(p, 'sized\n')]
    expect(replays).toEqual([false, false, false])
    expect(statSync(opening!).mtimeMs).toBe(kept)
  })

  test('serves a module edited since, drops the opening, and keeps a fresh one once a run asks for nothing', async () => {
    const p = made.edited
    const opening = await replaying(p, 'sized\n')
    writeFileSync(join(p.dir, 'lib', 'helper.φ'), APP['lib/helper.φ'].replace('"sized"', '"edited"'))
    expect(await run(p)).toEqual({ code: 0, stdout: 'edited\n', stderr: '' })
    expect(existsSync(opening)).toBe(false)
    // Just edited, it is not pushed yet: its interpreter asks for it, and such a run keeps no opening.
    expect(await run(p)).toEqual({ code: 0, stdout: 'edited\n', stderr: '' })
    expect(existsSync(opening)).toBe(false)
    await settled(p.dir)
    expect(await run(p)).toEqual({ code: 0, stdout: 'edited\n', stderr: '' })
    expect(existsSync(opening)).toBe(true)
    expect(await run(p)).toEqual({ code: 0, stdout: 'edited\n', stderr: '' })
  })

  test('keeps in the cache what it converted for an interpreter that asked after all', async () => {
    const p = made.late
    await replaying(p, 'sized\n')
    const before = await cacheLayers(p)
    writeFileSync(join(p.dir, 'lib', 'helper.φ'), APP['lib/helper.φ'].replace('"sized"', '"edited"'))
    expect(await run(p)).toEqual({ code: 0, stdout: 'edited\n', stderr: '' })
    const after = await cacheLayers(p)
    // helper.φ alone was converted afresh and kept, and the code the interpreter compiled from it.
    expect([after['transpiled']!.misses - before['transpiled']!.misses, after['transpiled']!.entries - before['transpiled']!.entries]).toEqual([1, 1])
    expect(after['bytecode']!.entries - before['bytecode']!.entries).toBe(1)
  })

  test('serves a program that converts φ text at run time, which it did not on the runs before', async () => {
    const p = made.converting
    await replaying(p, 'sized\n')
    expect(await run(p, ['main.φ', 'π(1)'])).toEqual({ code: 0, stdout: 'print(1)\nsized\n', stderr: '' })
  })

  // `lib` becomes a project whose `size` means len, helper.φ is converted anew: the config is either
  // new (a path the opening saw absent) or edited (present from the start with no symbols changed,
  // which only its stat or text shows).
  test.each([
    ['put in its folder since, which the entry’s plan does not look at', 'configured'],
    ['of its project edited since', 'reconfigured'],
  ] as const)('converts a module again with a config %s', async (_, name) => {
    const p = made[name]
    await replaying(p, 'sized\n')
    mkdirSync(join(p.dir, 'lib', '.(φ)'), { recursive: true })
    writeFileSync(join(p.dir, 'lib', '.(φ)', 'config.json'), JSON.stringify({ symbols: { len: 'size' } }))
    expect(await run(p)).toEqual({ code: 0, stdout: 'renamed\n', stderr: '' })
    expect(await run(p)).toEqual({ code: 0, stdout: 'renamed\n', stderr: '' })
  })

  test('writes the package folder again when it was removed since', async () => {
    const p = made.folder
    await replaying(p, 'sized\n')
    const [folder] = readdirSync(join(p.home, 'python')).filter((name) => statSync(join(p.home, 'python', name)).isDirectory())
    const init = join(p.home, 'python', folder!, 'phicode', '__init__.py')
    expect(existsSync(init)).toBe(true)
    rmSync(join(p.home, 'python', folder!), { recursive: true })
    expect(await run(p)).toEqual({ code: 0, stdout: 'sized\n', stderr: '' })
    expect(existsSync(init)).toBe(true)
  })

  test('counts a replayed run in the statistics as the run that kept the opening counted', async () => {
    const p = made.counted
    expect(await run(p)).toEqual({ code: 0, stdout: 'sized\n', stderr: '' })
    const totals = [await cacheLayers(p)]
    for (let k = 0; k < 3; k++) {
      expect(await run(p)).toEqual({ code: 0, stdout: 'sized\n', stderr: '' })
      totals.push(await cacheLayers(p))
    }
    const added = (k: number, layer: string) => [totals[k + 1]![layer]!.hits - totals[k]![layer]!.hits, totals[k + 1]![layer]!.misses - totals[k]![layer]!.misses]
    // The run that kept the opening pushed both modules from the bytecode layer; the two replays count the same.
    expect(added(0, 'resolution')).toEqual([2, 0])
    for (const layer of ['memory', 'transpiled', 'bytecode', 'resolution']) {
      expect(added(1, layer)).toEqual(added(0, layer))
      expect(added(2, layer)).toEqual(added(0, layer))
    }
  })

  test('is forgotten with its plan by --cache-clear in the project, and kept afresh after', async () => {
    const p = made.cleared
    const opening = await replaying(p, 'sized\n')
    const other = project({ 'package.json': '{}' })
    // Another project's clear leaves it.
    expect(JSON.parse((await runPhicode(['--cache-clear', '--json'], { cwd: other.dir, env: { PHICODE_HOME: p.home } })).stdout).plans).toBe(0)
    expect(existsSync(opening)).toBe(true)
    const cleared = await runPhicode(['--cache-clear', '--json'], { cwd: p.dir, env: { PHICODE_HOME: p.home } })
    expect(JSON.parse(cleared.stdout).plans).toBe(1)
    expect(readdirSync(join(p.home, 'plans'))).toEqual([])
    const text = await runPhicode(['--cache-clear'], { cwd: p.dir, env: { PHICODE_HOME: p.home } })
    expect(text.stderr).toContain('no cache to clear')
    for (let k = 0; k < 3; k++) expect(await run(p)).toEqual({ code: 0, stdout: 'sized\n', stderr: '' })
    expect(existsSync(opening)).toBe(true)
  })

  test("ends with the program's exit status, and reports its errors on the φ lines", async () => {
    const p = made.exiting
    for (let k = 0; k < 2; k++) expect(await run(p)).toEqual({ code: 3, stdout: 'sized\n', stderr: '' })
    const opening = openingOf(p)
    expect(opening).toBeDefined()
    const kept = statSync(opening!).mtimeMs
    expect(await run(p)).toEqual({ code: 3, stdout: 'sized\n', stderr: '' })
    expect(statSync(opening!).mtimeMs).toBe(kept)
    // A module that now raises is served in full, and its traceback names the φ file and line.
    writeFileSync(join(p.dir, 'lib', 'helper.φ'), 'ƒ value():\n    ↑ ValueError("no value")\n')
    const failed = await run(p)
    expect([failed.code, failed.stdout]).toEqual([1, ''])
    expect(failed.stderr).toContain(`File "${join(p.dir, 'lib', 'helper.φ')}", line 2, in value`)
    expect(failed.stderr).toEndWith('ValueError: no value\n')
  })
})
