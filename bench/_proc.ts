/** Start-to-exit timing of whole commands, interleaved so machine noise hits every variant alike. */
import { median } from './_stats'

export interface Variant {
  name: string
  cmd: string[]
  cwd?: string
  env?: Record<string, string>
}

export function timeOnce(v: Variant): number {
  const start = Bun.nanoseconds()
  const r = Bun.spawnSync(v.cmd, { cwd: v.cwd, env: { ...process.env, ...v.env }, stdout: 'ignore', stderr: 'pipe' })
  const ms = (Bun.nanoseconds() - start) / 1e6
  if (!r.success) throw new Error(`${v.cmd.join(' ')} failed (${r.exitCode}): ${r.stderr.toString().slice(0, 500)}`)
  return ms
}

/** Median ms of each variant over `runs` rounds, one run of each per round, after one warm-up round. */
export function interleaved(variants: Variant[], runs: number): Map<string, number> {
  for (const v of variants) timeOnce(v)
  const samples = new Map(variants.map((v) => [v.name, [] as number[]]))
  for (let k = 0; k < runs; k++) for (const v of variants) samples.get(v.name)!.push(timeOnce(v))
  return new Map([...samples].map(([name, times]) => [name, median(times)]))
}
