import { nodeFs, readText } from '../util/files'
import { phicodeHome } from '../util/home'
import { join } from '../util/paths'
import type { RunPlan } from './plan'
import { openingFile } from './python/opening'

/**
 * Forgets the run plans of entries in the project `root`, and what is kept beside each (a Bun
 * run's walk is inside the plan, a Python run's opening next to it): both hold converted code,
 * so what `--cache-clear` empties must not come back from a plan. Returns how many were forgotten.
 */
export function forgetPlans(root: string, env: Record<string, string | undefined> = process.env): number {
  const dir = join(phicodeHome(env), 'plans')
  const { readdirSync, rmSync } = nodeFs()
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return 0
  }
  let forgotten = 0
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const plan = planIn(join(dir, name))
    if (plan?.entry?.root !== root) continue
    rmSync(join(dir, name), { force: true })
    rmSync(openingFile(join(dir, name)), { force: true })
    forgotten++
  }
  return forgotten
}

function planIn(path: string): Partial<RunPlan> | undefined {
  try {
    return JSON.parse(readText(path) ?? '') as Partial<RunPlan>
  } catch {
    return undefined
  }
}
