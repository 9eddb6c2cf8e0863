/**
 * A planned φ-TypeScript run (issue 16): the plan keeps the entry's walk, so the third run of a
 * command line takes every module from its plan and opens no cache store, and it loads none of the
 * builtin modules that cost a compiled binary most (node:fs about 0.9 ms, node:path 0.4 ms,
 * node:module 0.3 ms). Which builtins a run evaluated is read from Bun's own CPU profile of it
 * (`BUN_OPTIONS=--cpu-prof`); a run that decides afresh is profiled the same way, as the control
 * that shows the profile does see them. Expected outputs are written by hand.
 */
import { describe, expect, test } from 'bun:test'
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { tempDir, tempProject } from '../../helpers/tmp'

const COSTLY = ['node:fs', 'node:path', 'node:module']

interface Project {
  dir: string
  home: string
}

const project = (files: Record<string, string>): Project => {
  const dir = tempProject(files, 'phicode-lane-')
  return { dir, home: join(dir, '.home') }
}

async function run(p: Project, args: string[], env: Record<string, string> = {}) {
  // Quiet however loaded the machine is: a start-up over 1 s would add its warning to stderr.
  const result = await runPhicode(args, { cwd: p.dir, env: { PHICODE_HOME: p.home, PHICODE_SLOW_START_MS: '600000', ...env } })
  return { code: result.code, stdout: result.stdout, stderr: result.stderr }
}

/** The run's outcome, and the costly builtin modules (`node:…`) it evaluated, from its CPU profile. */
async function profiled(p: Project, args: string[]) {
  const dir = tempDir('phicode-profile-')
  const outcome = await run(p, args, { BUN_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --cpu-prof-interval=10` })
  const [file] = readdirSync(dir)
  const profile = JSON.parse(readFileSync(join(dir, file!), 'utf8')) as { nodes: Array<{ callFrame: { url: string } }> }
  const builtins = new Set(profile.nodes.map((n) => n.callFrame.url).filter((url) => url.startsWith('node:')))
  return { outcome, builtins: COSTLY.filter((name) => builtins.has(name)) }
}

/**
 * A profile holds what was sampled, and a process starved of CPU is sampled rarely (4 samples
 * instead of hundreds, seen with the machine loaded): so a planned run is profiled three times
 * and what any of them saw counts.
 */
async function plannedBuiltins(p: Project, args: string[], stdout: string): Promise<string[]> {
  const seen = new Set<string>()
  for (let k = 0; k < 3; k++) {
    const { outcome, builtins } = await profiled(p, args)
    expect(outcome).toEqual({ code: 0, stdout, stderr: '' })
    for (const name of builtins) seen.add(name)
  }
  return [...seen]
}

function planOf(p: Project): { graph?: { stored: { modules: Array<[string, { requires?: boolean }]> } } } {
  const [name, ...others] = readdirSync(join(p.home, 'plans'))
  expect(others).toEqual([])
  return JSON.parse(readFileSync(join(p.home, 'plans', name!), 'utf8'))
}

const APP = {
  'package.json': '{}',
  'main.φ': "// phicode: typescript\n⇒ { twice } ← './lib'\nπ(twice(21))\n",
  'lib.φ': 'export ƒ twice(n: number): number {\n  ⟲ n * 2\n}\n',
}

describe('a planned φ-TypeScript run', () => {
  test('keeps the walk with its plan, then runs without node:fs, node:path or node:module', async () => {
    // The control: a run deciding afresh reads configs and writes its plan through node:fs, and
    // its profile shows it (a fresh project each try: a starved process may go unsampled).
    let control: string[] = []
    for (let k = 0; k < 5 && !control.includes('node:fs'); k++) {
      const deciding = await profiled(project(APP), ['main.φ'])
      expect(deciding.outcome).toEqual({ code: 0, stdout: '42\n', stderr: '' })
      control = deciding.builtins
    }
    expect(control).toContain('node:fs')
    const p = project(APP)
    expect(await run(p, ['main.φ'])).toEqual({ code: 0, stdout: '42\n', stderr: '' })
    expect(planOf(p).graph).toBeUndefined()
    // The second run finds the walk in the cache and keeps it with the plan.
    expect(await run(p, ['main.φ'])).toEqual({ code: 0, stdout: '42\n', stderr: '' })
    expect(planOf(p).graph!.stored.modules.map(([path, m]) => [path, m.requires])).toEqual([
      [join(p.dir, 'main.φ'), false],
      [join(p.dir, 'lib.φ'), false],
    ])
    expect(await plannedBuiltins(p, ['main.φ'], '42\n')).toEqual([])
  })

  test("reads the project's tsconfig.json and .env without those modules too", async () => {
    const p = project({
      ...APP,
      'tsconfig.json': '{\n  // JSONC, as TypeScript reads it\n  "compilerOptions": { "strict": true, },\n}\n',
      '.env': 'GREETING=hi\n',
      'main.φ': "// phicode: typescript\n⇒ { twice } ← './lib'\nπ(process.env.GREETING, twice(21))\n",
    })
    for (let k = 0; k < 2; k++) expect(await run(p, ['main.φ'])).toEqual({ code: 0, stdout: 'hi 42\n', stderr: '' })
    expect(await plannedBuiltins(p, ['main.φ'], 'hi 42\n')).toEqual([])
  })

  test('counts its hits in the statistics file', async () => {
    const p = project(APP)
    for (let k = 0; k < 2; k++) await run(p, ['main.φ'])
    const hits = async () => JSON.parse((await run(p, ['--cache-stats', '--json'])).stdout).layers.resolution.hits as number
    const before = await hits()
    expect(await run(p, ['main.φ'])).toEqual({ code: 0, stdout: '42\n', stderr: '' })
    expect(await hits()).toBe(before + 1)
  })

  test('does not trust its walk once a module changes, even at the same size and modification time', async () => {
    const p = project(APP)
    for (let k = 0; k < 3; k++) expect((await run(p, ['main.φ'])).stdout).toBe('42\n')
    const lib = join(p.dir, 'lib.φ')
    const before = statSync(lib)
    writeFileSync(lib, APP['lib.φ'].replace('n * 2', 'n * 3'))
    utimesSync(lib, before.atime, before.mtime)
    expect(statSync(lib).size).toBe(before.size)
    expect(await run(p, ['main.φ'])).toEqual({ code: 0, stdout: '63\n', stderr: '' })
    expect(await run(p, ['main.φ'])).toEqual({ code: 0, stdout: '63\n', stderr: '' })
  })

  test('runs a module edited to import another without its extension, and keeps the new walk', async () => {
    // Edited in place, so no folder listing the plan or its walk read changes: only the module's own file.
    const p = project({ ...APP, 'extra/three.φ': 'export const three = 3\n' })
    for (let k = 0; k < 3; k++) expect((await run(p, ['main.φ'])).stdout).toBe('42\n')
    const modules = () => planOf(p).graph?.stored.modules.map(([path]) => path.slice(p.dir.length + 1)).sort()
    expect(modules()).toEqual(['lib.φ', 'main.φ'])
    writeFileSync(join(p.dir, 'lib.φ'), "⇒ { three } ← './extra/three'\nexport ƒ twice(n: number): number {\n  ⟲ n * three\n}\n")
    expect(await run(p, ['main.φ'])).toEqual({ code: 0, stdout: '63\n', stderr: '' })
    expect(modules()).toEqual(['extra/three.φ', 'lib.φ', 'main.φ'])
    expect(await run(p, ['main.φ'])).toEqual({ code: 0, stdout: '63\n', stderr: '' })
  })

  test('finds an extensionless φ module through require, on every run', async () => {
    const p = project({
      'package.json': '{}',
      'main.φ': "// phicode: typescript\nconst { twice } = require('./lib')\nπ(twice(4))\n",
      'lib.φ': APP['lib.φ'],
    })
    for (let k = 0; k < 3; k++) expect(await run(p, ['main.φ'])).toEqual({ code: 0, stdout: '8\n', stderr: '' })
    expect(planOf(p).graph!.stored.modules.map(([, m]) => m.requires)).toEqual([true, false])
  })
})
