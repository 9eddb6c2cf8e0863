import { nodeFs } from '../../util/files'
import { dirname } from '../../util/paths'
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
      const text = sources.textOf?.(path) ?? nodeFs().readFileSync(path, 'utf8')
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
  // Stryker disable next-line StringLiteral: a specifier bun build must resolve
  const { phiColumn } = require('../../transpile/columns') as typeof import('../../transpile/columns')
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

/** The `at` lines of an error's stack; none for what has no stack. */
function stackFrames(error: Error): RegExpExecArray[] {
  return typeof error.stack === 'string' ? atLines(error.stack) : []
}

/** A frame in Bun's own code (`at map (native:1:11)`), which Bun's report prints as `at map (1:11)`. */
const isNative = (frame: RegExpExecArray): boolean => frame[2] === 'native'

/**
 * The `at` lines of a stack, as Bun's report keeps them: not phicode's own (the binary's
 * embedded files), not Bun's tick loop, which it leaves out (the in-process run's async import
 * puts one under the program's frames), nor a builtin's without a source (`at parse
 * (unknown:1:1)` under `setTimeout(JSON.parse, 0, '{')`), which Bun's report leaves out too.
 */
function atLines(text: string): RegExpExecArray[] {
  return text
    .split('\n')
    .map((l) => AT.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && !isEmbeddedPath(m[2]!) && m[2] !== 'unknown' && !(isNative(m) && m[1]!.includes('processTicksAndRejections')))
}

/** The frames when one is the program's, else none. */
const ofProgram = (frames: RegExpExecArray[]): RegExpExecArray[] => (frames.some((f) => !isNative(f)) ? frames : [])

/**
 * The frames Bun reports for an error: its stack's, or, when the program replaced the stack with
 * text naming no frame, where the error was made, which Bun's inspector still knows. None for
 * what is not an Error (a ResolveMessage) or has no frame of the program's.
 */
export function reportedFrames(error: unknown): RegExpExecArray[] {
  if (!(error instanceof Error)) return []
  const frames = ofProgram(stackFrames(error))
  return frames.length > 0 ? frames : ofProgram(atLines(Bun.inspect(error, { colors: false })))
}

/** A line of a source frame Bun's inspector drew (`12 | code`), or its caret line. */
const FRAME_LINE = /^\s*\d+ \| |^\s+\^$/

/**
 * The name, message and own properties (`code`, `path` …) of an error and of each cause after
 * it, as Bun's inspector writes them: the lines before each one's `at` lines, without the source
 * frames it drew (from converted code).
 */
function headsOf(error: Error): string[][] {
  const heads: string[][] = []
  let inFrames = false
  for (const line of Bun.inspect(error, { colors: false }).split('\n')) {
    if (FRAME_LINE.test(line)) continue
    const frame = /^\s+at /.test(line)
    if (!frame && (heads.length === 0 || (inFrames && line !== ''))) heads.push([line])
    else if (!frame && !inFrames) heads.at(-1)!.push(line)
    inFrames = frame || (inFrames && line === '')
  }
  return heads
}

/**
 * The errors Bun's report shows, in order, each with the text Bun puts before it: the error,
 * then its causes as far as they are errors (after a blank line); for an AggregateError, the
 * errors it holds instead, one right after the other (each with its causes).
 */
function reportedErrors(error: Error, before = ''): Array<{ error: Error; before: string }> {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.filter((e) => e instanceof Error).flatMap((e, k) => reportedErrors(e, k === 0 ? before : '\n'))
  }
  const chain = [{ error, before }]
  for (let cause = error.cause; cause instanceof Error && !chain.some((c) => c.error === cause); cause = cause.cause) chain.push({ error: cause, before: '\n\n' })
  return chain
}

/** Bun's report of a frame: a φ file's with its φ column, one in Bun's own code as `at map (1:11)`. */
function atLine([, prefix, path, line, column, close]: RegExpExecArray, depth: number, sources: PhiSources, memo: Map<string, Lines | undefined>): string {
  const at = `      ${prefix!.trimStart()}`
  if (path === 'native') return `${at}${line}:${column}${close}`
  const target = sources.isPhi(path!) ? linesOf(path!, sources, memo) : undefined
  if (!target) return `${at}${path}:${line}:${column}${close}`
  const called = depth === 0 ? Number(column) : atNew(target.code[Number(line) - 1] ?? '', Number(column))
  return `${at}${path}:${line}:${phiPosition(target, Number(line), called)}${close}`
}

/**
 * The source frame Bun draws above an error, on φ lines for a φ file: the line of its first frame
 * of the program, the caret at the first frame's column, which is a native one's when the error
 * came from inside Bun's code (Bun's report does so: `[1].map(() => f())` points at column 11).
 */
function sourceFrame(frames: RegExpExecArray[], sources: PhiSources, memo: Map<string, Lines | undefined>): string {
  const top = frames.find((f) => !isNative(f))
  const lines = top && linesOf(top[2]!, sources, memo)
  return lines ? frame(lines.phi, Number(top[3]), phiPosition(lines, Number(top[3]), Number(frames[0]![4]))) : ''
}

/**
 * An uncaught error printed as Bun prints one: for it and each cause, the source frame, the
 * name, message and own properties as Bun's inspector writes them, then the frames, with φ
 * source and φ columns for φ files (Bun itself would draw the converted code, under the wrong
 * line numbers). An error `thrown` from a timer, microtask or tick callback gets only its name
 * and message, as Bun gives it. Undefined for what is not an `Error` with a frame of the program's.
 */
function formatError(error: unknown, sources: PhiSources, thrown: boolean): string | undefined {
  if (!(error instanceof Error) || reportedFrames(error).length === 0) return undefined
  const memo = new Map<string, Lines | undefined>()
  // Thrown from a callback of the event loop, Bun reports the error alone: name and message.
  const errors = thrown ? [{ error, before: '' }] : reportedErrors(error)
  const heads = thrown ? [[`${error.name === 'Error' ? 'error' : error.name}: ${error.message}`]] : headsOf(error)
  // An inspector's text this reading does not follow is left as Bun's inspector writes it.
  if (heads.length !== errors.length) return undefined
  const text = heads.map((head, k) => {
    const { error, before } = errors[k]!
    const frames = reportedFrames(error)
    return `${before}${sourceFrame(frames, sources, memo)}${[...head, ...frames.map((f, depth) => atLine(f, depth, sources, memo))].join('\n')}`
  })
  return `${text.join('').trimEnd()}\n${bunFooter()}`
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
 * What `formatError` leaves, as Bun reports it (the crash printer itself cannot be called): an
 * error with no frame of the program's (`setTimeout(JSON.parse, 0, '{')`) by its name, message
 * and properties alone; a value that is no Error by a line naming it, then for a rejection the
 * inspector's drawing (a string as it is). Bun draws a thrown one at the `throw`, which a handler
 * cannot know: that frame and `at` line are left out.
 */
function inspected(value: unknown, rejection: boolean): string {
  if (value instanceof Error) return `${(headsOf(value)[0] ?? []).join('\n').trimEnd()}\n${bunFooter()}`
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
    const report = (error: unknown, origin?: unknown): void => {
      if (process.listenerCount(event) > 1) return
      const thrown = event === 'uncaughtException' && origin === 'uncaughtException'
      process.stderr.write(formatError(error, sources, thrown) ?? inspected(error, event === 'unhandledRejection'))
      const more = hint()
      if (more) process.stderr.write(`phicode: ${more}\n`)
      process.exit(1)
    }
    process.on(event, report)
    return () => process.off(event, report)
  })
  return () => handlers.forEach((off) => off())
}

/**
 * Raises an error the entry threw while it evaluated (a rejected top-level await included) as
 * uncaught, which is how Bun treats it: the uncaughtException handlers get it (phicode's own
 * report of φ lines among them). With none, it is left to Bun as a rejection, which Bun reports
 * as it reports the entry's error and exits 1: thrown again from here, Bun's report would point
 * at this line.
 */
export function throwUncaught(error: unknown): void {
  if (process.listenerCount('uncaughtException') === 0) void Promise.reject(error)
  // Bun's entry is evaluated as a promise too: its handlers are told the error came from a rejection.
  else process.emit('uncaughtException', error as Error, 'unhandledRejection')
}
