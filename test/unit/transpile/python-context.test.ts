/**
 * The python scanner's context rules, both directions, each expected text written by hand:
 * soft keywords, names after a `.`, string prefixes, f-string fields and format specs, `:=`.
 */
import { describe, expect, test } from 'bun:test'
import { buildTable, convert, DEFAULT_SYMBOLS, projectTable, toPhicode, transpile, TranspileError } from '../../../src/transpile'
import { thrown } from '../../helpers/thrown'

const phi = (code: string) => toPhicode(code, { dialect: 'python' })
const py = (source: string) => transpile(source, { dialect: 'python' })
/** A table with a word symbol, so φ → code walks every token (no glyph-only fast walk). */
const wordTable = projectTable('python', DEFAULT_SYMBOLS.python.map((p) => (p.keyword === 'def' ? { ...p, symbol: 'fn' } : p)))
const pyWords = (source: string) => transpile(source, { table: wordTable })

describe('code → φ: match and case are keywords only where Python reads them so', () => {
  const cases: Array<[string, string]> = [
    ['match x:\n    case 1: pass\n', '⟷ x:\n    ▷ 1: ⋯\n'],
    ['match = 1', 'match = 1'],
    ['match(x)', 'match(x)'],
    ['match (x):', '⟷ (x):'],
    ['match [a]:', '⟷ [a]:'],
    ['match {a}:', '⟷ {a}:'],
    ['match -x:', '⟷ -x:'],
    ['match ~x:', '⟷ ~x:'],
    ['match "s":', '⟷ "s":'],
    ['match 1:', '⟷ 1:'],
    ['match x.y:', '⟷ x.y:'],
    ['match not x:', '⟷ ¬ x:'],
    ['match x: pass', 'match x: ⋯'],
    ['match:', 'match:'],
    ['match', 'match'],
    ['match x', 'match x'],
    ['match x:  # note', '⟷ x:  # note'],
    ['match (a,\n  b):', '⟷ (a,\n  b):'],
    ['match x \\\n  :', '⟷ x \\\n  :'],
    ['match x \\\r\n  :', '⟷ x \\\r\n  :'],
    ['match x:\nmatch = 3\nmatch y:', '⟷ x:\nmatch = 3\n⟷ y:'],
    ['x = match', 'x = match'],
    ['print(match)', 'π(match)'],
    ['case x: pass', '▷ x: ⋯'],
    ['case *rest:', '▷ *rest:'],
    ['case [a, b] if a:', '▷ [a, b] ¿ a:'],
    ['case = 1', 'case = 1'],
    ['case(x)', 'case(x)'],
    ['case x', 'case x'],
    ['case {a: 1}', 'case {a: 1}'],
    ['case {a: 1}:', '▷ {a: 1}:'],
    ['case f"{a:b}"', 'case f"{a:b}"'],
    ['case x:\r\n    pass\r\ncase = 2', '▷ x:\r\n    ⋯\r\ncase = 2'],
    ['x = 1; match y:', 'x = 1; match y:'],
    ['if match: pass', '¿ match: ⋯'],
    ['match.x:', 'match.x:'],
  ]
  for (const [code, expected] of cases) test(JSON.stringify(code), () => expect(phi(code)).toBe(expected))
})

describe('tables with only some of the soft keywords or no walrus', () => {
  test('match alone, case alone', () => {
    expect(toPhicode('match x:\n  pass', { table: buildTable('python', [{ keyword: 'match', symbol: '⟷' }]) })).toBe('⟷ x:\n  pass')
    expect(toPhicode('case 1: pass', { table: buildTable('python', [{ keyword: 'case', symbol: '▷' }]) })).toBe('▷ 1: pass')
  })
  test('without a walrus symbol, := stays; going forward it is never a used symbol', () => {
    expect(toPhicode('(y := 1)', { table: buildTable('python', [{ keyword: 'def', symbol: 'ƒ' }]) })).toBe('(y := 1)')
    expect(convert('fn f(): (y := 1)', 'forward', { table: wordTable }).symbolsUsed).toEqual(['fn'])
  })
})

describe('code → φ: names after a dot, string prefixes, walrus', () => {
  const cases: Array<[string, string]> = [
    ['a.print(x)', 'a.print(x)'],
    ['a. print', 'a. print'],
    ['a.len + len(b)', 'a.len + ℓ(b)'],
    ['from . import x', '← . ⇒ x'],
    ['from .. import x', '← .. ⇒ x'],
    ['from .a import x', '← .a ⇒ x'],
    ['x = ...\nprint(1)', 'x = ...\nπ(1)'],
    ['x = a[...] or print', 'x = a[...] ∨ π'],
    ['x = 1.5 if a else 2', 'x = 1.5 ¿ a ⋄ 2'],
    ['x = 1if a else 2', 'x = 1if a ⋄ 2'],
    ['x = .5 if a else 2', 'x = .5 ¿ a ⋄ 2'],
    ['not"a"', '¬"a"'],
    ['if"x"else"y"', '¿"x"⋄"y"'],
    ['in"abc"', '∈"abc"'],
    ['x = rb"if" or u"if" or Rb"if"', 'x = rb"if" ∨ u"if" ∨ Rb"if"'],
    ['print(f"{x}" if y else z)', 'π(f"{x}" ¿ y ⋄ z)'],
    ['print(bad"x")', 'π(bad"x")'],
    ['(y := 1)', '(y ≔ 1)'],
    ['f"{x:=10}"', 'f"{x:=10}"'],
    ['f"{(y := 1)}"', 'f"{(y ≔ 1)}"'],
    ['d = {a: b}', 'd = {a: b}'],
    ['f = lambda: x', 'f = λ: x'],
    ['f"{a!r} if"', 'f"{a!r} if"'],
    ['f"{a != b} if"', 'f"{a != b} if"'],
    ['f"{a if b else c:>{w}} or"', 'f"{a ¿ b ⋄ c:>{w}} or"'],
    ['f"{d[\'if\']} if"', 'f"{d[\'if\']} if"'],
    ['x = [1,\n  2] if a else b', 'x = [1,\n  2] ¿ a ⋄ b'],
    ['x = a \\\n  if b else c', 'x = a \\\n  ¿ b ⋄ c'],
    ['x = a \\\r\n  if b else c', 'x = a \\\r\n  ¿ b ⋄ c'],
    ['# if\nif x: pass', '# if\n¿ x: ⋯'],
    ['# a\rif x: pass', '# a\r¿ x: ⋯'],
    ['x = a \\\nif b else c', 'x = a \\\n¿ b ⋄ c'],
    ['x = a \\\rif b else c', 'x = a \\\r¿ b ⋄ c'],
    ['ifé = 1', 'ifé = 1'],
    ['x = a.b.print', 'x = a.b.print'],
    ['x = 1\ncase x', 'x = 1\ncase x'],
  ]
  for (const [code, expected] of cases) test(JSON.stringify(code), () => expect(phi(code)).toBe(expected))
})

describe('φ → code: glyphs in f-strings, strings and comments', () => {
  const cases: Array<[string, string]> = [
    ['x = f"{¿}"', 'x = f"{if}"'],
    ['x = rf"{¿}" + Rb"{¿}"', 'x = rf"{if}" + Rb"{¿}"'],
    ['x = b"{¿}"', 'x = b"{¿}"'],
    ['x = f"¿ {¿} ¿"', 'x = f"¿ {if} ¿"'],
    ['x = f"{{¿}} {¿}"', 'x = f"{{¿}} {if}"'],
    ['x = f"}}{¿}"', 'x = f"}}{if}"'],
    ['x = f"{a!r:>{¿}} ¿"', 'x = f"{a!r:>{if}} ¿"'],
    ['x = f"{a:x} {¿}"', 'x = f"{a:x} {if}"'],
    ['x = f"{a != ¿}"', 'x = f"{a != if}"'],
    ['x = f"{a!r}{¿}"', 'x = f"{a!r}{if}"'],
    ['x = f"\\{¿}"', 'x = f"\\{if}"'],
    ['x = f"\\N{¿} {¿}"', 'x = f"\\N{¿} {if}"'],
    ['x = rf"\\N{¿}"', 'x = rf"\\N{if}"'],
    ['x = f"\\"¿{¿}"', 'x = f"\\"¿{if}"'],
    ['x = f"""a\n{¿}\n"""', 'x = f"""a\nif\n"""'.replace('if', '{if}')],
    ['x = f"""a"b{¿}""" + ¬y', 'x = f"""a"b{if}""" + not y'],
    ['x = f"""a\\\r\n{¿}"""', 'x = f"""a\\\r\n{if}"""'],
    ["x = f'{a:x' + ¬y", "x = f'{a:x' + not y"],
    ['x = f"{f\'{¿}\'}"', 'x = f"{f\'{if}\'}"'],
    ['x = f"{(¿)}"', 'x = f"{(if)}"'],
    ['x = f"{a[¿]:{¬b}}"', 'x = f"{a[if]:{not b}}"'],
    ['x = t"{¿}"', 'x = t"{if}"'],
    ['# ¿\n¿ x', '# ¿\nif x'],
    ['x = "¿" + \'¿\' + """¿\n¿"""', 'x = "¿" + \'¿\' + """¿\n¿"""'],
    ['x = 1.f"{¿}"', 'x = 1.f"{¿}"'],
    ['x = a.f"{¿}"', 'x = a.f"{if}"'],
    ['x = 1e-f"{¿}"', 'x = 1e-f"{¿}"'],
    ['x = a-f"{¿}"', 'x = a-f"{if}"'],
    ['x = 1+f"{¿}"', 'x = 1+f"{if}"'],
    ['x = é"¿"', 'x = é"¿"'],
    ['é = ¬a', 'é = not a'],
    ['x = ab"{¿}"', 'x = ab"{¿}"'],
    ['x = rbf"{¿}"', 'x = rbf"{¿}"'],
    ['x = 1e+f"{¿}"', 'x = 1e+f"{¿}"'],
    ['x = a1e-f"{¿}"', 'x = a1e-f"{if}"'],
    ['x = f"{a[1] ∧ b}"', 'x = f"{a[1] and b}"'],
    ['x = f"""a"b"{¿}"""', 'x = f"""a"b"{if}"""'],
    ['x = f"""a""b{¿}"""', 'x = f"""a""b{if}"""'],
    ['x = f"\\a{¿}"', 'x = f"\\a{if}"'],
    ['x = f"\\Nx{¿}"', 'x = f"\\Nx{if}"'],
    ['x = f"{a}\\N{BULLET}{¿}"', 'x = f"{a}\\N{BULLET}{if}"'],
    ['x = f"a\\\r\n{¿}"', 'x = f"a\\\r\n{if}"'],
    ['x = f"a\\\r{¿}"', 'x = f"a\\\r{if}"'],
  ]
  for (const [source, expected] of cases) {
    test(JSON.stringify(source), () => {
      expect(py(source)).toBe(expected)
      // The same through the full tokenizing walk (a table with a word symbol).
      expect(pyWords(source)).toBe(expected)
    })
  }
})

describe('φ → code: word symbols', () => {
  const cases: Array<[string, string]> = [
    ['fn f(): ⟲ 1', 'def f(): return 1'],
    ['a.fn', 'a.fn'],
    ['fnord = fn', 'fnord = def'],
    ['x = "fn" # fn', 'x = "fn" # fn'],
    ['x = f"{fn}"', 'x = f"{def}"'],
    ['fn"x"', 'def"x"'],
    ['x = f∧g', 'x = f and g'],
  ]
  for (const [source, expected] of cases) test(source, () => expect(pyWords(source)).toBe(expected))
})

describe('f-string errors name the line of the f-string', () => {
  const cases: Array<[string, number, number]> = [
    ['x = 1\ny = f"abc\n', 2, 5],
    ['x = f"abc', 1, 5],
    ['x = f"{a', 1, 5],
    ['x = f"{a:abc', 1, 5],
    ['x = 1\ny = rf"{a}\nz"', 2, 5],
    ["x = f'''abc", 1, 5],
  ]
  for (const [source, line, column] of cases) {
    test(JSON.stringify(source), () => {
      const error = thrown(TranspileError, () => phi(source))
      expect([error.code, error.line, error.column]).toEqual(['UNTERMINATED_FSTRING', line, column])
    })
  }
  test('the reasons', () => {
    expect(thrown(TranspileError, () => phi('x = f"abc')).reason).toBe('unterminated f-string: its closing quote is missing')
    expect(thrown(TranspileError, () => phi('x = f"a\nb"')).reason).toBe('unterminated f-string: the line ends before its closing quote')
    expect(thrown(TranspileError, () => phi('x = """abc')).reason).toBe('unterminated triple-quoted string literal')
  })
  test('a lone CR ends an f-string line too, and an unclosed \\N{ runs to the end', () => {
    expect(thrown(TranspileError, () => phi('x = f"a\rb"')).code).toBe('UNTERMINATED_FSTRING')
    expect(thrown(TranspileError, () => phi('x = f"\\N{abc')).code).toBe('UNTERMINATED_FSTRING')
  })
  test('an unterminated triple-quoted string', () => {
    const error = thrown(TranspileError, () => phi('x = 1\ny = """abc\\"""'))
    expect([error.code, error.line, error.column]).toEqual(['UNTERMINATED_STRING', 2, 5])
  })
})
