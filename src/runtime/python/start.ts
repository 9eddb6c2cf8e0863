import { realPathOf } from '../../util/files'
import { dirname } from '../../util/paths'
import { EXIT, PhicodeError } from '../../errors'
import { PHI_EXTENSIONS } from '../../kinds/extensions'
import { COMPILED } from '../../util/self'
import { childOwnsGroup, relaySignals } from '../../util/signals'
import type { Interpreter, ResolvedEntry, RunOptions } from '../types'
import loader from './loader.py' with { type: 'text' }
import { utf8Locale } from './locale'

// Starting the interpreter, apart from serving it (index.ts): a run with a remembered plan loads
// only this before the interpreter starts, and the rest of phicode while the interpreter spends
// tens of milliseconds in `site` (issue 16). The bootstrap's text, which the interpreter reads
// from its socket, is the server's (index.ts): the 60 KB of Python it and the package are
// made of load after the spawn.

export { loader }

/** Runs the loader in a private namespace under a filename its tracebacks can be told by. */
const STUB = "exec(compile(__import__('sys').argv[1],'<phicode>','exec'),{'__name__':'_phicode'})"

/**
 * For an interpreter leading its own process group (`childOwnsGroup`): it is killed when phicode
 * dies (a SIGKILL to phicode's group no longer reaches it), or ends at once if phicode is already
 * gone. prctl(PR_SET_PDEATHSIG, SIGKILL) through the interpreters' own C bridges, not the ctypes
 * package (2-5 ms on CPython, 30 ms on PyPy); run in a namespace of its own, so `__main__` gets no names.
 */
const guardedStub = (parent: number): string => {
  const guard = [
    'import os, sys',
    "if sys.implementation.name == 'pypy':",
    '    import _cffi_backend as b',
    "    i = b.new_primitive_type('int')",
    "    b.load_library(None).load_function(b.new_function_type((i, b.new_primitive_type('unsigned long')), i), 'prctl')(1, 9)",
    'else:',
    '    import _ctypes as c',
    "    c.call_function(c.dlsym(c.dlopen(None), 'prctl'), (1, 9))",
    `if os.getppid() != ${parent}:`,
    '    os._exit(137)',
  ].join('\n')
  return `exec(${JSON.stringify(guard)},{});${STUB}`
}

/** What starting the interpreter needs: known from a remembered run plan before config and cache are open. */
export interface PythonStart {
  entry: ResolvedEntry
  interpreter: Interpreter
  args: string[]
  cwd: string
  /** The suffixes the import hook loads as φ (`phiSuffixes`). */
  suffixes: string[]
  /** Whether the interpreter sends compiled code back to be cached. */
  store: boolean
  /** `-c CODE` or `-`: the program's own text (see `RunOptions`). */
  inline?: RunOptions['inline']
  /** /proc/self/stat's text, read ahead (`childOwnsGroup`). */
  selfStat?: string
}

export interface StartedPython {
  child: Bun.Subprocess<'inherit', 'inherit', 'inherit'>
  /** Stops relaying signals to it. */
  unrelay(): void
}

/**
 * Starts the interpreter on the loader, signals sent to phicode relayed to it from before it
 * exists. It spends tens of milliseconds in `site` before it first asks for anything, time in
 * which the caller may still open the config and the cache.
 */
export function startPython(start: PythonStart): StartedPython {
  let pid: number | undefined
  const ownGroup = childOwnsGroup(start.selfStat)
  const unrelay = relaySignals(() => pid, ownGroup)
  try {
    const child = spawn(start, ownGroup)
    pid = child.pid
    return { child, unrelay }
  } catch (error) {
    unrelay()
    throw error
  }
}

function spawn(start: PythonStart, ownGroup: boolean): Bun.Subprocess<'inherit', 'inherit', 'inherit'> {
  const { entry, interpreter, inline } = start
  const store = start.store ? '1' : '0'
  const suffixes = start.suffixes.join('/')
  // -c and -: sys.argv[0] is the name, sys.path[0] '' (the working directory), the program its own text.
  const place = inline ? [inline.name, suffixes, '', 'code', store, inline.code]
    : [entry.module ?? '', suffixes, pathZero(entry), entry.kind, store, entry.path]
  // The bootstrap's text and its error half's go through the socket (index.ts), not as arguments.
  const cmd = [interpreter.path, '-c', ownGroup ? guardedStub(process.pid) : STUB, loader, ...place, ...start.args]
  // Interpreters the program starts convert φ through this same executable (the package's channel).
  const env = COMPILED ? { ...utf8Locale(), PHICODE_BIN: process.execPath } : utf8Locale()
  try {
    return Bun.spawn(cmd, { cwd: start.cwd, env, stdio: ['inherit', 'inherit', 'inherit', 'socket-fd'], detached: ownGroup }) as Bun.Subprocess<'inherit', 'inherit', 'inherit'>
  } catch (error) {
    throw new PhicodeError(`cannot start ${interpreter.path}: ${(error as Error).message}`, EXIT.UNAVAILABLE, { cause: error })
  }
}

/** The suffixes the import hook loads as φ: the defaults and the project's own extension. */
export function phiSuffixes(own: string): string[] {
  return PHI_EXTENSIONS.includes(own as never) ? [...PHI_EXTENSIONS] : [own, ...PHI_EXTENSIONS]
}

/**
 * sys.path[0] as python3 sets it: the script's real directory, or for `-m pkg.mod` the
 * directory the dotted name is found from (the working directory, for python3 itself).
 */
function pathZero(entry: ResolvedEntry): string {
  return entry.module && entry.base ? entry.base : dirname(entry.real ?? realPathOf(entry.path))
}
