/**
 * The remembered walk (docs/cache.md, "Resolution") on real npm packages: each fixture run twice
 * on one cache; the second run takes its modules from the graph the first walked and must print,
 * exit and fail exactly as the first did.
 */
import { describe, expect, test } from 'bun:test'
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
