import type { Dialect, SymbolPair } from './types'

/**
 * A loop, not a callback per pair: JSC compiles a function called a few dozen times, and a
 * process's first compile starts the JIT's threads (0.1-0.25 ms of a planned start, issue 16).
 */
function pairs(list: Array<[string, string]>): SymbolPair[] {
  const out: SymbolPair[] = []
  for (const [symbol, keyword] of list) out.push({ symbol, keyword })
  return out
}

/** The seed engine's table, with `≔` meaning the walrus operator. */
export const PYTHON_SYMBOLS: readonly SymbolPair[] = pairs([
  ['⊥', 'False'], ['Ø', 'None'], ['✓', 'True'], ['∧', 'and'], ['↦', 'as'], ['‼', 'assert'],
  ['⟳', 'async'], ['⌛', 'await'], ['⇲', 'break'], ['ℂ', 'class'], ['⇉', 'continue'],
  ['ƒ', 'def'], ['∂', 'del'], ['⤷', 'elif'], ['⋄', 'else'], ['⛒', 'except'], ['⇗', 'finally'],
  ['∀', 'for'], ['←', 'from'], ['⟁', 'global'], ['¿', 'if'], ['⇒', 'import'], ['∈', 'in'],
  ['≡', 'is'], ['λ', 'lambda'], ['∇', 'nonlocal'], ['¬', 'not'], ['∨', 'or'], ['⋯', 'pass'],
  ['↑', 'raise'], ['⟲', 'return'], ['∴', 'try'], ['↻', 'while'], ['∥', 'with'], ['⟰', 'yield'],
  ['π', 'print'], ['⟷', 'match'], ['▷', 'case'], ['ℓ', 'len'], ['⟪', 'range'],
  ['№', 'enumerate'], ['⨅', 'zip'], ['∑', 'sum'], ['⭱', 'max'], ['⭳', 'min'], ['∣', 'abs'],
  ['τ', 'type'], ['≔', ':='],
])

/** The same glyphs where JavaScript has the same meaning. */
export const TYPESCRIPT_SYMBOLS: readonly SymbolPair[] = pairs([
  ['ƒ', 'function'], ['ℂ', 'class'], ['⟲', 'return'], ['¿', 'if'], ['⤷', 'else if'],
  ['⋄', 'else'], ['∀', 'for'], ['↻', 'while'], ['⇲', 'break'], ['⇉', 'continue'],
  ['⟳', 'async'], ['⌛', 'await'], ['⟰', 'yield'], ['∴', 'try'], ['⛒', 'catch'],
  ['⇗', 'finally'], ['↑', 'throw'], ['⇒', 'import'], ['←', 'from'], ['↦', 'as'],
  ['∂', 'delete'], ['τ', 'typeof'], ['∈', 'in'], ['≡', '==='], ['∧', '&&'], ['∨', '||'],
  ['¬', '!'], ['✓', 'true'], ['⊥', 'false'], ['Ø', 'null'], ['π', 'console.log'],
  ['⟷', 'switch'], ['▷', 'case'], ['⭱', 'Math.max'], ['⭳', 'Math.min'], ['∣', 'Math.abs'],
  ['⟁', 'globalThis'],
])

export const DEFAULT_SYMBOLS: Record<Dialect, readonly SymbolPair[]> = {
  python: PYTHON_SYMBOLS,
  typescript: TYPESCRIPT_SYMBOLS,
}

/** Python's hard keywords: they can follow a `.` only as keywords (`from . import x`). */
export const PYTHON_HARD_KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class',
  'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if',
  'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try',
  'while', 'with', 'yield',
])

/** Reserved words a custom ASCII symbol may not take, per dialect. */
export const RESERVED_WORDS: Record<Dialect, ReadonlySet<string>> = {
  python: new Set([...PYTHON_HARD_KEYWORDS, 'match', 'case', 'type', '_']),
  typescript: new Set([
    'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
    'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import',
    'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try',
    'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface',
    'package', 'private', 'protected', 'public', 'await', 'async', 'as', 'from', 'of', 'get',
    'set', 'type', 'declare', 'namespace', 'module', 'keyof', 'readonly', 'satisfies',
  ]),
}
