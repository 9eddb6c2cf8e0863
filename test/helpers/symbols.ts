/**
 * The default symbol tables written out by hand from the documents that define them, so tests
 * compare phicode against these and never against its own `src/transpile/symbols.ts`.
 */

/**
 * The seed's python table (reference/seed-README.md, DESIGN.md §2), keyword → symbol, with `≔`
 * as the walrus operator. 48 entries: DESIGN's heading says 46 but its list has 48.
 */
export const PYTHON_TABLE: Readonly<Record<string, string>> = {
  False: '⊥', None: 'Ø', True: '✓', and: '∧', as: '↦', assert: '‼', async: '⟳', await: '⌛',
  break: '⇲', class: 'ℂ', continue: '⇉', def: 'ƒ', del: '∂', elif: '⤷', else: '⋄', except: '⛒',
  finally: '⇗', for: '∀', from: '←', global: '⟁', if: '¿', import: '⇒', in: '∈', is: '≡',
  lambda: 'λ', nonlocal: '∇', not: '¬', or: '∨', pass: '⋯', raise: '↑', return: '⟲', try: '∴',
  while: '↻', with: '∥', yield: '⟰', print: 'π', match: '⟷', case: '▷', len: 'ℓ', range: '⟪',
  enumerate: '№', zip: '⨅', sum: '∑', max: '⭱', min: '⭳', abs: '∣', type: 'τ', ':=': '≔',
}

/** DESIGN.md §2's typescript table, keyword → symbol (37 entries). */
export const TYPESCRIPT_TABLE: Readonly<Record<string, string>> = {
  function: 'ƒ', class: 'ℂ', return: '⟲', if: '¿', 'else if': '⤷', else: '⋄', for: '∀',
  while: '↻', break: '⇲', continue: '⇉', async: '⟳', await: '⌛', yield: '⟰', try: '∴',
  catch: '⛒', finally: '⇗', throw: '↑', import: '⇒', from: '←', as: '↦', delete: '∂',
  typeof: 'τ', in: '∈', '===': '≡', '&&': '∧', '||': '∨', '!': '¬', true: '✓', false: '⊥',
  null: 'Ø', 'console.log': 'π', switch: '⟷', case: '▷', 'Math.max': '⭱', 'Math.min': '⭳',
  'Math.abs': '∣', globalThis: '⟁',
}
