import { EXIT, PhicodeError } from '../errors'
import type { Dialect } from '../transpile/types'
import { recommendForPython, recommendForTypescript, type PythonProgram, type Recommendation } from './analyze'
import { explicitInterpreter, findInterpreter, requireInterpreter } from './interpreters/discover'
import type { Interpreter, InterpreterKind, ResolvedEntry } from './types'
import type { LoadedConfig } from '../config/types'
import { phiExtensions } from '../kinds'

export interface InterpreterFlags {
  python?: boolean
  cpython?: boolean
  pypy?: boolean
  node?: boolean
  bun?: boolean
  interpreter?: string
}

const DIALECT_OF: Record<InterpreterKind, Dialect> = { cpython: 'python', pypy: 'python', node: 'typescript', bun: 'typescript' }

function askedFor(flags: InterpreterFlags): string[] {
  const named = (['python', 'cpython', 'pypy', 'node', 'bun'] as const).filter((f) => flags[f])
  return flags.interpreter ? [...named, 'interpreter'] : named
}

/** The interpreter named by `--interpreter`, probed before resolution so its dialect is known. */
export function explicitFromFlags(flags: InterpreterFlags, cwd: string): Interpreter | undefined {
  const asked = askedFor(flags)
  if (asked.length > 1) throw new PhicodeError(`--${asked[0]} and --${asked[1]} cannot be combined`, EXIT.USAGE)
  return flags.interpreter ? explicitInterpreter(flags.interpreter, cwd) : undefined
}

/** An interpreter flag decides the dialect of a φ entry before anything else does (ARCHITECTURE.md, "dialect"). */
export function dialectOfFlags(flags: InterpreterFlags, explicit: Interpreter | undefined): Dialect | undefined {
  if (explicit) return DIALECT_OF[explicit.kind]
  if (flags.python || flags.cpython || flags.pypy) return 'python'
  if (flags.node || flags.bun) return 'typescript'
  return undefined
}

/** A program known only by its own text (`-c`, stdin, a REPL): the analysis reads nothing else. */
export const textProgram = (entry: ResolvedEntry, config: LoadedConfig, code: string): Omit<PythonProgram, 'entry'> => ({
  phiSuffixes: phiExtensions(config.config.file_extension),
  code: (path) => (path === entry.path ? code : undefined),
})

export interface Selection {
  interpreter: Interpreter
  /** Why this one, for --debug. */
  reason: string
}

/**
 * Flags win; `--python` lets the analysis pick between CPython and PyPy; with no flag, Python
 * code runs on CPython and TypeScript in-process on Bun, and the analysis only advises.
 */
export function selectInterpreter(
  entry: ResolvedEntry,
  flags: InterpreterFlags,
  explicit: Interpreter | undefined,
  program: Omit<PythonProgram, 'entry'>,
  cwd: string,
): Selection & { advice: () => Recommendation } {
  const advice = () =>
    entry.dialect === 'python'
      ? recommendForPython({ ...program, entry: entry.path }, findInterpreter('pypy', cwd))
      : recommendForTypescript(program.code(entry.path) ?? '', entry.root)
  const chosen = choose(entry, flags, explicit, advice, cwd)
  if (DIALECT_OF[chosen.interpreter.kind] !== entry.dialect) {
    throw new PhicodeError(
      `${entry.path} is ${entry.dialect} code; it cannot run on ${chosen.interpreter.kind} (${chosen.interpreter.path})`,
      EXIT.DIALECT_MISMATCH,
    )
  }
  return { ...chosen, advice }
}

function choose(
  entry: ResolvedEntry,
  flags: InterpreterFlags,
  explicit: Interpreter | undefined,
  advice: () => Recommendation,
  cwd: string,
): Selection {
  if (explicit) return { interpreter: explicit, reason: `--interpreter ${flags.interpreter}` }
  for (const kind of ['cpython', 'pypy', 'node', 'bun'] as const) {
    if (flags[kind]) return { interpreter: requireInterpreter(kind, cwd), reason: `--${kind}` }
  }
  if (flags.python) {
    const recommended = advice()
    return { interpreter: requireInterpreter(recommended.kind, cwd), reason: `--python: ${recommended.reason}` }
  }
  const kind = entry.dialect === 'python' ? 'cpython' : 'bun'
  return { interpreter: requireInterpreter(kind, cwd), reason: `default for ${entry.dialect} code` }
}
