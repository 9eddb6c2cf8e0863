import { readFileSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { loadConfig } from '../config/load'
import { guessHint, isGuess, PHI_KIND } from '../kinds'
import { transpile } from '../transpile/convert'
import { decodeSource } from '../transpile/source'
import type { Dialect } from '../transpile/types'
import { findInterpreter } from './interpreters/discover'
import type { ResolvedEntry, RunOutcome } from './types'

/**
 * For a φ entry whose dialect was guessed (project marker, content rule) and that failed: the
 * hint naming the guess and how to pin the dialect, when the file reads as the other dialect
 * (a real mistake in a rightly guessed file gets no hint). Checked only after a failure, so a
 * run that works pays nothing.
 */
export function guessedDialectHint(entry: ResolvedEntry, cwd: string): string | undefined {
  if (entry.kind !== 'phi' || entry.decision === undefined || !isGuess(entry.decision)) return undefined
  const other: Dialect = entry.dialect === 'python' ? 'typescript' : 'python'
  if (!readsAs(decodeSource(readFileSync(entry.path)).text, other, entry.path, cwd)) return undefined
  return guessHint(basename(entry.path), entry.decision, cwd)
}

/** The same for a run that ended: only an exit code of 1 (a syntax error, an uncaught error) is such a failure. */
export function hintAfterRun(entry: ResolvedEntry, outcome: RunOutcome | 'in-process', cwd: string): string | undefined {
  return outcome !== 'in-process' && outcome.exitCode === 1 ? guessedDialectHint(entry, cwd) : undefined
}

/** Whether `source` converts and parses as `dialect`: Bun's parser for TypeScript, the machine's CPython for Python. */
function readsAs(source: string, dialect: Dialect, path: string, cwd: string): boolean {
  let code: string
  try {
    code = transpile(source, { table: loadConfig(dirname(path)).tables[dialect], jsx: PHI_KIND.jsx, filename: path })
  } catch {
    return false
  }
  if (dialect === 'typescript') {
    try {
      new Bun.Transpiler({ loader: 'tsx' }).transformSync(code)
      return true
    } catch {
      return false
    }
  }
  const python = findInterpreter('cpython', cwd)
  if (python === undefined) return false
  const check = Bun.spawnSync([python.path, '-c', 'import sys; compile(sys.stdin.buffer.read(), "<phi>", "exec")'], {
    stdin: new TextEncoder().encode(code),
    stdout: 'ignore',
    stderr: 'ignore',
  })
  return check.exitCode === 0
}
