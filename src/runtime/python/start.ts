import { cacheSettings } from '../../cache/settings'
import { realPathOf } from '../../util/files'
import { phicodeHome } from '../../util/home'
import { dirname, join } from '../../util/paths'
import { EXIT, PhicodeError } from '../../errors'
import { PHI_EXTENSIONS } from '../../kinds/extensions'
import { COMPILED } from '../../util/self'
import { childOwnsGroup, relaySignals } from '../../util/signals'
import type { Interpreter, ResolvedEntry, RunOptions } from '../types'
import loader from './loader.py' with { type: 'text' }
import { checkPythonPlatform } from '../python-platform'
import { utf8Locale } from './locale'

// Starting the interpreter, apart from serving it (index.ts): a run with a remembered plan loads
// only this before the interpreter starts, and the rest of phicode while the interpreter spends
// tens of milliseconds in `site` (issue 16). The bootstrap's text, which the interpreter reads
// from its socket, is the server's (index.ts): the 60 KB of Python it and the package are
// made of load after the spawn.

export { loader }

/**
 * Runs the loader in a private namespace under a filename its tracebacks can be told by: its code
 * as the interpreter compiled it on an earlier run (argv[3], `loaderCodePath`), else its text
 * (argv[2]), compiled, which the bootstrap then sends back to be kept (`L`). Compiling the loader
 * and the guard's text on every start cost about 0.2 ms more than reading their code back.
 */
const STUB = "exec(compile(__import__('sys').argv[1],'<phicode>','exec'),{'__name__':'_phicode'})"
const FETCH = [
  'import sys',
  'try:',
  "    _code = open(sys.argv[3], 'rb').read()",
  "    _code = _code[:4] == __import__('_frozen_importlib_external').MAGIC_NUMBER and __import__('marshal').loads(_code[4:])",
  '    _code.co_code',
  'except Exception:',
  '    _code = None',
  "exec(_code or compile(sys.argv[2], '<phicode>', 'exec'))",
].join('\n')

/** The loader's code for this build, by interpreter kind and language version: changed text, another name. */
const LOADER_NAME = Bun.hash(`${FETCH}\0${loader}`).toString(36)

/** Where the interpreter's compiled loader is kept (its magic number, then marshal data). */
export function loaderCodePath(interpreter: Interpreter): string {
  return join(phicodeHome(), 'python', `loader.${LOADER_NAME}.${bytecodeKind(interpreter)}`)
}

/** The bytecode cache's kind for an interpreter: `comφled_<implementation>_<major><minor>`, e.g. `comφled_cpython_311`. */
export function bytecodeKind(interpreter: Interpreter): string {
  const [major = '0', minor = '0'] = (interpreter.languageVersion ?? interpreter.version).split('.')
  return `comφled_${interpreter.kind}_${major}${minor}`
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
  /** Where the loader's code the interpreter sends back (`L`) is to be kept; undefined when it is not. */
  loaderCode: string | undefined
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
    const loaderCode = start.store ? loaderCodePath(start.interpreter) : undefined
    const child = spawn(start, ownGroup, loaderCode)
    pid = child.pid
    return { child, unrelay, loaderCode }
  } catch (error) {
    unrelay()
    throw error
  }
}

/**
 * A remembered plan's interpreter, once the plan holds: refused where φ-Python cannot run, its
 * code kept as the cache settings say. Checked here, in the starter's chunk, so that a start that
 * runs no Python never loads the settings, the platform guard or their imports (issue 16).
 */
export function startPlannedPython(start: Omit<PythonStart, 'suffixes' | 'store'> & { fileExtension: string }): StartedPython {
  checkPythonPlatform()
  const { fileExtension, ...rest } = start
  return startPython({ ...rest, suffixes: phiSuffixes(fileExtension), store: cacheSettings().bytecode })
}

function spawn(start: PythonStart, ownGroup: boolean, loaderCode: string | undefined): Bun.Subprocess<'inherit', 'inherit', 'inherit'> {
  const { entry, interpreter, inline } = start
  const store = start.store ? '1' : '0'
  const suffixes = start.suffixes.join('/')
  // -c and -: sys.argv[0] is the name, sys.path[0] '' (the working directory), the program its own text.
  const place = inline ? [inline.name, suffixes, '', 'code', store, inline.code]
    : [entry.module ?? '', suffixes, pathZero(entry), entry.kind, store, entry.path]
  // The bootstrap's text and its error half's go through the socket (index.ts), not as arguments.
  // The loader sets the guard when given phicode's pid (`childOwnsGroup`).
  const guard = ownGroup ? String(process.pid) : ''
  const cmd = [interpreter.path, '-c', STUB, FETCH, loader, loaderCode ?? '', guard, ...place, ...start.args]
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
