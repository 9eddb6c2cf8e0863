import { nodeFs } from '../../util/files'
import { PhicodeError } from '../../errors'
import type { TranspileError } from '../../transpile/error'

/** The converter's error class, required only once a load failed: a planned start loads no chunk it can spare (issue 16). */
// Stryker disable next-line StringLiteral: a specifier bun build must resolve
const transpileErrors = (): typeof import('../../transpile/error') => require('../../transpile/error')

/** Whether a load failed because φ did not convert. */
export const isTranspileError = (error: unknown): error is TranspileError => error instanceof transpileErrors().TranspileError

function withoutFrames<T>(make: () => T): T {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return make()
  } finally {
    Error.stackTraceLimit = limit
  }
}

/** Bun prints an error's own enumerable fields under it; the message already says them all. */
function fieldsHidden<T extends object>(error: T): T {
  for (const key of Object.keys(error)) Object.defineProperty(error, key, { enumerable: false })
  return error
}

/**
 * The same error with no stack frames. Bun prints an error thrown by a plugin with the plugin's
 * own frames and source; the user's mistake is in their file, which the message names.
 */
export function asUserError(error: unknown): unknown {
  const { TranspileError } = transpileErrors()
  if (error instanceof TranspileError) {
    return fieldsHidden(withoutFrames(() => new TranspileError(error.code, error.reason, error.line, error.column, error.filename)))
  }
  if (error instanceof PhicodeError) return withoutFrames(() => new PhicodeError(error.message, error.exitCode))
  return error
}

const OS: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' }

function sourceLine(file: string, line: number): string | undefined {
  try {
    return nodeFs().readFileSync(file, 'utf8').split(/\r\n|\r|\n/)[line - 1]
  } catch {
    return undefined
  }
}

/** A φ syntax error as `bun x.ts` prints a syntax error: the line, a caret, the reason, the place. */
export function formatSyntaxError(error: TranspileError): string {
  const text = sourceLine(error.filename, error.line)
  const gutter = `${error.line} | `
  const excerpt = text === undefined ? '' : `${gutter}${text}\n${' '.repeat(gutter.length + error.column - 1)}^\n`
  return `${excerpt}error: ${error.reason}\n    at ${error.filename}:${error.line}:${error.column}\n${bunFooter()}`
}

/** The line Bun ends an uncaught error's report with, after a blank line. */
export function bunFooter(): string {
  return `\nBun v${Bun.version} (${OS[process.platform] ?? process.platform} ${process.arch})\n`
}
