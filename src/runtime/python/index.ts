import { realpathSync } from 'node:fs'
import { dirname } from 'node:path'
import { contentKey, digestHex } from '../../cache/digest'
import { ENGINE } from '../../cache/engine'
import { RESOLUTION_KIND } from '../../cache/run-cache'
import { EXIT, PhicodeError } from '../../errors'
import { PHI_EXTENSIONS } from '../../kinds'
import { log } from '../../util/log'
import type { Interpreter, ResolvedEntry, RunOptions, RunOutcome } from '../types'
import bootstrapRun from './bootstrap.py' with { type: 'text' }
import loader from './loader.py' with { type: 'text' }
import { importer, importerErrors, pythonPackageFolder } from './package'
import { COMPILED } from '../../util/self'
import { serveModules } from './_channel'
import { createModuleServer, type ModuleServer } from './_modules'
import { childOwnsGroup, relaySignals } from '../../util/signals'
import { childOutcome } from '../outcome'
import { utf8Locale } from './locale'

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

/** The bootstrap: the import hook it shares with the `phicode` package, then its own part. */
const bootstrap = `${importer}\n${bootstrapRun}`

/** How long compiled code still on its way from an exited interpreter is waited for. */
const DRAIN_MS = 200

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
  const ownGroup = childOwnsGroup()
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

/** What `startPython` needs, from a resolved run. */
export const pythonStart = (options: RunOptions): PythonStart => ({
  entry: options.entry,
  interpreter: options.interpreter,
  args: options.args,
  cwd: options.cwd,
  suffixes: phiSuffixes(options.config.config.file_extension),
  store: options.cache?.disk('bytecode', bytecodeKind(options.interpreter)) !== undefined,
  inline: options.inline,
})

/**
 * Runs a python-dialect φ entry or a `.py` entry on `options.interpreter` as `python3 x.py`
 * (or `python3 -m x`, when the entry was named as a module) would, transpiling φ modules for it.
 * `started`: the interpreter, when the caller started it early.
 */
export async function runPython(options: RunOptions, started?: StartedPython): Promise<RunOutcome> {
  const { entry, interpreter, cache } = options
  const { child, unrelay } = started ?? startPython(pythonStart(options))
  try {
    // The caches load while the interpreter starts.
    const server = createModuleServer({
      entryDir: dirname(entry.path),
      entryConfig: options.config,
      cache,
      bytecodeKind: bytecodeKind(interpreter),
      bootKey: `boot.${digestHex(loader, bootstrap)}`,
    })
    const get = (flags: number, path: string) => {
      const started = performance.now()
      const reply = server.get(flags, path)
      log.debug(`python: served ${path} (${reply.tag}) in ${(performance.now() - started).toFixed(1)} ms`)
      return reply
    }
    const channel = await serveModules(child.stdio[3] as number, { ...server, get })
    channel.send(server.bootCode())
    const known = knownModules(options)
    server.prepare(known.paths)
    await child.exited
    // Code compiled last reaches us as the interpreter exits.
    if (cache) await channel.drained(DRAIN_MS)
    channel.close()
    known.update(server.imported())
    cache?.finish()
    log.debug(`python: ${interpreter.path} ended with ${child.signalCode ?? `exit code ${child.exitCode}`}`)
    return childOutcome(child.signalCode, child.exitCode)
  } finally {
    unrelay()
  }
}

/**
 * The resolution layer: the φ modules the previous run of the same entry imported, read and
 * looked up while the interpreter starts and pushed to it before it asks (one exchange with
 * the parent costs ~0.3 ms here, three hundred of them most of a warm run).
 */
function knownModules(options: RunOptions): { paths: string[]; update(imported: ReturnType<ModuleServer['imported']>): void } {
  const { cache, entry, interpreter, cwd } = options
  const store = cache?.disk('resolution', RESOLUTION_KIND)
  if (!cache || !store) return { paths: [], update() {} }
  const key = contentKey([ENGINE, RESOLUTION_KIND, bytecodeKind(interpreter), entry.path, entry.module ?? '', cwd], '')
  const stored = store.get(key)
  let paths: string[] = []
  try {
    if (stored) paths = JSON.parse(new TextDecoder().decode(stored.body)) as string[]
  } catch {
    // A damaged entry is a miss: the paths are resolved again and stored anew.
  }
  return {
    paths,
    update({ paths: now, pushedAndUsed, requested }) {
      cache.counts.resolution.hits += pushedAndUsed
      cache.counts.resolution.misses += requested
      if (now.length !== paths.length || now.some((p, i) => p !== paths[i])) store.put(key, new TextEncoder().encode(JSON.stringify(now)))
    },
  }
}

function spawn(start: PythonStart, ownGroup: boolean): Bun.Subprocess<'inherit', 'inherit', 'inherit'> {
  const { entry, interpreter, inline } = start
  const store = start.store ? '1' : '0'
  const suffixes = start.suffixes.join('/')
  const folder = pythonPackageFolder() ?? ''
  // -c and -: sys.argv[0] is the name, sys.path[0] '' (the working directory), the program its own text.
  const place = inline ? [inline.name, suffixes, '', 'code', store, folder, inline.code]
    : [entry.module ?? '', suffixes, pathZero(entry), entry.kind, store, folder, entry.path]
  const cmd = [interpreter.path, '-c', ownGroup ? guardedStub(process.pid) : STUB, loader, bootstrap, importerErrors, ...place, ...start.args]
  // Interpreters the program starts convert φ through this same executable (the package's channel).
  const env = COMPILED ? { ...utf8Locale(), PHICODE_BIN: process.execPath } : utf8Locale()
  try {
    return Bun.spawn(cmd, { cwd: start.cwd, env, stdio: ['inherit', 'inherit', 'inherit', 'socket-fd'], detached: ownGroup }) as Bun.Subprocess<'inherit', 'inherit', 'inherit'>
  } catch (error) {
    throw new PhicodeError(`cannot start ${interpreter.path}: ${(error as Error).message}`, EXIT.UNAVAILABLE, { cause: error })
  }
}

/** The bytecode cache's kind for an interpreter: `comφled_<implementation>_<major><minor>`, e.g. `comφled_cpython_311`. */
export function bytecodeKind(interpreter: Interpreter): string {
  const [major = '0', minor = '0'] = (interpreter.languageVersion ?? interpreter.version).split('.')
  return `comφled_${interpreter.kind}_${major}${minor}`
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
  return entry.module && entry.base ? entry.base : dirname(realpathSync(entry.path))
}
