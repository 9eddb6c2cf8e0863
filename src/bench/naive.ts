import type { Direction, SymbolPair } from '../transpile/types'

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * What a regex-substitution engine does, the baseline of the throughput figures: one pass of an
 * alternation over the table, blind to strings and comments (so faster, and wrong).
 */
export function naivePass(pairs: readonly SymbolPair[], direction: Direction): (source: string) => string {
  const map = new Map(pairs.map((p) => (direction === 'forward' ? [p.symbol, p.keyword] : [p.keyword, p.symbol])))
  const keys = [...map.keys()].sort((a, b) => b.length - a.length)
  const pattern = keys.map((k) => (/^\w/.test(k) ? `\\b${escapeRegExp(k)}\\b` : escapeRegExp(k))).join('|')
  const re = new RegExp(pattern, 'gu')
  return (source) => source.replace(re, (m) => map.get(m)!)
}
