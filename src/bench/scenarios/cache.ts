/**
 * The cache, cold and warm: a φ project run with an empty cache directory every time, and with
 * one filled by earlier runs; beside plain python3 with an empty and a filled bytecode cache
 * (and plain bun, whose transpiler cache works the same way for big files only).
 */
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { figure } from '../_figure'
import { interleaved, type Variant } from '../proc'
import { writeProject } from '../projects'
import { timeBox, type Scenario, type ScenarioContext } from '../_scenario'
import { bunCommand, pythonCommand } from '../_tools'
import type { Dialect } from '../../transpile/types'
import type { Figure } from '../types'

interface Case {
  id: string
  label: string
  dialect: Dialect
  state: 'cold' | 'warm' | 'off'
  phicode: Variant
  baseline: Variant
  baselineLabel: string
}

const emptied = (dir: string) => () => rmSync(dir, { recursive: true, force: true })

function cases(ctx: ScenarioContext, dialect: Dialect, count: number): Case[] {
  const { tools, work } = ctx
  const base = join(work, dialect)
  const project = writeProject(join(base, 'project'), dialect, count)
  const dirs = { cold: join(base, 'cache-cold'), warm: join(base, 'cache-warm'), bunWarm: join(base, 'bun-cache') }
  const phicode = (env: Record<string, string>, before?: () => void): Variant => ({ cmd: [...tools.phicode, project.phi], cwd: work, env, before })
  // Python's bytecode cache sits beside the modules (PYTHONPYCACHEPREFIX slows every import
  // here): the cold runs get a copy of their own whose __pycache__ is removed before each run.
  const coldPlain = dialect === 'python' ? writeProject(join(base, 'plain-cold'), dialect, count).plain : project.plain
  const plain = (state: 'cold' | 'warm'): Variant => {
    if (dialect === 'python') {
      const file = state === 'cold' ? coldPlain : project.plain
      return { ...pythonCommand(tools.python!, [file], work), before: state === 'cold' ? emptied(join(dirname(file), '__pycache__')) : undefined }
    }
    return { ...bunCommand(tools, [project.plain], work), env: { ...tools.bun.env, BUN_RUNTIME_TRANSPILER_CACHE_PATH: state === 'cold' ? '0' : dirs.bunWarm } }
  }
  const runtime = dialect === 'python' ? 'python3' : 'bun'
  const label = (state: string) => `φ-${dialect === 'python' ? 'Python' : 'TypeScript'}, ${state}`
  const list: Case[] = [
    {
      id: `cache.${dialect}.cold`,
      label: label('cold cache'),
      dialect,
      state: 'cold',
      phicode: phicode({ PHICODE_CACHE_DIR: dirs.cold }, emptied(dirs.cold)),
      baseline: plain('cold'),
      baselineLabel: `${runtime}, ${dialect === 'python' ? 'no __pycache__' : 'no cache'}`,
    },
    {
      id: `cache.${dialect}.warm`,
      label: label('warm cache'),
      dialect,
      state: 'warm',
      phicode: phicode({ PHICODE_CACHE_DIR: dirs.warm }),
      baseline: plain('warm'),
      baselineLabel: `${runtime}, ${dialect === 'python' ? '__pycache__' : 'cache'}`,
    },
  ]
  if (ctx.full) {
    list.push({
      id: `cache.${dialect}.off`,
      label: label('PHICODE_CACHE=off'),
      dialect,
      state: 'off',
      phicode: phicode({ PHICODE_CACHE: 'off' }),
      baseline: plain('cold'),
      baselineLabel: `${runtime}, ${dialect === 'python' ? 'no __pycache__' : 'no cache'}`,
    })
  }
  return list
}

function hasEntries(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir, { recursive: true }).length > 0
}

export const cacheScenario: Scenario = {
  id: 'cache',
  title: 'Cache cold / warm',
  description: 'a φ project with an empty cache every run, and with a filled one, beside the plain runtime cold and warm',
  async run(ctx) {
    const count = ctx.full ? 100 : 60
    const list: Case[] = [...cases(ctx, 'typescript', count)]
    if (ctx.tools.python) list.push(...cases(ctx, 'python', count))
    else ctx.note('python3 not found: the φ-Python cache is not measured')
    const samples = interleaved(
      list.flatMap((c) => [c.phicode, c.baseline]),
      timeBox(ctx.full, 6, 12),
      (done, max) => ctx.step(`${count} modules, ${list.length} cases, round ${done} (of at most ${max})`),
    )
    const warmDirs = list.filter((c) => c.state === 'warm').map((c) => c.phicode.env!.PHICODE_CACHE_DIR!)
    if (!warmDirs.some(hasEntries)) {
      ctx.note('Nothing was written to PHICODE_CACHE_DIR (is PHICODE_CACHE=off set?): cold and warm timed the same work.')
    }
    return list.map(
      (c, k): Figure =>
        figure({ id: c.id, label: c.label, unit: 'ms', params: { dialect: c.dialect, modules: count, cache: c.state } }, samples[2 * k]!, {
          label: c.baselineLabel,
          samples: samples[2 * k + 1]!,
        }),
    )
  },
}
