import { readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { phiColumn } from '../../transpile/columns'
import type { SymbolTable } from '../../transpile/types'
import type { transpileTypescript as TranspileTypescript } from '../../cache/transpiled'
import type { loadConfig as LoadConfig } from '../../config/load'
import { bunFooter } from './_errors'
import { isPhiPath, PHI_KIND, phiExtensions } from '../../kinds/extensions'
import { colorEnabled } from '../../util/color'
import { isEmbeddedPath } from '../../util/self'

/** How the handler finds a φ file's lines: its symbol table by path. */
export interface PhiSources {
  isPhi: (path: string) => boolean
  tableFor: (path: string) => SymbolTable
  /** The φ text of a module that has no file (`-c`, stdin); others are read from disk. */
  textOf?: (path: string) => string | undefined
}

/*
 * The configs and the converter are evaluated only when an error is shown: a run that throws
 * nothing never needs them, and evaluating them on every start cost milliseconds (issue 16).
 * `require` keeps them in this chunk, initialised on first use.
 */
// Stryker disable next-line StringLiteral: a specifier bun build must resolve
const configs = (): { loadConfig: typeof LoadConfig } => require('../../config/load')
// Stryker disable next-line StringLiteral: a specifier bun build must resolve
const converter = (): { transpileTypescript: typeof TranspileTypescript } => require('../../cache/transpiled')

/** A file's lines as written and as Bun ran them; the same for a plain file (no table). */
interface Lines {
  phi: string[]
  code: string[]
  table: SymbolTable | undefined
}

/** The sources of a project whose φ files end in `extensions` (besides `.φ`, `.phi`), its configs read with `env`. */
export function phiSources(extensions: string[], env: Record<string, string | undefined>): PhiSources {
  const all = phiExtensions(extensions)
  return {
    isPhi: (path) => isPhiPath(path, all),
    tableFor: (path) => configs().loadConfig(dirname(path), env).tables.typescript,
  }
}

const colorful = (): boolean => colorEnabled(process.stderr)

/** Lines of the frame Bun shows before the failing one. */
const CONTEXT = 5

const AT = /^(\s+at (?:.*? \()?)(.+?):(\d+):(\d+)(\)?)$/

function linesOf(path: string, sources: PhiSources, memo: Map<string, Lines | undefined>): Lines | undefined {
  if (!memo.has(path)) {
    let lines: Lines | undefined
    try {
      const text = sources.textOf?.(path) ?? readFileSync(path, 'utf8')
      const table = sources.isPhi(path) ? sources.tableFor(path) : undefined
      const code = table ? converter().transpileTypescript(undefined, text, table, PHI_KIND.jsx, path).code : text
      lines = { phi: text.split('\n'), code: code.split('\n'), table }
    } catch {
      lines = undefined
    }
    memo.set(path, lines)
  }
  return memo.get(path)
}

/** The φ line and column of a converted position. */
function phiPosition(lines: Lines, line: number, column: number): number {
  if (lines.table === undefined) return column
  return phiColumn(lines.phi[line - 1] ?? '', lines.code[line - 1] ?? '', column, lines.table)
}

/**
 * Where Bun's report places a call made with `new`: a stack string points at the constructor's
 * name (`SemVer` in `new semver.SemVer(x)`), Bun's report at the `new`.
 */
function atNew(codeLine: string, column: number): number {
  const before = /\bnew\s+(?:[\w$]+\s*\.\s*)*$/.exec(codeLine.slice(0, column - 1))
  return before ? before.index + 1 : column
}

/** A code frame as Bun draws one: up to five lines before, the line, a caret under the column. */
function frame(lines: string[], line: number, column: number): string {
  const first = Math.max(1, line - CONTEXT)
  const width = String(line).length
  let out = ''
  for (let n = first; n <= line; n++) out += `${String(n).padStart(width)} | ${lines[n - 1] ?? ''}\n`
  return `${out}${' '.repeat(width + 3 + column - 1)}^\n`
}

/** The `at` lines of an error's stack; none for what is not an Error or has no stack (a ResolveMessage). */
export function stackFrames(error: unknown): RegExpExecArray[] {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return []
  // Bun's report leaves out its own frames (`native:…`), as here; phicode's own (the binary's
  // embedded files) are never the program's.
  return error.stack.split('\n').map((l) => AT.exec(l)).filter((m): m is RegExpExecArray => m !== null && !m[2]!.startsWith('native') && !isEmbeddedPath(m[2]!))
}

/**
 * An uncaught error printed as Bun prints one, but with φ source in the frame and φ columns in
 * every `at` line of a φ file (Bun itself would show the converted code, re-printed, under the
 * wrong line numbers). A rejection lists the error's own properties, as Bun does. Undefined for
 * what is not an `Error`.
 */
function formatError(error: unknown, sources: PhiSources, rejection: boolean): string | undefined {
  if (!(error instanceof Error)) return undefined
  // No frame of the program's (an error made in Bun's own code, `setTimeout(JSON.parse, 0, '{')`): Bun draws none either.
  const frames = stackFrames(error)
  const memo = new Map<string, Lines | undefined>()
  const at = frames.map(([, prefix, path, line, column, close], depth) => {
    const target = sources.isPhi(path!) ? linesOf(path!, sources, memo) : undefined
    const called = depth === 0 || !target ? Number(column) : atNew(target.code[Number(line) - 1] ?? '', Number(column))
    return `      ${prefix!.trimStart()}${path}:${line}:${target ? phiPosition(target, Number(line), called) : column}${close}`
  })
  const top = frames[0]
  const lines = top && linesOf(top[2]!, sources, memo)
  const where = lines ? frame(lines.phi, Number(top[3]), phiPosition(lines, Number(top[3]), Number(top[4]))) : ''
  // Bun names a plain Error `error`, but `Error` when its message is empty.
  const header = `${error.name === 'Error' && error.message !== '' ? 'error' : error.name}: ${error.message}`
  return `${where}${header}\n${rejection ? ownProperties(error, header) : ''}${at.map((line) => `${line}\n`).join('')}${bunFooter()}`
}

/**
 * The error's own properties (`code`, `errno`, `path` …) as Bun lists them under its message, an
 * empty line after them; empty when it has none. Bun's inspector draws the same block.
 */
function ownProperties(error: Error, header: string): string {
  const text = `\n${Bun.inspect(error, { colors: false })}`
  const start = text.indexOf(`\n${header}\n`)
  if (start < 0) return ''
  const rest = text.slice(start + header.length + 2)
  const end = rest.search(/^ {6}at /m)
  return end < 0 ? rest : rest.slice(0, end)
}

interface BuildMessage {
  message: string
  position: { file: string; line: number; column: number; lineText: string } | null
}

/** Bun throws one BuildMessage for one syntax error, an AggregateError of them for several. */
const buildMessages = (error: unknown): BuildMessage[] =>
  (error instanceof AggregateError ? error.errors : [error]).filter((e): e is BuildMessage => typeof e?.position?.file === 'string')

/**
 * Bun's syntax errors in converted φ code (`Expected ")" but found "1"`), drawn as Bun draws
 * them but on the φ line and column. Undefined when no φ file is among them.
 */
export function formatBuildErrors(error: unknown, sources: PhiSources): string | undefined {
  const messages = buildMessages(error)
  if (!messages.some((m) => sources.isPhi(m.position!.file))) return undefined
  const memo = new Map<string, Lines | undefined>()
  return messages.map(({ message, position }) => {
    const { file, line, column } = position!
    const lines = sources.isPhi(file) ? linesOf(file, sources, memo) : undefined
    const text = lines?.phi[line - 1] ?? position!.lineText
    const at = lines ? phiPosition(lines, line, column) : column
    const gutter = `${line} | `
    return `${gutter}${text}\n${' '.repeat(gutter.length + at - 1)}^\nerror: ${message}\n    at ${file}:${line}:${at}\n`
  }).join('\n') + bunFooter()
}

/**
 * A value that is no Error, as Bun reports one (the crash printer itself cannot be called): a
 * line naming it, then for a rejection the inspector's drawing (a string as it is). Bun draws a
 * thrown one at the `throw`, which a handler cannot know: that frame and `at` line are left out.
 */
function inspected(value: unknown, rejection: boolean): string {
  if (!rejection) return `${headerOf(value)}\n${bunFooter()}`
  const body = typeof value === 'string' ? value : Bun.inspect(value, { colors: colorful() }).trimEnd()
  return `${headerOf(value)}\n${body}\n${bunFooter()}`
}

/** `error: 42`, `error: text`; for an object its string `name` and `message`, as far as it has them. */
function headerOf(value: unknown): string {
  if (typeof value === 'symbol') return value.description ? `error: ${value.description}` : 'error'
  if (typeof value !== 'object' || value === null) return `error: ${String(value)}`
  const { name, message } = value as { name?: unknown; message?: unknown }
  if (typeof name === 'string') return `${name}: ${typeof message === 'string' ? message : ''}`
  return typeof message === 'string' ? `error: ${message}` : 'error'
}

/**
 * For a φ entry: prints uncaught errors and unhandled rejections as Bun would, φ ones with φ
 * lines, then exits 1 as Bun does. (A handler cannot hand an error back to Bun: rethrowing reports the handler's
 * own line and exits 7.) A program that listens for these events itself keeps full control:
 * the handler then does nothing. `hint` may add a last line (see `guessedDialectHint`). Returns
 * what removes the handlers again.
 */
export function reportPhiErrors(sources: PhiSources, hint: () => string | undefined = () => undefined): () => void {
  const handlers = (['uncaughtException', 'unhandledRejection'] as const).map((event) => {
    const report = (error: unknown): void => {
      if (process.listenerCount(event) > 1) return
      const rejection = event === 'unhandledRejection'
      process.stderr.write(formatError(error, sources, rejection) ?? inspected(error, rejection))
      const more = hint()
      if (more) process.stderr.write(`phicode: ${more}\n`)
      process.exit(1)
    }
    process.on(event, report)
    return () => process.off(event, report)
  })
  return () => handlers.forEach((off) => off())
}
