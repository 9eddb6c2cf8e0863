/**
 * The remembered walk (docs/cache.md, "Resolution") on real npm packages: each fixture run twice
 * on one cache; the second run takes its modules from the graph the first walked and must print,
 * exit and fail exactly as the first did. Then the same through a run plan: the third run of a
 * command line takes the walk its plan keeps, without opening the cache.
 */
import { describe, expect, test } from 'bun:test'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { FIXTURES, prepare } from '../compat/run'
import { hits } from './_helpers'

// ESM and CommonJS packages, a JSX renderer, a command-line parser, and a program that throws.
const FIXTURE_FILES = ['lodash.φ', 'rxjs.φ', 'zod.φ', 'preact.φ', 'ajv.φ', 'date-fns.φ', 'commander.φ', 'uncaught-error.φ']

describe('a warm run of a real package takes its modules from the remembered graph', () => {
  const setting = prepare()
  test.each(FIXTURE_FILES)('%s', async (file) => {
    const env = { ...setting.env, PATH: setting.toolFreePath }
    const cold = await runPhicode([file], { cwd: FIXTURES, env })
    const warm = await runPhicode(['--debug', file], { cwd: FIXTURES, env })
    const quiet = warm.stderr.split('\n').filter((l) => !l.startsWith('phicode: debug: ')).join('\n')
    expect({ code: warm.code, stdout: warm.stdout, stderr: quiet }).toEqual({ code: cold.code, stdout: cold.stdout, stderr: cold.stderr })
    expect(hits(warm).resolution).toEqual([1, 1])
  })
})

describe('a planned run of a real package takes its modules from the walk its plan keeps', () => {
  const setting = prepare()
  /** The walk kept with the plan of `file`'s command line: the modules it holds. */
  const keptWalk = (file: string): string[] | undefined => {
    const plans = join(setting.env.PHICODE_HOME!, 'plans')
    for (const name of readdirSync(plans)) {
      const plan = JSON.parse(readFileSync(join(plans, name), 'utf8')) as { entry: { path: string }; graph?: { stored: { modules: Array<[string]> } } }
      if (plan.entry.path === join(FIXTURES, file)) return plan.graph?.stored.modules.map(([path]) => path)
    }
    return undefined
  }
  test.each(FIXTURE_FILES)('%s', async (file) => {
    const env = { ...setting.env, PATH: setting.toolFreePath }
    const first = await runPhicode([file], { cwd: FIXTURES, env })
    // The second run keeps its walk with the plan; the third takes it from there.
    for (let k = 0; k < 2; k++) expect(await runPhicode([file], { cwd: FIXTURES, env })).toEqual(first)
    expect(keptWalk(file)).toContain(join(FIXTURES, file))
  })
})
