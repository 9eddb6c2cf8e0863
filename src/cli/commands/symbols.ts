import { loadConfig } from '../../config'
import { activeSymbols, type SymbolRow } from '../../config/symbols'
import type { Dialect } from '../../transpile/types'
import { logger, printJson } from '../output'

const DIALECTS: Dialect[] = ['python', 'typescript']

function row(r: SymbolRow, width: number): string {
  const pad = ' '.repeat(Math.max(1, width - Bun.stringWidth(r.symbol) + 2))
  const still = r.default !== undefined && r.aliases.includes(r.default)
  const notes = r.default === undefined ? '' : `   (replaces ${r.default}${still ? ', still read' : ''})`
  return `  ${r.symbol}${pad}${r.keyword}${notes}`
}

/** `phicode --symbols`: the active table of each dialect (or one), the project's config applied. */
export function symbolsCommand(dialect: string | undefined, json: boolean): number {
  const config = loadConfig(process.cwd())
  for (const warning of config.warnings) logger.warn(warning)
  const dialects = dialect ? [dialect as Dialect] : DIALECTS
  const tables = Object.fromEntries(dialects.map((d) => [d, activeSymbols(config, d)]))
  if (json) {
    printJson({ config: config.file ?? null, ...tables })
    return 0
  }
  const source = config.file ? `config ${config.file}` : 'the defaults (no .(φ)/config.json)'
  const out = dialects.map((d) => {
    const rows = tables[d]!
    const width = Math.max(...rows.map((r) => Bun.stringWidth(r.symbol)))
    return [`${d}: ${rows.length} symbols, ${source}`, ...rows.map((r) => row(r, width))].join('\n')
  })
  process.stdout.write(`${out.join('\n\n')}\n`)
  return 0
}
