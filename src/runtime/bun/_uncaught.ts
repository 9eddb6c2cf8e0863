import { readFileSync } from 'node:fs'
import { scanTypescript } from '../../cache/transpiled'
import { phiColumn } from '../../transpile/columns'
import type { SymbolTable } from '../../transpile/types'
import { bunFooter } from './_errors'

/** How the handler finds a φ file's lines: its symbol table by path. */
export interface PhiSources {
  isPhi: (path: string) => boolean
  tableFor: (path: string) => SymbolTable
}

interface Lines {
  phi: string[]
  code: string[]
  table: SymbolTable
}

const colorful = (): boolean => process.stderr.isTTY === true && !process.env['NO_COLOR']

/** Lines of the frame Bun shows before the failing one. */
const CONTEXT = 5

const AT = /^(\s+at (?:.*? \()?)(.+?):(\d+):(\d+)(\)?)$/

function linesOf(path: string, sources: PhiSources, memo: Map<string, Lines | undefined>): Lines | undefined {
  if (!memo.has(path)) {
    let lines: Lines | undefined
    try {
      const phi = readFileSync(path, 'utf8')
      const table = sources.tableFor(path)
      const code = scanTypescript(undefined, phi, table, true, path).code
      lines = { phi: phi.split('\n'), code: code.split('\n'), table }
    } catch {
      lines = undefined
    }
    memo.set(path, lines)
  }
  return memo.get(path)
}

/** The φ line and column of a converted position. */
function phiPosition(lines: Lines, line: number, column: number): number {
  return phiColumn(lines.phi[line - 1] ?? '', lines.code[line - 1] ?? '', column, lines.table)
}

/** A code frame as Bun draws one: up to five lines before, the line, a caret under the column. */
function frame(lines: string[], line: number, column: number): string {
  const first = Math.max(1, line - CONTEXT)
  const width = String(line).length
  let out = ''
  for (let n = first; n <= line; n++) out += `${String(n).padStart(width)} | ${lines[n - 1] ?? ''}\n`
  return `${out}${' '.repeat(width + 3 + column - 1)}^\n`
}

/**
 * An error whose top stack frame is in a φ file, printed as Bun prints an uncaught error, but
 * with the φ source in the frame and φ columns in every `at` line (Bun itself would show the
 * converted code, re-printed, under the wrong line numbers). Undefined for any other error.
 */
export function formatPhiError(error: unknown, sources: PhiSources): string | undefined {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return undefined
  // Bun's report leaves out its own frames (`native:…`), as here.
  const frames = error.stack.split('\n').map((l) => AT.exec(l)).filter((m): m is RegExpExecArray => m !== null && !m[2]!.startsWith('native'))
  const top = frames[0]
  if (!top || !sources.isPhi(top[2]!)) return undefined
  const memo = new Map<string, Lines | undefined>()
  const lines = linesOf(top[2]!, sources, memo)
  if (!lines) return undefined
  const at = frames.map(([, prefix, path, line, column, close]) => {
    const target = sources.isPhi(path!) ? linesOf(path!, sources, memo) : undefined
    return `      ${prefix!.trimStart()}${path}:${line}:${target ? phiPosition(target, Number(line), Number(column)) : column}${close}`
  })
  const name = error.name === 'Error' ? 'error' : error.name
  const where = frame(lines.phi, Number(top[3]), phiPosition(lines, Number(top[3]), Number(top[4])))
  return `${where}${name}: ${error.message}\n${at.join('\n')}\n${bunFooter()}`
}

/** Anything else as Bun's inspector draws it (the crash printer itself cannot be called). */
const inspected = (error: unknown): string => `${Bun.inspect(error, { colors: colorful() }).trimEnd()}\n${bunFooter()}`

/**
 * For a φ entry: prints uncaught errors and unhandled rejections as Bun would, φ ones with φ
 * lines, then exits 1 as Bun does. (A handler cannot hand an error back to Bun: rethrowing reports the handler's
 * own line and exits 7.) A program that listens for these events itself keeps full control:
 * the handler then does nothing.
 */
export function reportPhiErrors(sources: PhiSources): void {
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.on(event, function report(error: unknown) {
      if (process.listenerCount(event) > 1) return
      process.stderr.write(formatPhiError(error, sources) ?? inspected(error))
      process.exit(1)
    })
  }
}
