/**
 * Generated source for the throughput scenario: code-heavy blocks (keywords, builtins, operators)
 * mixed with prose-heavy ones (docstrings, comments, strings full of keywords, which a scanner
 * must leave alone) in a chosen proportion. Seeded, so every run on every machine times the
 * same text.
 */
import { toPhicode } from '../transpile/convert'
import { defaultTable } from '../transpile/symbol-table'
import type { Dialect } from '../transpile/types'

export type Density = 'low' | 'medium' | 'high'

/** Share of code-heavy blocks. */
const CODE_SHARE: Record<Density, number> = { low: 0.1, medium: 0.5, high: 0.9 }

/** mulberry32: small, fast, and the same on every platform. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const PYTHON_CODE = (k: number) => `
def f${k}(items, limit=None):
    total = 0
    for i, item in enumerate(items):
        if item is None or not item:
            continue
        elif isinstance(item, str) and len(item) > ${k % 7}:
            total += len(item)
        else:
            total += abs(item) if item < 0 else max(item, 1)
    while total > 100:
        total //= 2
    return total if limit is None else min(total, limit)
`

const PYTHON_PROSE = (k: number) => `
class Record${k}:
    """A record of the ledger: if the amount is not set, the default for the year is used
    and every entry in the list is checked for the return value of the import."""

    # The header of each export, in the order the report lists them for the ${k}th time.
    HEADER = "id, name, amount, for, in, return, if, else, while, lambda"
    NOTES = f"{${k} * 2} entries: import from class with 'quotes' and {{braces}}"

    def describe(self):
        return "Record " + self.HEADER
`

const TYPESCRIPT_CODE = (k: number) => `
export function f${k}(items: Array<number | null>, limit?: number): number {
  let total = 0
  for (const item of items) {
    if (item === null || !item) continue
    else if (typeof item === 'number' && item > ${k % 7}) total += Math.abs(item)
    else total += Math.max(item, 1)
  }
  while (total > 100) total = Math.floor(total / 2)
  try {
    return limit === undefined ? total : Math.min(total, limit)
  } catch (error) {
    throw error
  } finally {
    console.log(total)
  }
}
`

const TYPESCRIPT_PROSE = (k: number) => `
/**
 * A record of the ledger: if the amount is not set, the default for the year is used
 * and every entry in the list is checked for the return value of the import.
 */
export const HEADER_${k} = 'id, name, amount, for, in, return, if, else, while, function'
// The template of each export, in the order the report lists them for the ${k}th time.
export const template${k} = (name: string) => \`\${name}: import \${'while'} function class\`
const pattern${k} = /return|if|else|\\/while/g
`

export interface Input {
  /** Plain code: the input of code → φ. */
  plain: string
  /** The same as φ: the input of φ → code. */
  phi: string
  /** φ symbols per 1000 bytes of the φ text. */
  symbolsPerKb: number
}

export function generateInput(dialect: Dialect, bytes: number, density: Density): Input {
  const [code, prose] = dialect === 'python' ? [PYTHON_CODE, PYTHON_PROSE] : [TYPESCRIPT_CODE, TYPESCRIPT_PROSE]
  const next = random(bytes ^ CODE_SHARE[density] * 1e6)
  const blocks: string[] = []
  let size = 0
  for (let k = 0; size < bytes; k++) {
    const block = next() < CODE_SHARE[density] ? code(k) : prose(k)
    blocks.push(block)
    size += block.length
  }
  const plain = blocks.join('')
  const phi = toPhicode(plain, { dialect })
  return { plain, phi, symbolsPerKb: countSymbols(phi, dialect) / (Buffer.byteLength(phi) / 1000) }
}

function countSymbols(phi: string, dialect: Dialect): number {
  const glyphs = new Set(defaultTable(dialect).entries.map((e) => e.symbol))
  let count = 0
  for (const char of phi) if (char.charCodeAt(0) > 127 && glyphs.has(char)) count++
  return count
}
