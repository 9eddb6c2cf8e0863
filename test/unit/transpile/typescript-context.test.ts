/**
 * The typescript scanner's context rules, both directions, each expected text written by hand:
 * which words are keywords where, regex or division, block or object, the spaces a keyword needs.
 */
import { describe, expect, test } from 'bun:test'
import { toPhicode, transpile } from '../../../src/transpile'

const phi = (code: string) => toPhicode(code, { dialect: 'typescript' })
const ts = (source: string) => transpile(source, { dialect: 'typescript' })

describe('code → φ: contextual keywords', () => {
  const cases: Array<[string, string]> = [
    ["import x from 'y'", "⇒ x ← 'y'"],
    ['import x from "y"', '⇒ x ← "y"'],
    ["export { a } from\t'y'", "export { a } ←\t'y'"],
    ['const from = 1', 'const from = 1'],
    ["x = from + 'a'", "x = from + 'a'"],
    ['from', 'from'],
    ["import { a as b } from 'c'", "⇒ { a ↦ b } ← 'c'"],
    ["import * as ns from 'm'", "⇒ * ↦ ns ← 'm'"],
    ['x = y as T', 'x = y ↦ T'],
    ['x = 1 as any', 'x = 1 ↦ any'],
    ['x = (y) as T', 'x = (y) ↦ T'],
    ['x = a[0] as T', 'x = a[0] ↦ T'],
    ['x = a.b as T', 'x = a.b ↦ T'],
    ['const as = 1', 'const as = 1'],
    ['let as', 'let as'],
    ['as = 1', 'as = 1'],
    ['f(as)', 'f(as)'],
    ['x = a as', 'x = a as'],
    ['f(a as, b)', 'f(a as, b)'],
    ['x = a as;', 'x = a as;'],
    ['x = { a: b as }', 'x = { a: b as }'],
    ['a.as', 'a.as'],
    ['async function f() {}', '⟳ ƒ f() {}'],
    ['f = async x => x', 'f = ⟳ x => x'],
    ['f = async $ => $', 'f = ⟳ $ => $'],
    ['f = async (a) => a', 'f = ⟳ (a) => a'],
    ['f = async (a, (b)) => a', 'f = ⟳ (a, (b)) => a'],
    ['f = async\t(a)=>a', 'f = ⟳\t(a)=>a'],
    ['x = async(a)', 'x = async(a)'],
    ['x = async (a) + 1', 'x = async (a) + 1'],
    ['x = async (a', 'x = async (a'],
    ['class A { async *gen() {} }', 'ℂ A { ⟳ *gen() {} }'],
    ['class A { async [k]() {} }', 'ℂ A { ⟳ [k]() {} }'],
    ['const async = 1', 'const async = 1'],
    ['x = async', 'x = async'],
    ['x = async ', 'x = async '],
    ['f = async é => é', 'f = ⟳ é => é'],
    ['for (const as of xs) f(as)', '∀ (const as of xs) f(as)'],
  ]
  for (const [code, expected] of cases) test(code, () => expect(phi(code)).toBe(expected))
})

describe('code → φ: operators', () => {
  const cases: Array<[string, string]> = [
    ['x = !a', 'x = ¬a'],
    ['if (!a) b', '¿ (¬a) b'],
    ['!a', '¬a'],
    ['x = a!', 'x = a!'],
    ['x = a!.b', 'x = a!.b'],
    ['a != b', 'a != b'],
    ['a !== b', 'a !== b'],
    ['a === b', 'a ≡ b'],
    ['a == b', 'a == b'],
    ['a = b', 'a = b'],
    ['f = a => b', 'f = a => b'],
    ['a && b', 'a ∧ b'],
    ['a &&= b', 'a &&= b'],
    ['a & b', 'a & b'],
    ['a || b', 'a ∨ b'],
    ['a ||= b', 'a ||= b'],
    ['a | b', 'a | b'],
    ['a++ && b', 'a++ ∧ b'],
    ['a ** b === c', 'a ** b ≡ c'],
  ]
  for (const [code, expected] of cases) test(code, () => expect(phi(code)).toBe(expected))
})

describe('code → φ: words that are not keywords here', () => {
  const cases: Array<[string, string]> = [
    ['console.log(x)', 'π(x)'],
    ['console.logger(x)', 'console.logger(x)'],
    ['Math.max(a, b)', '⭱(a, b)'],
    ['x.Math.max(a)', 'x.Math.max(a)'],
    ['a.if = a.return', 'a.if = a.return'],
    ['a?.if', 'a?.if'],
    ['x ? .5 : typeof y', 'x ? .5 : τ y'],
    ['if (a) b\nelse if (c) d\nelse e', '¿ (a) b\n⤷ (c) d\n⋄ e'],
    ['else  if (c) d', '⋄  ¿ (c) d'],
    ['elseif', 'elseif'],
    ['`${typeof x}` + typeof y', '`${τ x}` + τ y'],
    ['x = `typeof ${y}`', 'x = `typeof ${y}`'],
    ['// if\nif', '// if\n¿'],
    ['/* if */ if', '/* if */ ¿'],
    ["'if' + if", "'if' + ¿"],
    ['x = /if/ ; if', 'x = /if/ ; ¿'],
    ['return$', 'return$'],
    ['$return', '$return'],
    ['#if', '#if'],
    ['class A { #return = 1 }', 'ℂ A { #return = 1 }'],
    ['globalThis.x', '⟁.x'],
    ['null ?? true', 'Ø ?? ✓'],
    ['x = false', 'x = ⊥'],
    ['délete', 'délete'],
  ]
  for (const [code, expected] of cases) test(code, () => expect(phi(code)).toBe(expected))
})

describe('φ → code: regex or division after a symbol', () => {
  const cases: Array<[string, string]> = [
    ['⟲ /¿/', 'return /¿/'],
    ['¿ (a) /¿/.test(s)', 'if (a) /¿/.test(s)'],
    ['¿ (a) b\n⤷ (x) /¿/.test(s)', 'if (a) b\nelse if (x) /¿/.test(s)'],
    ['↻ (a) /¿/.test(s)', 'while (a) /¿/.test(s)'],
    ['∀ (;;) /¿/.test(s)', 'for (;;) /¿/.test(s)'],
    ['f(a) / ¿ / b', 'f(a) / if / b'],
    ['x = a / ⟲ / b', 'x = a / return / b'],
    ['τ /¿/', 'typeof /¿/'],
    ['x = ✓ / ¿ / 2', 'x = true / if / 2'],
    ['⋄ /¿/.test(s)', 'else /¿/.test(s)'],
    ['⌛ /¿/', 'await /¿/'],
    ['↑ /¿/', 'throw /¿/'],
    ['x = /¿', 'x = /if'],
    ['x = `a {¿} $¿ b`', 'x = `a {¿} $¿ b`'],
  ]
  for (const [source, expected] of cases) test(source, () => expect(ts(source)).toBe(expected))
})

describe('φ → code: block or object', () => {
  const cases: Array<[string, string]> = [
    ['¿ (a) {}\n/¿/.test(s)', 'if (a) {}\n/¿/.test(s)'],
    ['x = {}\n/ ¿ /g', 'x = {}\n/ if /g'],
    ['f = () => {}\n/¿/.test(s)', 'f = () => {}\n/¿/.test(s)'],
    ['{}\n/¿/.test(s)', '{}\n/¿/.test(s)'],
    ['a;{}\n/¿/.test(s)', 'a;{}\n/¿/.test(s)'],
    ['⋄ {}\n/¿/.test(s)', 'else {}\n/¿/.test(s)'],
    ['∴ {} ⇗ {}\n/¿/.test(s)', 'try {} finally {}\n/¿/.test(s)'],
    ['do {} ↻ (a)\n/¿/.test(s)', 'do {} while (a)\n/¿/.test(s)'],
    ['x = y ? {} : {}\n/ ¿ /g', 'x = y ? {} : {}\n/ if /g'],
    ['f({})\n/ ¿ /g', 'f({})\n/ if /g'],
  ]
  for (const [source, expected] of cases) test(source, () => expect(ts(source)).toBe(expected))
})

describe('φ → code: the spaces a keyword needs', () => {
  const cases: Array<[string, string]> = [
    ['⟲x', 'return x'],
    ['x⟲', 'x return'],
    ['⟲(x)', 'return(x)'],
    ['¬x', '!x'],
    ['a∧b', 'a&&b'],
    ['ƒ✓', 'function true'],
    ['⟲$', 'return $'],
    ['$⟲', '$ return'],
    ['⟲é', 'return é'],
    ['é⟲', 'é return'],
    ['π(1)', 'console.log(1)'],
    ['xπ', 'x console.log'],
    ['⤷(a)', 'else if(a)'],
  ]
  for (const [source, expected] of cases) test(source, () => expect(ts(source)).toBe(expected))
})
