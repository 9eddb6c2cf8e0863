import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver'
import type { SymbolTable } from '../transpile/types'

/** `\def`: an explicit escape, replaced by the symbol whatever comes before it. */
const ESCAPE = /\\([\w.$]*)$/
/** The word being typed; a `.` inside it lets `console.l` reach `console.log`. */
const WORD = /[A-Za-z_$][\w$]*(?:\.[\w$]*)?$/

/**
 * Keywords offered as their symbols: typing `def` (or `function`, `return`) offers `ƒ` (`⟲`),
 * and `\def` is replaced by `ƒ`. `linePrefix` is the line up to the cursor.
 */
export function symbolCompletions(table: SymbolTable, linePrefix: string, p: Position): CompletionItem[] {
  const escaped = ESCAPE.exec(linePrefix)
  const word = escaped ? undefined : WORD.exec(linePrefix)
  const typed = escaped ? escaped[1]! : word?.[0]
  if (typed === undefined) return []
  const at = (escaped ?? word)!.index
  // After `x.`, a word is a member name, not a keyword.
  if (!escaped && linePrefix[at - 1] === '.') return []
  const range = { start: { line: p.line, character: at }, end: p }
  return table.entries
    .filter((e) => e.keyword.startsWith(typed) && e.keyword !== e.symbol)
    .map((e) => ({
      label: e.symbol,
      labelDetails: { description: e.keyword },
      detail: `${e.symbol}  ${e.keyword}`,
      kind: CompletionItemKind.Keyword,
      filterText: escaped ? `\\${e.keyword}` : e.keyword,
      sortText: `0${e.keyword}`,
      textEdit: { range, newText: e.symbol },
    }))
}
