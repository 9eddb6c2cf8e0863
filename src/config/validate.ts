import { ConfigError } from '../errors'
import { DEFAULT_SYMBOLS, RESERVED_WORDS } from '../transpile/symbols'
import type { Dialect, SymbolPair } from '../transpile/types'
import type { ValidationMode } from './types'

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/
const ASCII_IDENTIFIER_SYMBOL = /^[A-Za-z_][A-Za-z0-9_]*$/
/** Non-ASCII, and not whitespace or a line break, which would break the scanners. */
const GLYPH_SYMBOL = /^[^\u0000-\u007f\s\u2028\u2029\ufeff]+$/u

/** The seed's generated configs spell the walrus operator as a word. */
const KEYWORD_ALIASES: Record<string, string> = { walrus: ':=' }

export interface ValidatedSymbols {
  pairs: readonly SymbolPair[]
  warnings: string[]
}

/**
 * Applies custom `keyword → symbol` mappings over a dialect's defaults. A custom symbol takes the
 * place of the keyword's default one in the pairs, so every keyword has one symbol to write and
 * every symbol one keyword; `projectTable` still reads a replaced default symbol that no pair
 * took (a custom symbol may take one a mapping before it freed: `def → fn`, then `lambda → ƒ`).
 */
export function applyCustomSymbols(
  dialect: Dialect,
  custom: ReadonlyArray<[string, unknown]>,
  where: string,
  mode: ValidationMode,
): ValidatedSymbols {
  // Most projects change nothing: the defaults, as they are.
  if (custom.length === 0) return { pairs: DEFAULT_SYMBOLS[dialect], warnings: [] }
  const byKeyword = new Map(DEFAULT_SYMBOLS[dialect].map((p) => [p.keyword, p.symbol]))
  const defaultKeywords = new Set(byKeyword.keys())
  const warnings: string[] = []
  for (const [rawKeyword, symbol] of custom) {
    const keyword = KEYWORD_ALIASES[rawKeyword] ?? rawKeyword
    const field = `${where}.${rawKeyword}`
    checkSymbolShape(symbol, field)
    if (mode.validate && !defaultKeywords.has(keyword) && !IDENTIFIER.test(keyword)) {
      throw new ConfigError(field, `'${rawKeyword}' is not an identifier, so no code can be written with it`)
    }
    const clash = mode.validate ? collision(dialect, byKeyword, keyword, symbol) : undefined
    if (clash !== undefined) {
      const message = `'${symbol}' ${clash}; mapping skipped`
      if (mode.strict) throw new ConfigError(field, message.replace('; mapping skipped', ''))
      warnings.push(`${field}: ${message}`)
      continue
    }
    for (const [k, s] of byKeyword) if (s === symbol && k !== keyword) byKeyword.delete(k)
    byKeyword.set(keyword, symbol)
  }
  return { pairs: [...byKeyword].map(([keyword, symbol]) => ({ keyword, symbol })), warnings }
}

function checkSymbolShape(symbol: unknown, field: string): asserts symbol is string {
  if (typeof symbol !== 'string' || symbol === '') throw new ConfigError(field, 'a symbol must be a non-empty string')
  if (!GLYPH_SYMBOL.test(symbol) && !ASCII_IDENTIFIER_SYMBOL.test(symbol)) {
    throw new ConfigError(
      field,
      `'${symbol}' must be either non-ASCII characters (matched anywhere in code) or an ASCII identifier (matched as a whole word)`,
    )
  }
}

function collision(dialect: Dialect, byKeyword: Map<string, string>, keyword: string, symbol: string): string | undefined {
  for (const [k, s] of byKeyword) if (s === symbol && k !== keyword) return `already stands for '${k}'`
  if (RESERVED_WORDS[dialect].has(symbol)) return `is a reserved word of ${dialect}`
  if (byKeyword.has(symbol)) return `is itself a mapped keyword`
  return undefined
}
