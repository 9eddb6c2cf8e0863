/** Start-to-exit timing of whole commands: the suite's interleaved runs (src/bench), as medians by name. */
import { exactly, interleaved as interleavedSamples, type Variant as Command } from '../src/bench/proc'
import { median } from './_stats'

export interface Variant extends Command {
  name: string
}

/** Median ms of each variant over `runs` rounds, one run of each per round, after one warm-up round. */
export function interleaved(variants: Variant[], runs: number): Map<string, number> {
  const samples = interleavedSamples(variants, exactly(runs))
  return new Map(variants.map((v, k) => [v.name, median(samples[k]!)]))
}
