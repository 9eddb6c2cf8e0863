/**
 * `phicode --symbols`: the active tables through the binary, defaults and a project's custom
 * symbols. Expected rows and counts are written by hand from the README's tables.
 */
import { expect, test } from 'bun:test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'

const plain = tempDir('phicode-symbols-')
const custom = tempDir('phicode-symbols-custom-')
mkdirSync(join(custom, '.(φ)'))
writeFileSync(join(custom, '.(φ)', 'config.json'), JSON.stringify({ symbols: { def: 'Δ' }, typescript: { symbols: { function: 'ƒƒ' } } }))
const run = (cwd: string, args: string[]) => runPhicode(['--symbols', ...args], { cwd, env: { PHICODE_HOME: join(plain, 'home') } })

interface Row {
  keyword: string
  symbol: string
  default?: string
  aliases: string[]
}

test('--json lists both default tables: 48 python symbols, 37 typescript ones, no config', async () => {
  const r = await run(plain, ['--json'])
  const out = JSON.parse(r.stdout) as { config: null; python: Row[]; typescript: Row[] }
  expect([r.code, out.config, out.python.length, out.typescript.length]).toEqual([0, null, 48, 37])
  expect(out.python.find((row) => row.keyword === 'def')).toEqual({ keyword: 'def', symbol: 'ƒ', aliases: [] })
  expect(out.typescript.find((row) => row.keyword === 'console.log')).toEqual({ keyword: 'console.log', symbol: 'π', aliases: [] })
  expect(out.python.find((row) => row.keyword === ':=')).toEqual({ keyword: ':=', symbol: '≔', aliases: [] })
})

test('a project\'s custom symbol replaces the default, which is still read', async () => {
  const r = await run(custom, ['--json', '--dialect', 'python'])
  const out = JSON.parse(r.stdout) as Record<string, unknown> & { python: Row[] }
  expect(Object.keys(out)).toEqual(['config', 'python'])
  expect(out.config).toBe(join(custom, '.(φ)', 'config.json'))
  expect(out.python.find((row) => row.keyword === 'def')).toEqual({ keyword: 'def', symbol: 'Δ', default: 'ƒ', aliases: ['ƒ'] })
  const text = await run(custom, [])
  expect(text.stdout.split('\n')).toContain('  Δ   def   (replaces ƒ, still read)')
  expect(text.stdout.split('\n')).toContain('  ƒƒ  function   (replaces ƒ, still read)')
  expect(text.stdout).toContain(`python: 48 symbols, config ${join(custom, '.(φ)', 'config.json')}`)
})

test('--symbols takes no operand', async () => {
  const r = await run(plain, ['x'])
  expect([r.code, r.stderr.includes('--symbols takes no argument')]).toEqual([64, true])
})
