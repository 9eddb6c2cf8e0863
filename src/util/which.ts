import { delimiter } from 'node:path'
import { noteProbe } from './probes'

/** A `Bun.which` lookup reads the folders of PATH: a program added to any of them may change its answer. */
export function notePathSearch(env: Record<string, string | undefined> = process.env): void {
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir) noteProbe(dir, 'listing')
}
