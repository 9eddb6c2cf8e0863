import { startLanguageServer } from '../../lsp/server'

/** `phicode --lsp`: the language server owns stdin/stdout until the editor ends it. */
export function lspCommand(): Promise<number> {
  return startLanguageServer()
}
