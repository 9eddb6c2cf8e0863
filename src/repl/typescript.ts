import { join } from 'node:path'
import type { LoadedConfig } from '../config/types'
import { inlineCode } from '../runtime/bun/inline'
import { phicodePlugin } from '../runtime/bun/plugin'
import { phiColumn } from '../transpile/columns'
import { TranspileError } from '../transpile/error'
import { colorEnabled } from '../util/color'
import type { Evaluated, Session } from './types'

/** The φ scanner's errors that more lines may close: the entry is unfinished, not wrong. */
const UNFINISHED = new Set(['UNTERMINATED_STRING', 'UNTERMINATED_TEMPLATE', 'UNTERMINATED_COMMENT', 'UNTERMINATED_REGEX'])

interface BuildMessage {
  message: string
  position?: { line: number; column: number } | null
}

/** A syntax error shown on the φ line it is on: the line, a caret under the column, the reason. */
function showSyntaxError(phi: string, code: string, line: number, codeColumn: number, reason: string, config: LoadedConfig): void {
  const phiLine = phi.split('\n')[line - 1] ?? ''
  const column = phiColumn(phiLine, code.split('\n')[line - 1] ?? '', codeColumn, config.tables.typescript)
  process.stderr.write(`${phiLine}\n${' '.repeat(Math.max(0, column - 1))}^\nSyntaxError: ${reason} (line ${line}, column ${column})\n`)
}

/**
 * The typescript REPL, in this process on the built-in Bun: each entry is converted, then
 * compiled by Bun's transpiler in REPL mode (declarations become variables that outlive the
 * entry, `import` a dynamic import, the whole an async function so `await` works at top level)
 * and run in this realm; imports resolve from the working directory, φ modules through the φ
 * plugin. The value of a last expression is printed.
 */
export function typescriptSession(config: LoadedConfig, cwd: string, env: Record<string, string | undefined>): Session {
  const vm = require('node:vm') as typeof import('node:vm')
  Bun.plugin(phicodePlugin({ extensions: [config.config.file_extension], env }))
  const transpiler = new Bun.Transpiler({ loader: 'tsx', replMode: true })
  const path = join(cwd, '[repl].tsx')
  const colors = colorEnabled(process.stdout)
  return {
    prompts: { first: 'φ> ', more: '.. ' },
    async evaluate(phi: string): Promise<Evaluated> {
      let code: string
      try {
        code = inlineCode(path, phi, config, undefined, env)
      } catch (error) {
        if (!(error instanceof TranspileError)) throw error
        if (UNFINISHED.has(error.code)) return 'more'
        process.stderr.write(`${phi.split('\n')[error.line - 1] ?? ''}\n${' '.repeat(error.column - 1)}^\nSyntaxError: ${error.reason}\n`)
        return 'done'
      }
      let js: string
      try {
        js = transpiler.transformSync(code)
      } catch (error) {
        const { message, position } = error as BuildMessage
        if (/end of file/i.test(message)) return 'more'
        showSyntaxError(phi, code, position?.line ?? 1, position?.column ?? 1, message, config)
        return 'done'
      }
      try {
        const result = (await vm.runInThisContext(js, { filename: path, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER })) as { value?: unknown } | undefined
        if (result?.value !== undefined) process.stdout.write(`${Bun.inspect(result.value, { colors })}\n`)
      } catch (error) {
        const shown = error instanceof Error ? `${error.name}: ${error.message}` : Bun.inspect(error)
        process.stderr.write(`Uncaught ${shown}\n`)
      }
      return 'done'
    },
    close: async () => 0,
  }
}
