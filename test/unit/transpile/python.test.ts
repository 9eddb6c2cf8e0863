import { describe, expect, test } from 'bun:test'
import { toPhicode, transpile, TranspileError } from '../../../src/transpile'
import { thrown } from '../../helpers/thrown'

const py = (source: string) => transpile(source, { dialect: 'python' })
const phi = (source: string) => toPhicode(source, { dialect: 'python' })
const lines = (text: string) => text.split(/\r\n|\r|\n/).length

/** φ → Python, and the Python back → the same φ where the φ is in canonical form. */
function both(phiSource: string, pySource: string, canonical = true): void {
  expect(py(phiSource)).toBe(pySource)
  expect(lines(py(phiSource))).toBe(lines(phiSource))
  if (canonical) expect(phi(pySource)).toBe(phiSource)
  expect(py(phi(pySource))).toBe(pySource)
}

describe('python dialect: the seed examples', () => {
  test('ƒ test(): ⟲ 42', () => both('ƒ test(): ⟲ 42', 'def test(): return 42'))

  test('factorial', () =>
    both(
      'ƒ factorial(n):\n    ¿ n <= 1:\n        ⟲ 1\n    ⋄:\n        ⟲ n * factorial(n-1)\n\nπ(factorial(5))\n',
      'def factorial(n):\n    if n <= 1:\n        return 1\n    else:\n        return n * factorial(n-1)\n\nprint(factorial(5))\n',
    ))

  test('← os ⇒ path', () => both('← os ⇒ path', 'from os import path'))
  test('≔ is the walrus operator', () => both('↻ (n ≔ n - 1): ⋯', 'while (n := n - 1): pass'))
})

describe('python dialect: a symbol is a token of its own', () => {
  test('¬done is not done', () => expect(py('¬done')).toBe('not done'))
  test('λx: x is lambda x: x', () => expect(py('f = λx: x')).toBe('f = lambda x: x'))
  test('symbols glued to symbols and names', () => expect(py('a∧¬b∨¬¬c')).toBe('a and not b or not not c'))
  test('no space is added where one is not needed', () => expect(py('¬(x) ∧(y)')).toBe('not(x) and(y)'))
  test('a symbol inside a name splits it', () => expect(py('xλy')).toBe('x lambda y'))
})

describe('python dialect: strings are never converted', () => {
  const cases: Array<[string, string]> = [
    ['plain', `s = '¿ ⟲ if return'`],
    ['double', `s = "¬ λ not lambda"`],
    ['escaped quotes', `s = 'it\\'s ¿' + "say \\"⟲\\""`],
    ['triple with escaped quotes', `s = """a \\""" ¿ ""\\" ⟲ if """`],
    ['triple single', `s = '''\n¿ if\n⟲ return\n'''`],
    ['bytes', `b = b"¿ if" + rb'⟲\\d' + Br"λ" + bR'x'`],
    ['raw with a backslash before the quote', `r = r"\\"¿" + r'\\\\'`],
    ['unicode prefix', `u = u"¿ if"`],
    ['docstring', `def f():\n    """Return ⟲ if ¿ not ¬."""\n    return 1`],
    ['line continuation in a string', `s = "¿ \\\nif"`],
    ['empty strings next to code', `x = '' if '' else ""`],
  ]
  for (const [name, source] of cases) {
    test(name, () => {
      const reversed = phi(source)
      expect(py(reversed)).toBe(source)
      // The only conversions are outside the literals.
      const literals = source.match(/(['"])(?:\\.|(?!\1).)*\1/gs) ?? []
      for (const lit of literals) if (!/^''$|^""$/.test(lit)) expect(reversed).toContain(lit.slice(1, -1))
    })
  }

  test('glyphs inside strings stay glyphs going forward', () => {
    expect(py(`π("¿ ⟲ λ")`)).toBe(`print("¿ ⟲ λ")`)
    expect(py(`x = b'¬' ∨ '∧'`)).toBe(`x = b'¬' or '∧'`)
  })
})

describe('python dialect: comments', () => {
  test('a comment keeps its symbols and keywords', () => both('x = 1  # ¿ ⟲ if return\n⟲ x', 'x = 1  # ¿ ⟲ if return\nreturn x', false))
  test('a quote in a comment does not open a string', () => both(`# it's ¿\n¿ x: ⋯`, `# it's ¿\nif x: pass`, false))
  test('a hash in a string is not a comment', () => both(`s = "#" ¿ x ⋄ '#'`, `s = "#" if x else '#'`))
})

describe('python dialect: f-strings', () => {
  test('fields are code, text is not', () => both(`f"¿ {a ¿ b ⋄ c} ⟲"`, `f"¿ {a if b else c} ⟲"`, false))
  test('keywords in f-string text stay', () => both(`f"if {¬ x} return"`, `f"if {not x} return"`))
  test('all f-string prefixes', () => {
    for (const prefix of ['f', 'F', 'rf', 'fr', 'Rf', 'fR', 'RF', 't', 'rt']) {
      both(`${prefix}"{¬x} ¬"`, `${prefix}"{not x} ¬"`, false)
    }
  })
  test('PEP 701: nested f-strings reusing the quote', () =>
    both(`f"{f"{f"{¬x}"}"} ¬"`, `f"{f"{f"{not x}"}"} ¬"`, false))
  test('strings inside fields are text', () => both(`f"{d['¿'] ¿ k ∈ d ⋄ '⟲'}"`, `f"{d['¿'] if k in d else '⟲'}"`, false))
  test('format spec is text, nested fields in it are code', () =>
    both(`f"{x:¿>{w ¿ a ⋄ 3}}"`, `f"{x:¿>{w if a else 3}}"`, false))
  test('a colon inside brackets does not start the spec', () => both(`f"{x[1:2] ¿ y ⋄ d[a:b]}"`, `f"{x[1:2] if y else d[a:b]}"`))
  test('a lambda in parentheses', () => both(`f"{(λ: 1)()}"`, `f"{(lambda: 1)()}"`))
  test('conversions and != in fields', () => both(`f"{a!r} {b != c ∧ d!s:>3}"`, `f"{a!r} {b != c and d!s:>3}"`))
  test('doubled braces are text', () => both(`f"{{¬}} {¬x} {{{¬y}}}"`, `f"{{¬}} {not x} {{{not y}}}"`, false))
  test('a hash inside a multi-line field is a comment', () =>
    both(`f"""{x # ¿ if\n ¿ y ⋄ z}"""`, `f"""{x # ¿ if\n if y else z}"""`, false))
  test('\\N{...} escapes do not open a field', () => both(`f"\\N{BULLET} {¬ x}"`, `f"\\N{BULLET} {not x}"`))
  test('raw f-strings: \\N{...} is a field', () => both(`rf"\\N{¬ x}"`, `rf"\\N{not x}"`))
  test('the = specifier', () => both(`f"{x ¿ y ⋄ z = }"`, `f"{x if y else z = }"`))
  test('triple-quoted f-string across lines keeps lines', () => {
    const source = `f"""\n{a\n ∧ b}\n¿\n"""`
    expect(py(source)).toBe(`f"""\n{a\n and b}\n¿\n"""`)
  })
})

describe('python dialect: names that are keywords only sometimes', () => {
  test('attributes named like builtins stay', () => both('π(obj.print, obj.type, τ(x))', 'print(obj.print, obj.type, type(x))'))
  test('hard keywords after a dot are still keywords', () => both('← . ⇒ x\n← .. ⇒ y', 'from . import x\nfrom .. import y'))
  test('match and case as statements', () =>
    both('⟷ command.split():\n    ▷ [action]:\n        ⋯\n    ▷ _:\n        ⋯', 'match command.split():\n    case [action]:\n        pass\n    case _:\n        pass'))
  test('match and case as names stay names', () => {
    const source = 'match = re.match(p, s)\ncase = 1\nmatch.group(0)\nprint(match, case)'
    expect(phi(source)).toBe('match = re.match(p, s)\ncase = 1\nmatch.group(0)\nπ(match, case)')
    expect(py(phi(source))).toBe(source)
  })
  test('a match statement over several lines, a case with its body on the same line', () =>
    both('⟷ (a,\n   b):\n    ▷ _: ⋯\n    ▷ {"k": v} ¿ v: ⟲ v', 'match (a,\n   b):\n    case _: pass\n    case {"k": v} if v: return v'))
  test('names that look like a case statement stay names', () => {
    const source = 'case: int = 1\ncase = {1: 2}\nmatch [x]: int'
    expect(py(phi(source))).toBe(source)
    expect(phi(source)).toBe(source)
  })
})

describe('python dialect: lines never move', () => {
  test('continuations, brackets and blank lines', () => {
    const source = 'x = 1 + \\\n    ⟪(3)\ny = [\n\n  ¬a,\n  λ: b,\n]\n\r\nz = ¬c\r\n'
    const out = py(source)
    expect(out).toBe('x = 1 + \\\n    range(3)\ny = [\n\n  not a,\n  lambda: b,\n]\n\r\nz = not c\r\n')
    expect(lines(out)).toBe(lines(source))
  })
})

describe('python dialect: errors', () => {

  test('an unterminated string names its line', () => {
    const e = thrown(TranspileError, () => py('⟲ 1\n⟲ 2\nx = "abc\n⟲ 3'))
    expect(e.code).toBe('UNTERMINATED_STRING')
    expect(e.line).toBe(3)
    expect(e.column).toBe(5)
    expect(e.message).toBe('<input>:3:5: unterminated string literal: the line ends before its closing quote')
  })
  test('an unterminated triple-quoted string names the line it starts on', () => {
    const e = thrown(TranspileError, () => py('¿ x:\n    s = """abc\n\n'))
    expect([e.code, e.line]).toEqual(['UNTERMINATED_STRING', 2])
  })
  test('an unterminated f-string names its line', () => {
    const e = thrown(TranspileError, () => py('¿ x:\n    s = f"{¬x}\n'))
    expect([e.code, e.line]).toEqual(['UNTERMINATED_FSTRING', 2])
  })
  test('an f-string whose field never closes', () => {
    const e = thrown(TranspileError, () => py('⟲ 1\ns = f"{¬x'))
    expect([e.code, e.line]).toEqual(['UNTERMINATED_FSTRING', 2])
  })
  test('a symbol already used as a name in Python code', () => {
    const e = thrown(TranspileError, () => toPhicode('x = 1\nπ = 3.14\n', { dialect: 'python', filename: 'm.py' }))
    expect(e.code).toBe('SYMBOL_IN_SOURCE')
    expect(e.message).toStartWith("m.py:2:1: 'π' is already used in code here")
  })
  test('a symbol inside a name counts too', () => {
    const e = thrown(TranspileError, () => phi('def f(λ_value): pass'))
    expect([e.code, e.line, e.column]).toEqual(['SYMBOL_IN_SOURCE', 1, 7])
  })
  test('symbols in strings and comments of Python code are fine', () => {
    const source = 's = "π λ"  # ƒ ⟲\n'
    expect(py(phi(source))).toBe(source)
  })
  test('columns count code points', () => {
    const e = thrown(TranspileError, () => py('s = "𝔸" ∨ "x'))
    expect(e.column).toBe(11)
  })
})
