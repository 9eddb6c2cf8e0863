/**
 * The user's own benchmarks: every module in `.(φ)/benchmarks/` of the project, run by phicode,
 * beside the same program on the plain runtime (φ files converted to plain code first).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, extname, join, relative } from 'node:path'
import { loadConfig } from '../../config/load'
import { CONFIG_DIRS } from '../../config/root'
import type { LoadedConfig } from '../../config/types'
import { decideDialect, kindOf, PHI_EXTENSIONS, plainExtensionFor } from '../../kinds'
import { convert } from '../../transpile/convert'
import { scanImports } from '../../transpile/specifiers'
import type { Dialect } from '../../transpile/types'
import { figure } from '../_figure'
import { CommandFailed, interleaved, type Variant } from '../proc'
import { Skip, timeBox, type Scenario, type ScenarioContext } from '../_scenario'
import { bunCommand, pythonCommand } from '../_tools'
import type { Figure } from '../types'

const PHI = new Set<string>(PHI_EXTENSIONS)

/** `.(φ)/benchmarks` (else `.phicode/benchmarks`) under the project root, if it exists. */
function benchmarksDir(root: string): string | undefined {
  return CONFIG_DIRS.map((d) => join(root, d, 'benchmarks')).find((d) => existsSync(d) && statSync(d).isDirectory())
}

/** The modules to time: files at the top of the folder; `_`-prefixed ones and subfolders are their helpers. */
function entries(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && !/^[_.]/.test(e.name) && kindOf(e.name) !== undefined)
    .map((e) => e.name)
    .sort()
}

/** As a run decides it (a benchmark is an entry). */
function dialectOf(file: string, config: LoadedConfig): Dialect {
  return kindOf(file)?.dialect ??
    decideDialect({ source: readFileSync(file, 'utf8'), dir: dirname(file), configured: config.config.language }).dialect
}

/** TypeScript imports of `./x.φ` point at `./x.ts` in the plain copy. */
function plainSpecifiers(code: string): string {
  const { specifiers } = scanImports(code)
  let out = code
  for (const s of [...specifiers].reverse()) {
    const ext = extname(s.value)
    if (s.value.startsWith('.') && PHI.has(ext)) out = out.slice(0, s.start) + s.value.slice(0, -ext.length) + plainExtensionFor('typescript') + out.slice(s.end)
  }
  return out
}

/**
 * The benchmarks folder as plain code: φ files converted in their dialect (.py or .ts), the rest
 * copied. The baseline runs from it.
 */
function plainCopy(dir: string, target: string, config: LoadedConfig): void {
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = join(dir, rel)
    if (!statSync(file).isFile()) continue
    const ext = extname(rel)
    if (!PHI.has(ext)) {
      cpSync(file, join(target, rel))
      continue
    }
    const dialect = dialectOf(file, config)
    const code = convert(readFileSync(file, 'utf8'), 'forward', { table: config.tables[dialect], filename: file }).code
    const out = join(target, rel.slice(0, -ext.length) + plainExtensionFor(dialect))
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(out, dialect === 'python' ? code : plainSpecifiers(code))
  }
}

function baselineOf(ctx: ScenarioContext, plainFile: string, dialect: Dialect): { label: string; variant: Variant } | string {
  const name = relative(dirname(plainFile), plainFile)
  if (dialect === 'python') {
    if (!ctx.tools.python) return 'python3 not found'
    return { label: `python3 ${name}`, variant: pythonCommand(ctx.tools.python, [plainFile], ctx.root) }
  }
  return { label: `bun ${name}`, variant: bunCommand(ctx.tools, [plainFile], ctx.root) }
}

export const userScenario: Scenario = {
  id: 'user',
  title: 'Your benchmarks',
  description: 'the modules in .(φ)/benchmarks/ of this project, beside the same code on the plain runtime',
  async run(ctx) {
    const dir = benchmarksDir(ctx.root)
    if (!dir) throw new Skip(`no ${join('.(φ)', 'benchmarks')} folder in ${ctx.root}: put φ or plain modules there to have them timed`)
    const names = entries(dir)
    if (names.length === 0) throw new Skip(`${dir} holds no module (.φ, .phi, .py, .ts, .js, .mjs)`)
    const config = loadConfig(ctx.root)
    const mirror = join(ctx.work, 'plain')
    let mirrored = true
    try {
      plainCopy(dir, mirror, config)
    } catch (error) {
      mirrored = false
      ctx.note(`the φ benchmarks could not be converted for their baselines: ${error instanceof Error ? error.message : String(error)}`)
    }
    const figures: Figure[] = []
    for (const name of names) {
      const file = join(dir, name)
      const ext = extname(name)
      const dialect = dialectOf(file, config)
      const plainFile = PHI.has(ext) ? join(mirror, name.slice(0, -ext.length) + plainExtensionFor(dialect)) : file
      const own: Variant = { cmd: [...ctx.tools.phicode, file], cwd: ctx.root }
      const base = PHI.has(ext) && !mirrored ? 'no plain copy' : baselineOf(ctx, plainFile, dialect)
      const variants = typeof base === 'string' ? [own] : [own, base.variant]
      ctx.step(name)
      try {
        const samples = interleaved(variants, timeBox(ctx.full, 5, 10), (done, max) => ctx.step(`${name}, round ${done} (of at most ${max})`))
        const spec = { id: `user.${name}`, label: name, unit: 'ms' as const, params: { file: relative(ctx.root, file), dialect } }
        figures.push(typeof base === 'string' ? figure(spec, samples[0]!) : figure(spec, samples[0]!, { label: base.label, samples: samples[1]! }))
        if (typeof base === 'string') ctx.note(`${name}: no baseline (${base})`)
      } catch (error) {
        if (!(error instanceof CommandFailed)) throw error
        ctx.note(`${name} failed, not timed: ${error.message}`)
      }
    }
    if (figures.length === 0) throw new Error(`none of the ${names.length} benchmarks ran`)
    ctx.note('Start-to-exit of each module, run from the project root.')
    return figures
  },
}
