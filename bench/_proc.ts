/** Start-to-exit timing of whole commands: the suite's interleaved runs (src/bench), as medians by name. */
import { exactly, interleaved as interleavedSamples, type Variant as Command } from '../src/bench/proc'
import { median } from './_stats'

export interface Variant extends Command {
  name: string
}

/**
 * Median ms of each variant over `runs` rounds, one run of each per round, after one warm-up
 * round. A name listed more than once (the same command at another place in the round) has the
 * samples of all its places.
 */
export function interleaved(variants: Variant[], runs: number): Map<string, number> {
  const samples = interleavedSamples(variants, exactly(runs))
  const byName = new Map<string, number[]>()
  variants.forEach((v, k) => byName.set(v.name, [...(byName.get(v.name) ?? []), ...samples[k]!]))
  return new Map([...byName].map(([name, all]) => [name, median(all)]))
}
