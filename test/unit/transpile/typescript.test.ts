import { describe, expect, test } from 'bun:test'
import { toPhicode, transpile, TranspileError } from '../../../src/transpile'
import { thrown } from '../../helpers/thrown'

const ts = (source: string, jsx = false) => transpile(source, { dialect: 'typescript', jsx })
const phi = (source: string, jsx = false) => toPhicode(source, { dialect: 'typescript', jsx })
const lines = (text: string) => text.split(/\r\n|\r|\n/).length

function both(phiSource: string, tsSource: string, { canonical = true, jsx = false } = {}): void {
  expect(ts(phiSource, jsx)).toBe(tsSource)
  expect(lines(ts(phiSource, jsx))).toBe(lines(phiSource))
  if (canonical) expect(phi(tsSource, jsx)).toBe(phiSource)
  expect(ts(phi(tsSource, jsx), jsx)).toBe(tsSource)
}

describe('typescript dialect: the table', () => {
  test('functions, control flow, operators', () =>
    both(
      '⟳ ƒ f(x: number) {\n  ¿ (¬x ∧ y ∨ z ≡ 3) ⟲ τ x\n  ⤷ (x) ↑ ⊥\n  ⋄ { ⌛ g(); ⟲ Ø }\n}',
      'async function f(x: number) {\n  if (!x && y || z === 3) return typeof x\n  else if (x) throw false\n  else { await g(); return null }\n}',
    ))
  test('console.log and Math', () => both('π(⭱(1, 2), ⭳(a), ∣(b), ⟁)', 'console.log(Math.max(1, 2), Math.min(a), Math.abs(b), globalThis)'))
  test('loops, switch, try', () =>
    both(
      '∀ (const k ∈ o) { ⟷ (k) { ▷ 1: ⇲ } }\n↻ (✓) { ∴ { ⇉ } ⛒ (e) { ∂ o[k] } ⇗ {} }',
      'for (const k in o) { switch (k) { case 1: break } }\nwhile (true) { try { continue } catch (e) { delete o[k] } finally {} }',
    ))
  test('imports', () => both('⇒ { a ↦ b } ← "./x"\n⇒ * ↦ ns ← \'./y\'', 'import { a as b } from "./x"\nimport * as ns from \'./y\''))
  test('¬done is !done, τx is typeof x', () => {
    expect(ts('¬done')).toBe('!done')
    expect(ts('τx')).toBe('typeof x')
    expect(ts('¬¬x ∧¬y')).toBe('!!x &&!y')
  })
})

describe('typescript dialect: strings, comments, regex and templates are text', () => {
  test('strings', () => both(`const s = '¿ ⟲' + "if \\"return\\"" + 'it\\'s'`, `const s = '¿ ⟲' + "if \\"return\\"" + 'it\\'s'`))
  test('line and block comments', () =>
    both('// ¿ ⟲ if\n/* ƒ function\n ⟲ */ ⟲ x // it\'s', '// ¿ ⟲ if\n/* ƒ function\n ⟲ */ return x // it\'s'))
  test('regex literals keep symbols and keywords', () =>
    both('const r = /¿|if|⟲/g; ⟲ /return\\/[/]/.test(s)', 'const r = /¿|if|⟲/g; return /return\\/[/]/.test(s)'))
  test('division is not a regex', () => both('const q = a / b / c; ⟲ (x) / 2 / y', 'const q = a / b / c; return (x) / 2 / y'))
  test('a regex after a control condition', () => both('¿ (x) /if/.test(y)', 'if (x) /if/.test(y)'))
  test('a regex after a block', () => both('{ f() }\n/¬x/.test(s)', '{ f() }\n/¬x/.test(s)', { canonical: false }))
  test('division after an object literal', () => both('x = { a: 1 }.a / 2 / ✓', 'x = { a: 1 }.a / 2 / true'))
  test('template text is text, substitutions are code', () =>
    both('`if ¿ ${a ? ✓ : ⊥} ⟲ ${τ b}`', '`if ¿ ${a ? true : false} ⟲ ${typeof b}`', { canonical: false }))
  test('nested templates with braces inside substitutions', () =>
    both(
      '`a ${ { k: `b ${ ¬x } ¬` }.k } c ${ ((y) => { ⟲ `${y}` })(1) } ¿`',
      '`a ${ { k: `b ${ !x } ¬` }.k } c ${ ((y) => { return `${y}` })(1) } ¿`',
      { canonical: false },
    ))
  test('comments and strings inside substitutions', () =>
    both('`${ /* } ¿ */ x ∧ "}" ∨ \'`\' }`', '`${ /* } ¿ */ x && "}" || \'`\' }`'))
  test('a template over several lines keeps lines', () => both('`a\n${¬x}\n¿`', '`a\n${!x}\n¿`', { canonical: false }))
})

describe('typescript dialect: # at the start and in classes', () => {
  test('a hashbang line is not code', () => both('#!/usr/bin/env bun ¿\n⟲ 1', '#!/usr/bin/env bun ¿\nreturn 1', { canonical: false }))
  test('private names are names', () =>
    both('ℂ A { #return = 1; m() { ⟲ this.#return } }', 'class A { #return = 1; m() { return this.#return } }'))
})

describe('typescript dialect: JSX', () => {
  test('JSX text keeps symbols and keywords; expressions convert', () =>
    both(
      'const e = <div className="¿ if">¿ return {¬x ∧ <b>⟲ don\'t</b>} if</div>',
      'const e = <div className="¿ if">¿ return {!x && <b>⟲ don\'t</b>} if</div>',
      { canonical: false, jsx: true },
    ))
  test('fragments, self-closing tags and attribute expressions', () =>
    both('⟲ <><A x={✓} {...p} /><br/>if</>', 'return <><A x={true} {...p} /><br/>if</>', { jsx: true }))
  test('a generic arrow function is not JSX', () => both('const f = <T,>(x: T) => x ∧ y', 'const f = <T,>(x: T) => x && y', { jsx: true }))
  test('comparison is not JSX', () => both('¿ (a < b ∧ c > d) {}', 'if (a < b && c > d) {}', { jsx: true }))
  test('a symbol after < is an operator, not a tag name', () => both('<∨>', '<||>', { jsx: true }))
})

describe('typescript dialect: only real keywords and operators convert back', () => {
  test('members named like keywords stay', () => {
    const source = 'map.delete(k); p.catch(f).finally(g); a?.import; x.console.log(1)'
    expect(phi(source)).toBe(source)
  })
  test('operators that only start like one', () => {
    const source = 'a !== b; a != b; a &&= b; a ||= b; a == b; a => b; x!; x!.y'
    expect(phi(source)).toBe(source)
  })
  test('from and as as names', () => {
    const source = 'const as = from(a); x = { from, as }; Array.from(y)'
    expect(phi(source)).toBe(source)
  })
  test('async as a name and as a keyword', () => {
    expect(phi('async(x); const async = 1; async (a) => a; async function f() {}')).toBe(
      'async(x); const async = 1; ⟳ (a) => a; ⟳ ƒ f() {}',
    )
  })
  test('else if only with one space between', () => {
    expect(phi('} else if (a) {} else  if (b) {}')).toBe('} ⤷ (a) {} ⋄  ¿ (b) {}')
  })
})

describe('typescript dialect: errors', () => {
  test('an unterminated template names its line', () => {
    const e = thrown(TranspileError, () => ts('⟲ 1\nconst t = `abc ${¬x}\n\n'))
    expect([e.code, e.line, e.column]).toEqual(['UNTERMINATED_TEMPLATE', 2, 11])
  })
  test('an unterminated string names its line', () => {
    const e = thrown(TranspileError, () => ts('⟲ 1\n⟲ "abc\n'))
    expect([e.code, e.line]).toEqual(['UNTERMINATED_STRING', 2])
  })
  test('an unterminated block comment names its line', () => {
    const e = thrown(TranspileError, () => ts('⟲ 1\n/* ¿\n'))
    expect([e.code, e.line]).toEqual(['UNTERMINATED_COMMENT', 2])
  })
  test('a symbol used as a name in TypeScript code', () => {
    const e = thrown(TranspileError, () => toPhicode('const x = 1\nconst π = Math.PI\n', { dialect: 'typescript', filename: 'm.ts' }))
    expect(e.code).toBe('SYMBOL_IN_SOURCE')
    expect(e.message).toStartWith("m.ts:2:7: 'π' is already used in code here")
  })
})
