import type { Hover, Position } from 'vscode-languageserver'
import type { TextDocument } from 'vscode-languageserver-textdocument'
import type { SymbolTable } from '../transpile/types'

/** Over a symbol: the keyword it stands for (`ƒ` → `def`). */
export function symbolHover(text: TextDocument, table: SymbolTable, p: Position): Hover | undefined {
  const line = text.getText({ start: { line: p.line, character: 0 }, end: { line: p.line + 1, character: 0 } })
  for (const e of [...table.entries, ...table.aliases]) {
    if (e.kind !== 'glyph') continue
    for (let at = line.indexOf(e.symbol); at >= 0; at = line.indexOf(e.symbol, at + 1)) {
      if (p.character >= at && p.character < at + e.symbol.length) {
        return {
          contents: { kind: 'markdown', value: `\`${e.symbol}\` is \`${e.keyword}\` (φ-${table.dialect === 'python' ? 'Python' : 'TypeScript'})` },
          range: { start: { line: p.line, character: at }, end: { line: p.line, character: at + e.symbol.length } },
        }
      }
    }
  }
  return undefined
}
