/**
 * Transpiler throughput in this process (the binary's own transpiler), beside a naive regex pass
 * over the same input: sizes × symbol densities × dialects × directions.
 */
import { convert } from '../../transpile/convert'
import { DEFAULT_SYMBOLS } from '../../transpile/tables'
import type { Dialect, Direction } from '../../transpile/types'
import { figure, throughput } from '../_figure'
import { generateInput, type Density, type Input } from '../_inputs'
import { naivePass } from '../_naive'
import type { Scenario, ScenarioContext } from '../_scenario'
import { timeInterleaved, type RunPlan } from '../_stats'
import type { Figure } from '../types'

const KB = 1000
const MB = 1000 * KB

function plan(bytes: number, full: boolean): RunPlan {
  if (bytes <= 10 * KB) return { warmupMs: 50, minRuns: 21, minMs: full ? 150 : 80 }
  if (bytes <= 100 * KB) return { warmupMs: 50, minRuns: 9, minMs: full ? 200 : 100 }
  if (bytes <= MB) return { warmupMs: 0, minRuns: full ? 7 : 5, minMs: 0 }
  return { warmupMs: 0, minRuns: 5, minMs: 0 }
}

/** Size × density cells: every size at medium density, every density at 100 KB. */
function cells(full: boolean): Array<[number, Density]> {
  const sizes = full ? [10 * KB, 100 * KB, MB, 5 * MB] : [10 * KB, 100 * KB, MB]
  const densities: Density[] = ['low', 'medium', 'high']
  return sizes.flatMap((size) => densities.filter((d) => d === 'medium' || size === 100 * KB).map((d): [number, Density] => [size, d]))
}

export const sizeLabel = (bytes: number): string => (bytes >= MB ? `${bytes / MB} MB` : `${bytes / KB} KB`)

/** Reads one char of a result: the scanners build a rope, and flattening it is part of the work. */
const consume = (text: string): number => text.charCodeAt(0)

function measure(dialect: Dialect, direction: Direction, input: Input, bytes: number, density: Density, full: boolean): Figure {
  const source = direction === 'forward' ? input.phi : input.plain
  const naive = naivePass(DEFAULT_SYMBOLS[dialect], direction)
  const [scanner, regex] = timeInterleaved(
    [() => consume(convert(source, direction, { dialect }).code), () => consume(naive(source))],
    plan(bytes, full),
  ) as [number[], number[]]
  const size = Buffer.byteLength(source)
  const arrow = direction === 'forward' ? 'φ → code' : 'code → φ'
  return figure(
    {
      id: `transpile.${dialect}.${direction}.${sizeLabel(bytes).replace(' ', '')}.${density}`,
      label: `${dialect} ${arrow}, ${sizeLabel(bytes)}, ${density} density`,
      unit: 'MB/s',
      params: { dialect, direction, bytes: size, density, symbols_per_kb: Number(input.symbolsPerKb.toFixed(1)) },
    },
    throughput(size, scanner),
    { label: 'naive regex pass', samples: throughput(size, regex) },
  )
}

export const transpileScenario: Scenario = {
  id: 'transpile',
  title: 'Transpile throughput',
  description: 'φ ↔ code in both dialects: sizes and symbol densities, beside a naive regex pass',
  async run(ctx: ScenarioContext) {
    const figures: Figure[] = []
    for (const dialect of ['python', 'typescript'] as const) {
      for (const [bytes, density] of cells(ctx.full)) {
        ctx.step(`${dialect}, ${sizeLabel(bytes)}, ${density} density`)
        const input = generateInput(dialect, bytes, density)
        for (const direction of ['forward', 'reverse'] as const) figures.push(measure(dialect, direction, input, bytes, density, ctx.full))
        // Let the progress line through between cells: the timing loops hold the event loop.
        await Bun.sleep(0)
      }
    }
    ctx.note('MB/s of the input per call, median of calls alternated with the baseline after a warm-up. The naive pass also rewrites strings and comments: it is a speed reference, not a correct transpiler.')
    return figures
  },
}
