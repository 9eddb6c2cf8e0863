import { describe, expect, test } from 'bun:test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, loadConfig } from '../../../src'
import { defaultTable, transpile, toPhicode } from '../../../src/transpile'
import { thrown } from '../../helpers/thrown'
import { tempDir } from '../../helpers/tmp'

function project(config: unknown, where = '.(φ)'): string {
  const root = tempDir()
  mkdirSync(join(root, where), { recursive: true })
  writeFileSync(join(root, where, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config))
  return root
}

const load = (root: string, env: Record<string, string> = {}) => loadConfig(root, env)


describe('custom symbols in the seed format', () => {
  test('ASCII symbols match whole identifiers only', () => {
    const { tables, warnings } = load(project({ file_extension: '.φ', symbols: { def: 'fn', print: 'say' } }))
    expect(warnings).toEqual([])
    const table = tables.python
    expect(transpile('fn f(): say(fn_name, sayer, obj.say)', { table })).toBe('def f(): print(fn_name, sayer, obj.say)')
    expect(toPhicode('def f(): print(1)', { table })).toBe('fn f(): say(1)')
    expect(() => toPhicode('fn = 1', { table })).toThrow("'fn' is already used in code here")
  })
  test('a custom symbol is written for its keyword; the default one is still read', () => {
    const table = load(project({ symbols: { def: '⨍' } })).tables.python
    expect(transpile('⨍ f(): ⟲ ƒ', { table })).toBe('def f(): return def')
    expect(toPhicode('def f(): pass', { table })).toBe('⨍ f(): ⋯')
  })
  test('the seed writes the walrus operator as "walrus"', () => {
    const table = load(project({ symbols: { walrus: '⩴' } })).tables.python
    expect(transpile('(n ⩴ 1)', { table })).toBe('(n := 1)')
  })
  test('.phicode/config.json is read when .(φ) has none', () => {
    const table = load(project({ symbols: { def: 'fn' } }, '.phicode')).tables.python
    expect(transpile('fn f(): ⋯', { table })).toBe('def f(): pass')
  })
  test('typescript symbols come from their own section', () => {
    const { tables } = load(project({ symbols: { def: 'fn' }, typescript: { symbols: { function: 'fn', const: 'ĸ' } } }))
    expect(transpile('ĸ f = fn () {}', { table: tables.typescript })).toBe('const f = function () {}')
    expect(transpile('fn f(): ⋯', { table: tables.python })).toBe('def f(): pass')
  })
  test('no config: the default tables', () => {
    const { tables, file } = load(tempDir())
    expect(file).toBeUndefined()
    expect(tables.python.id).toBe(defaultTable('python').id)
    expect(tables.typescript.id).toBe(defaultTable('typescript').id)
  })
})

describe('validation', () => {
  test('a collision with a built-in mapping: skipped with one warning', () => {
    const { tables, warnings } = load(project({ symbols: { lambda: 'ƒ' } }))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain("symbols.lambda: 'ƒ' already stands for 'def'; mapping skipped")
    expect(transpile('ƒ f(): ⟲ λ: 1', { table: tables.python })).toBe('def f(): return lambda: 1')
  })
  test('the same collision is an error under PHICODE_STRICT', () => {
    const root = project({ symbols: { lambda: 'ƒ' } })
    const error = thrown(ConfigError, () => load(root, { PHICODE_STRICT: 'true' }))
    expect(error.message).toContain("config.json: symbols.lambda: 'ƒ' already stands for 'def'")
  })
  test('an ASCII symbol that is a reserved word collides', () => {
    const { warnings } = load(project({ symbols: { def: 'class' } }))
    expect(warnings[0]).toContain("'class' is a reserved word of python")
  })
  test('a keyword that is not an identifier is rejected', () => {
    const error = thrown(ConfigError, () => load(project({ symbols: { 'de f': '⨍' } })))
    expect(error.message).toContain("symbols.de f: 'de f' is not an identifier")
  })
  test('a symbol that is neither glyphs nor an ASCII identifier is rejected', () => {
    for (const bad of ['f n', '', 'fn⨍', '->', 3]) {
      const error = thrown(ConfigError, () => load(project({ symbols: { def: bad } })))
      expect(error.message).toContain('symbols.def')
    }
  })
  test('PHICODE_VALIDATION=false: the later mapping wins, silently', () => {
    const { tables, warnings } = load(project({ symbols: { lambda: 'ƒ' } }), { PHICODE_VALIDATION: 'false' })
    expect(warnings).toEqual([])
    expect(transpile('ƒ x: x', { table: tables.python })).toBe('lambda x: x')
  })
  test('invalid JSON names the file, line and column', () => {
    const root = project('{\n  "symbols": {\n    def: "fn"\n  }\n}')
    const error = thrown(ConfigError, () => load(root))
    expect(error.message).toMatch(/\.\(φ\)\/config\.json:3:5: invalid JSON here$/)
  })
  test('wrong field types name the field', () => {
    expect(thrown(ConfigError, () => load(project({ symbols: [] }))).message).toContain('symbols: must be an object')
    expect(thrown(ConfigError, () => load(project({ language: 'rust' }))).message).toContain('language: must be "python" or "typescript"')
    expect(thrown(ConfigError, () => load(project({ file_extension: 'phi' }))).message).toContain('file_extension: must be a file extension')
    expect(thrown(ConfigError, () => load(project({ security: { mode: 'strict' } }))).message).toContain('security.mode: must be "off", "warn" or "block", got "strict"')
  })
  test('unknown fields are reported, not fatal', () => {
    expect(load(project({ symbolz: {} })).warnings[0]).toContain("unknown field 'symbolz'")
  })
})
