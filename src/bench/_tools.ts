/** The programs a benchmark starts: phicode itself and the plain runtimes it is set beside. */
import { findInterpreter } from '../runtime/interpreters/discover'
import type { Interpreter, InterpreterKind } from '../runtime/types'
import { selfCommand } from '../util/self'
import type { Command } from './proc'

/**
 * node:os, required where used: in the single-file bundle a static import of a node: module
 * loads on every run of phicode, benchmark or not.
 */
export const nodeOs = () => require('node:os') as typeof import('node:os')

export interface Tools {
  phicode: string[]
  /**
   * Plain Bun. A compiled Bun binary acts as `bun` itself under BUN_BE_BUN=1, so the baseline is
   * the very runtime phicode carries; run from source, the executable is Bun already.
   */
  bun: Command
  python: Interpreter | null
  pypy: Interpreter | null
  node: Interpreter | null
  /** Why an interpreter is missing, one line each. */
  notes: string[]
}

function find(kind: Exclude<InterpreterKind, 'bun'>, cwd: string, notes: string[]): Interpreter | null {
  try {
    return findInterpreter(kind, cwd) ?? null
  } catch (error) {
    notes.push(error instanceof Error ? error.message : String(error))
    return null
  }
}

export function findTools(cwd: string): Tools {
  const notes: string[] = []
  return {
    phicode: selfCommand(),
    bun: { cmd: [process.execPath], env: { BUN_BE_BUN: '1' } },
    python: find('cpython', cwd, notes),
    pypy: find('pypy', cwd, notes),
    node: find('node', cwd, notes),
    notes,
  }
}

/**
 * A command of plain Python (CPython, or `interpreter`) running `args`, allowed to write its
 * bytecode cache: phicode keeps one of its own whatever PYTHONDONTWRITEBYTECODE says, so the
 * baseline gets Python's.
 */
export function pythonCommand(interpreter: Interpreter, args: string[], cwd?: string): Command {
  return { cmd: [interpreter.path, ...args], env: { PYTHONDONTWRITEBYTECODE: undefined }, cwd }
}

/** A command of plain Bun running `args`. */
export function bunCommand(tools: Tools, args: string[], cwd?: string): Command {
  return { cmd: [...tools.bun.cmd, ...args], env: tools.bun.env, cwd }
}
