/**
 * The fast paths of src/transpile/_scan.ts's rule, each observable from outside:
 * - `convert` returns φ source holding no symbol as it is, without scanning it, so even text
 *   the scanner would reject comes back unchanged (deleting the shortcut makes it throw);
 * - the scanners' tight loops consume only what can never begin a convertible token, so an
 *   operator a symbol stands for is found glued to every kind of char they consume.
 * Expected values are written by hand.
 */
import { describe, expect, test } from 'bun:test'
import { toPhicode, transpile, TranspileError, type Dialect } from '../../../src/transpile'

describe('φ source with no symbol is returned unscanned', () => {
  // Each would be rejected by the scanner: the same text with one symbol added throws.
  const cases: Array<[Dialect, string]> = [
    ['python', 'def f():\n    return "if\n'],
    ['python', 'x = f"{y\n'],
    ['typescript', 'const s = "open\n'],
    ['typescript', 'const t = `${x\n'],
  ]
  for (const [dialect, source] of cases) {
    test(`${dialect}: ${JSON.stringify(source)}`, () => {
      expect(transpile(source, { dialect })).toBe(source)
      expect(() => transpile(`π(1)\n${source}`, { dialect })).toThrow(TranspileError)
    })
  }
})

describe('the tight loops never swallow an operator a symbol stands for', () => {
  const typescript: Array<[string, string]> = [
    ['a===b', 'a≡b'],
    ['1===2', '1≡2'],
    ['(x)===[y]', '(x)≡[y]'],
    ['a[0]===b', 'a[0]≡b'],
    ['$===_', '$≡_'],
    ['a\t===\tb', 'a\t≡\tb'],
    ['x&&y', 'x∧y'],
    [')&&(', ')∧('],
    ['x||y', 'x∨y'],
    ['1||2', '1∨2'],
    ['!x', '¬x'],
    ['(!x)', '(¬x)'],
    ['[!x]', '[¬x]'],
    ['a=!b', 'a=¬b'],
    ['x=true||false', 'x=✓∨⊥'],
    // Operators that only start like one: kept.
    ['a==b', 'a==b'],
    ['a!==b', 'a!==b'],
    ['a!=b', 'a!=b'],
    ['a=>b', 'a=>b'],
    ['a&b|c', 'a&b|c'],
  ]
  const python: Array<[string, string]> = [
    ['(n:=1)', '(n≔1)'],
    ['[n:=2]', '[n≔2]'],
    ['f(n:=4)', 'f(n≔4)'],
    ['a:=b', 'a≔b'],
    ['(1):=2', '(1)≔2'],
    ['(not x)', '(¬ x)'],
    ['[not x]', '[¬ x]'],
    ['x,not y', 'x,¬ y'],
    ['f(x)if y else z', 'f(x)¿ y ⋄ z'],
    // Colons that are no walrus: kept.
    ['x[1:2]', 'x[1:2]'],
    ['d = {a:1}', 'd = {a:1}'],
  ]
  for (const [dialect, cases] of [['typescript', typescript], ['python', python]] as const) {
    for (const [code, phi] of cases) {
      test(`${dialect}: ${code} ⇄ ${phi}`, () => {
        expect(toPhicode(code, { dialect })).toBe(phi)
        expect(transpile(phi, { dialect })).toBe(code)
      })
    }
  }
})
