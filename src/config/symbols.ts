import { DEFAULT_SYMBOLS } from '../transpile/symbols'
import type { Dialect } from '../transpile/types'
import type { LoadedConfig } from './types'

/** One keyword of a dialect's active table, as `phicode --symbols` lists it. */
export interface SymbolRow {
  keyword: string
  /** What code → φ writes, and φ → code reads. */
  symbol: string
  /** The default symbol, when the project's config replaced it. */
  default?: string
  /** Further symbols still read for this keyword: a replaced default (see `projectTable`). */
  aliases: string[]
}

/** A dialect's table as the project's config makes it: the seed's `get_symbol_mappings`, with what the config changed. */
export function activeSymbols(config: LoadedConfig, dialect: Dialect): SymbolRow[] {
  const table = config.tables[dialect]
  const defaults = new Map(DEFAULT_SYMBOLS[dialect].map((p) => [p.keyword, p.symbol]))
  return table.entries.map(({ keyword, symbol }) => {
    const original = defaults.get(keyword)
    return {
      keyword,
      symbol,
      ...(original !== undefined && original !== symbol ? { default: original } : {}),
      aliases: table.aliases.filter((a) => a.keyword === keyword).map((a) => a.symbol),
    }
  })
}
