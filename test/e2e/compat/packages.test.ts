/**
 * The compatibility suite: popular npm packages used from φ files, each run as `phicode x.φ` (no bun
 * or node on PATH) and compared with `bun x.ts` on the hand-written original, in the same run.
 */
import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import pLimit from 'p-limit'
import { ROOT, runPhicode } from '../../helpers/binary'
import { CASES, SERVER_CASES } from './cases'
import { observe } from './observe'
import { FIXTURES, phiTwin, prepare, runBoth, serveBoth } from './run'

/**
 * The packages the cases import, each pinned exactly in package.json so `npm ci` is all CI needs
 * (consola, ofetch and citty are phicode's own dependencies; the rest are devDependencies).
 */
const PACKAGES = [
  'nanoid', 'chalk', 'p-limit', 'change-case', 'd3-array', 'd3-scale', 'd3-format', 'valibot', 'marked',
  'lodash', 'semver', 'dayjs', 'ajv', 'ms', 'picocolors', 'js-yaml', 'uuid', 'rxjs', 'acorn', 'acorn-walk',
  'yaml', 'immer', 'superjson', 'lru-cache', 'date-fns', 'luxon', 'zod', 'fast-check', 'consola', 'ofetch',
  'preact', 'preact-render-to-string', 'hono', 'express', 'tsyringe', 'reflect-metadata', 'commander', 'yargs', 'citty',
]

const setting = prepare()
// Two cores shared with others: a few case pairs at a time keeps the run short without starving it.
const slots = pLimit(3)
// A test's time includes its wait for a slot, so the limit covers the whole queue, not one run.
const QUEUED_TIMEOUT = 120_000
const label = (c: { original: string; covers: string; args?: string[] }) =>
  `${c.covers}${c.args ? ` [${c.args.join(' ')}]` : ''}`

describe('the packages', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<'dependencies' | 'devDependencies', Record<string, string>>

  test('at least 30, each pinned to an exact version, installed at that version', () => {
    expect(new Set(PACKAGES).size).toBeGreaterThanOrEqual(30)
    for (const name of PACKAGES) {
      const pinned = manifest.devDependencies[name] ?? manifest.dependencies[name]
      expect({ name, pinned }).toEqual({ name, pinned: expect.stringMatching(/^\d+\.\d+\.\d+$/) })
      const installed = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string }
      expect({ name, installed: installed.version }).toEqual({ name, installed: pinned })
    }
  })

  test('each one is imported by a case original', () => {
    const sources = [...CASES, ...SERVER_CASES].map((c) => readFileSync(join(FIXTURES, c.original), 'utf8')).join('\n')
    const unused = PACKAGES.filter((name) => !new RegExp(`['"]${name}(/[^'"]*)?['"]`).test(sources))
    expect(unused).toEqual([])
  })
})

describe('each φ twin is the original converted', () => {
  const originals = [...new Set([...CASES, ...SERVER_CASES].map((c) => c.original))]
  test.concurrent.each(originals)('%s', async (original) => {
    const twin = phiTwin(original)
    const phi = readFileSync(join(FIXTURES, twin), 'utf8')
    // A twin without symbols would run the original's code unconverted and prove nothing.
    expect(phi).toMatch(/[πƒ⟲¿⇒←ℂ∀⌛✓⊥≡]/u)
    const back = await slots(() => runPhicode(['--convert', twin, '--to', 'typescript', '--dialect', 'typescript'], { cwd: FIXTURES }))
    expect(back.code).toBe(0)
    expect(back.stdout).toBe(readFileSync(join(FIXTURES, original), 'utf8'))
  }, QUEUED_TIMEOUT)
})

describe('phicode x.φ as bun x.ts, with neither bun nor node on PATH', () => {
  test.concurrent.each(CASES.map((c) => [label(c), c] as const))('%s', async (_, c) => {
    const { bun, phicode } = await slots(() => runBoth(c, setting))
    expect(bun.code).toBe(c.exit ?? 0)
    expect(observe(phicode, c, phiTwin(c.original))).toEqual(observe(bun, c, c.original))
  }, QUEUED_TIMEOUT)
})

describe('servers on 127.0.0.1: the same answers, output and ending', () => {
  test.concurrent.each(SERVER_CASES.map((c) => [c.covers, c] as const))('%s', async (_, c) => {
    const { bun, phicode } = await slots(() => serveBoth(c, setting))
    expect(bun.answers.map((a) => a.status)).toEqual(c.requests.map((r) => r.status))
    expect(phicode).toEqual(bun)
  }, QUEUED_TIMEOUT)
})
