import { convert } from '../transpile/convert'
import { codeMask } from '../transpile/mask'
import type { Dialect, SymbolTable } from '../transpile/types'
import { RULES } from './rules'
import type { Finding, Rule } from './types'

export interface ScanOptions {
  /** The source is φ: it is transpiled with `table` first, and findings point into the φ text. */
  phi?: boolean
  table?: SymbolTable
  /** TypeScript with JSX, as the runner reads it (φ files, .tsx, .jsx, .js). */
  jsx?: boolean
}

/**
 * The built-in scanner: each rule of the dialect matched against the code-only view of the
 * source, so a dangerous word in a string, comment or docstring is never a finding. Throws the
 * transpiler's error when the source does not scan as the dialect (it would not run either).
 */
export function scanSource(source: string, dialect: Dialect, options: ScanOptions = {}): Finding[] {
  // Most sources hold none of the rules' words: no transpile, no mask, no regular expression.
  const rules = RULES[dialect].filter((rule) => mayMatch(rule, source, options.phi ? options.table : undefined))
  if (rules.length === 0) return []
  const jsx = dialect === 'typescript' && options.jsx === true
  const code = options.phi ? convert(source, 'forward', { dialect, table: options.table, jsx }).code : source
  const mask = codeMask(code, dialect, { jsx })
  const found: Array<{ rule: Rule; offset: number; match: string }> = []
  for (const rule of rules) {
    rule.pattern.lastIndex = 0
    for (let m = rule.pattern.exec(mask); m; m = rule.pattern.exec(mask)) {
      if (m[0].length === 0) rule.pattern.lastIndex++
      const start = m.index + (m[0].length - m[0].trimStart().length)
      if (rule.literal) {
        const literal = literalAfter(code, mask, m.index + m[0].length)
        if (literal === undefined || !rule.literal.test(literal.text)) continue
        found.push({ rule, offset: start, match: code.slice(start, literal.end).trim() })
      } else {
        found.push({ rule, offset: start, match: m[0].trim() })
      }
    }
  }
  found.sort((a, b) => a.offset - b.offset)
  const locate = locator(code, options.phi ? source : undefined)
  return found.map(({ rule, offset, match }) => ({ rule: rule.id, severity: rule.severity, message: rule.message, ...locate(offset), match }))
}

/** Whether `rule` can match: one of its words is in the source, or (φ) a symbol standing for one. */
function mayMatch(rule: Rule, source: string, table: SymbolTable | undefined): boolean {
  if (rule.words.some((word) => source.includes(word))) return true
  return table !== undefined && table.entries.some((e) => rule.words.some((word) => e.keyword.includes(word)) && source.includes(e.symbol))
}

/**
 * The string literal that starts after `from` (whitespace skipped), if the mask says one does:
 * a quote the mask kept, followed by blanked text up to the same quote.
 */
function literalAfter(code: string, mask: string, from: number): { text: string; end: number } | undefined {
  let i = from
  while (i < code.length && /\s/.test(mask[i]!)) i++
  const quote = mask[i]
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined
  const close = mask.indexOf(quote, i + 1)
  if (close < 0 || mask.slice(i + 1, close).trim() !== '') return undefined
  return { text: code.slice(i + 1, close), end: close + 1 }
}

/**
 * offset in `code` → 1-based line and code-point column. For φ the line is the same (the
 * transpiler keeps lines) and the column is carried over to the φ line by aligning the two lines.
 */
function locator(code: string, phi: string | undefined): (offset: number) => { line: number; column: number } {
  const starts = lineStarts(code)
  const phiLines = phi?.split(/\r\n|\r|\n/)
  return (offset) => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    const lineText = code.slice(starts[lo]!, starts[lo + 1] ?? code.length).replace(/\r?\n$|\r$/, '')
    let index = offset - starts[lo]!
    let text = lineText
    const phiLine = phiLines?.[lo]
    if (phiLine !== undefined && phiLine !== lineText) {
      index = alignIndex(lineText, phiLine, index)
      text = phiLine
    }
    return { line: lo + 1, column: codePoints(text.slice(0, index)) + 1 }
  }
}

function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1)
  }
  return starts
}

const codePoints = (s: string): number => {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0xdc00 || c > 0xdfff) n++
  }
  return n
}

/**
 * Where index `at` of `a` lies in `b`, two versions of one line that differ only where symbols
 * and keywords were swapped: the longest common subsequence pairs up the unchanged characters,
 * and a changed one maps to the start of the change.
 */
function alignIndex(a: string, b: string, at: number): number {
  const n = a.length
  const m = b.length
  if (n * m > 4_000_000) return Math.min(at, m)
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
    }
  }
  let i = 0
  let j = 0
  let lastB = 0
  while (i < n && j < m) {
    if (a[i] === b[j] && lcs[i]![j] === lcs[i + 1]![j + 1]! + 1) {
      if (i === at) return j
      i++
      j++
      lastB = j
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      if (i === at) return lastB
      i++
    } else j++
  }
  return Math.min(lastB, m)
}
