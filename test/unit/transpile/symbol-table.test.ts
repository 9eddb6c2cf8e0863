/**
 * How `buildTable`, `projectTable` and `defaultTable` compile pairs, seen through conversions
 * whose expected text is written by hand.
 */
import { describe, expect, test } from 'bun:test'
import { buildTable, defaultTable, projectTable, toPhicode, transpile, type SymbolPair } from '../../../src/transpile'
import { ROOT } from '../../helpers/root'
import { PYTHON_TABLE, TYPESCRIPT_TABLE } from '../../helpers/symbols'

const pairsOf = (table: Readonly<Record<string, string>>, changes: Record<string, string> = {}): SymbolPair[] =>
  Object.entries(table).map(([keyword, symbol]) => ({ keyword, symbol: changes[keyword] ?? symbol }))

describe('longest first', () => {
  test('a keyword that goes on past a shorter one is tried first, in whatever order the pairs come', () => {
    for (const pairs of [
      [{ keyword: 'else', symbol: '⋄' }, { keyword: 'else if', symbol: '⤷' }],
      [{ keyword: 'else if', symbol: '⤷' }, { keyword: 'else', symbol: '⋄' }],
    ]) {
      const table = buildTable('typescript', pairs)
      expect(toPhicode('if (a) b\nelse if (c) d\nelse e', { table })).toBe('if (a) b\n⤷ (c) d\n⋄ e')
    }
  })
  test('a glyph that goes on past a shorter one is read first, in whatever order the pairs come', () => {
    for (const pairs of [
      [{ keyword: 'not', symbol: '¬' }, { keyword: 'and', symbol: '¬¬' }],
      [{ keyword: 'and', symbol: '¬¬' }, { keyword: 'not', symbol: '¬' }],
    ]) {
      const table = buildTable('python', pairs)
      expect(transpile('x ¬¬ ¬y', { table })).toBe('x and not y')
    }
  })
})

describe('word symbols', () => {
  const table = projectTable('python', pairsOf(PYTHON_TABLE, { def: 'fn' }))
  test('φ source whose only symbol is a word still converts', () => {
    expect(transpile('fn f(): pass', { table })).toBe('def f(): pass')
  })
  test('a name that starts with a word symbol is a name: the keyword before it keeps its space', () => {
    expect(transpile('¬fnord', { table })).toBe('not fnord')
    expect(transpile('¬fn', { table })).toBe('not def')
  })
})

describe('projectTable: aliases are the default symbols a custom one replaced', () => {
  test('a keyword the project does not map gets no alias', () => {
    const table = projectTable('python', [{ keyword: 'def', symbol: 'fn' }])
    expect(table.aliases.map((a) => [a.keyword, a.symbol])).toEqual([['def', 'ƒ']])
    expect(transpile('ƒ f(): ⟲ 1', { table })).toBe('def f(): ⟲ 1')
  })
  test('a table with aliases has another id than the same pairs without them', () => {
    const pairs = pairsOf(PYTHON_TABLE, { def: 'fn' })
    expect(projectTable('python', pairs).aliases.length).toBe(1)
    expect(projectTable('python', pairs).id).not.toBe(buildTable('python', pairs).id)
    expect(projectTable('python', pairs).id).toBe(buildTable('python', pairs, [{ keyword: 'def', symbol: 'ƒ' }]).id)
  })
})

describe('table ids', () => {
  test('an id is 16 hex digits, leading zeros kept', () => {
    // This symbol's hash happens to begin with a zero nibble.
    for (const symbol of ['ƒ', 'ƒċ', 'fn']) expect(buildTable('python', [{ keyword: 'def', symbol }]).id).toMatch(/^[0-9a-f]{16}$/)
  })
  test('ids differ when a symbol, a keyword, the dialect or the aliases differ, and only then', () => {
    const ids = [
      buildTable('python', [{ keyword: 'def', symbol: 'ƒ' }]).id,
      buildTable('python', [{ keyword: 'def', symbol: 'ƒƒ' }]).id,
      buildTable('python', [{ keyword: 'del', symbol: 'ƒ' }]).id,
      buildTable('typescript', [{ keyword: 'def', symbol: 'ƒ' }]).id,
      buildTable('python', [{ keyword: 'def', symbol: 'ƒ' }], [{ keyword: 'def', symbol: 'λ' }]).id,
      buildTable('python', [{ keyword: 'def', symbol: 'ƒ' }, { keyword: 'if', symbol: '¿' }]).id,
    ]
    expect(new Set(ids).size).toBe(ids.length)
    // Aliases count apart from pairs: the same symbols as aliases or as pairs, or other aliases, give other ids.
    const def = { keyword: 'def', symbol: 'ƒ' }
    expect(buildTable('python', [], [def]).id).not.toBe(buildTable('python', [def]).id)
    expect(buildTable('python', [def], [{ keyword: 'def', symbol: 'λ' }]).id).not.toBe(buildTable('python', [def], [{ keyword: 'def', symbol: 'μ' }]).id)
    expect(buildTable('python', [{ keyword: 'def', symbol: 'ƒ' }]).id).toBe(ids[0]!)
  })
  test('the default table has the id of its pairs built by hand', () => {
    expect(defaultTable('python').id).toBe(buildTable('python', pairsOf(PYTHON_TABLE).sort(byKeywordOrder('python'))).id)
    expect(defaultTable('typescript').id).toBe(buildTable('typescript', pairsOf(TYPESCRIPT_TABLE).sort(byKeywordOrder('typescript'))).id)
  })
})

/** The default tables list their pairs in the documents' order; ids depend on order, so sort as the table does. */
function byKeywordOrder(dialect: 'python' | 'typescript') {
  const order = defaultTable(dialect).entries.map((e) => e.keyword)
  return (a: SymbolPair, b: SymbolPair) => order.indexOf(a.keyword) - order.indexOf(b.keyword)
}

describe('defaultTable', () => {
  test('a fresh default table lists its lookups before they are compiled (real bun, a new process)', () => {
    const script = "import { defaultTable } from './src/transpile/symbol-table'\nconst t = defaultTable('python')\nconsole.log(JSON.stringify(Object.keys(t)))\nconst copy = { ...t }\nconsole.log(copy.glyphs instanceof Map)\n"
    const r = Bun.spawnSync([process.execPath, '-e', script], { cwd: ROOT })
    expect(r.stderr.toString()).toBe('')
    expect(r.stdout.toString()).toBe('["dialect","id","entries","aliases","glyphs","words","keywords","operators","detect"]\ntrue\n')
  })
  test('one table per dialect, the same object on every call', () => {
    expect(defaultTable('python')).toBe(defaultTable('python'))
    expect(defaultTable('typescript')).toBe(defaultTable('typescript'))
    expect(defaultTable('python')).not.toBe(defaultTable('typescript'))
  })
  test('its lookups are plain, enumerable, writable data once read', () => {
    const table = defaultTable('typescript')
    void table.glyphs
    for (const key of ['entries', 'aliases', 'glyphs', 'words', 'keywords', 'operators', 'detect']) {
      const descriptor = Object.getOwnPropertyDescriptor(table, key)!
      expect([key, 'value' in descriptor, descriptor.enumerable, descriptor.writable, descriptor.configurable]).toEqual([key, true, true, true, true])
    }
    // A copy made by spreading converts like the table itself.
    expect(transpile('¿ (a) ⟲ b', { table: { ...table } })).toBe('if (a) return b')
  })
})
