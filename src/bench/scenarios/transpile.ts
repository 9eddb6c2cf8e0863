/**
 * Transpiler throughput in this process (the binary's own transpiler), beside a naive regex pass
 * over the same input: sizes × symbol densities × dialects × directions.
 */
import { convert } from '../../transpile/convert'
import { DEFAULT_SYMBOLS } from '../../transpile/symbols'
import type { Dialect, Direction } from '../../transpile/types'
import { figure, throughput } from '../_figure'
import { generateInput, type Density, type Input } from '../_inputs'
import { naivePass } from '../naive'
import type { Scenario, ScenarioContext } from '../_scenario'
import { median, timeInterleaved, type RunPlan } from '../stats'
import type { Figure } from '../types'

const KB = 1000
const MB = 1000 * KB

/**
 * One pass's share of a figure: a short block of calls after a short warm-up. Calls inside one
 * block are alike (same heap, same JIT state, same moment's load); the spread between runs comes
 * from slower changes, so a figure's samples are the medians of its blocks across passes.
 */
function block(bytes: number, full: boolean): RunPlan {
  if (bytes <= 100 * KB) return { warmupMs: 10, minRuns: 3, minMs: full ? 25 : 20 }
  if (bytes <= MB) return { warmupMs: 0, minRuns: 2, minMs: 0 }
  return { warmupMs: 0, minRuns: 1, minMs: 0 }
}

/** Size × density cells: every size at medium density, every density at 100 KB. */
function sizesAndDensities(full: boolean): Array<[number, Density]> {
  const sizes = full ? [10 * KB, 100 * KB, MB, 5 * MB] : [10 * KB, 100 * KB, MB]
  const densities: Density[] = ['low', 'medium', 'high']
  return sizes.flatMap((size) => densities.filter((d) => d === 'medium' || size === 100 * KB).map((d): [number, Density] => [size, d]))
}

const sizeLabel = (bytes: number): string => (bytes >= MB ? `${bytes / MB} MB` : `${bytes / KB} KB`)

/** Reads one char of a result: the scanners build a rope, and flattening it is part of the work. */
const consume = (text: string): number => text.charCodeAt(0)

interface Cell {
  dialect: Dialect
  direction: Direction
  bytes: number
  density: Density
  input: Input
  samples: [number[], number[]]
}

/** One block of the cell: the medians of phicode's and the naive pass's calls, as MB/s. */
function timeBlock(cell: Cell, full: boolean): void {
  const source = cell.direction === 'forward' ? cell.input.phi : cell.input.plain
  const naive = naivePass(DEFAULT_SYMBOLS[cell.dialect], cell.direction)
  const { dialect, direction } = cell
  const times = timeInterleaved([() => consume(convert(source, direction, { dialect }).code), () => consume(naive(source))], block(cell.bytes, full))
  const size = Buffer.byteLength(source)
  times.forEach((t, k) => cell.samples[k]!.push(throughput(size, [median(t)])[0]!))
}

function toFigure(cell: Cell): Figure {
  const { dialect, direction, bytes, density, input } = cell
  const size = Buffer.byteLength(direction === 'forward' ? input.phi : input.plain)
  return figure(
    {
      id: `transpile.${dialect}.${direction}.${sizeLabel(bytes).replace(' ', '')}.${density}`,
      label: `${dialect} ${direction === 'forward' ? 'φ → code' : 'code → φ'}, ${sizeLabel(bytes)}, ${density} density`,
      unit: 'MB/s',
      params: { dialect, direction, bytes: size, density, symbols_per_kb: Number(input.symbolsPerKb.toFixed(1)) },
    },
    cell.samples[0],
    { label: 'naive regex pass', samples: cell.samples[1] },
  )
}

export const transpileScenario: Scenario = {
  id: 'transpile',
  title: 'Transpile throughput',
  description: 'φ ↔ code in both dialects: sizes and symbol densities, beside a naive regex pass',
  async run(ctx: ScenarioContext) {
    const cells: Cell[] = []
    for (const dialect of ['python', 'typescript'] as const) {
      for (const [bytes, density] of sizesAndDensities(ctx.full)) {
        ctx.step(`generating ${dialect}, ${sizeLabel(bytes)}, ${density} density`)
        const input = generateInput(dialect, bytes, density)
        for (const direction of ['forward', 'reverse'] as const) cells.push({ dialect, direction, bytes, density, input, samples: [[], []] })
      }
    }
    // The JIT compiles the scanners on the small inputs first, so no pass times a cold one.
    for (const cell of cells.filter((c) => c.bytes === 10 * KB)) {
      const source = cell.direction === 'forward' ? cell.input.phi : cell.input.plain
      timeInterleaved([() => consume(convert(source, cell.direction, { dialect: cell.dialect }).code)], { warmupMs: 100, minRuns: 0, minMs: 0 })
    }
    const passes = ctx.full ? 6 : 5
    for (let pass = 1; pass <= passes; pass++) {
      ctx.step(`pass ${pass}/${passes} over ${cells.length} inputs`)
      for (const cell of cells) timeBlock(cell, ctx.full)
      // Let the progress line through between passes: the timing loops hold the event loop.
      await Bun.sleep(0)
    }
    ctx.note(
      `MB/s of the input. Each figure is the median of ${passes} blocks of calls, one per pass over all inputs, each block alternating with the baseline after a short warm-up. The naive pass also rewrites strings and comments: it is a speed reference, not a correct transpiler.`,
    )
    return cells.map(toFigure)
  },
}
