import { realpathSync } from 'node:fs'
import { dirname } from 'node:path'
import { contentKey, digestHex } from '../../cache/digest'
import { ENGINE } from '../../cache/engine'
import { RESOLUTION_KIND } from '../../cache/run-cache'
import type { LoadedConfig } from '../../config/types'
import { EXIT, PhicodeError } from '../../errors'
import { PHI_EXTENSIONS } from '../../kinds'
import { log } from '../../util/log'
import type { Interpreter, ResolvedEntry, RunOptions, RunOutcome } from '../types'
import bootstrap from './bootstrap.py' with { type: 'text' }
import bootstrapErrors from './bootstrap_errors.py' with { type: 'text' }
import loader from './loader.py' with { type: 'text' }
import { serveModules } from './_channel'
import { createModuleServer, type ModuleServer } from './_modules'
import { relaySignals } from '../../util/signals'
import { childOutcome } from '../outcome'

/** Runs the loader in a private namespace under a filename its tracebacks can be told by. */
const STUB = "exec(compile(__import__('sys').argv[1],'<phicode>','exec'),{'__name__':'_phicode'})"


/** How long compiled code still on its way from an exited interpreter is waited for. */
const DRAIN_MS = 200

/**
 * Runs a python-dialect φ entry or a `.py` entry on `options.interpreter` as `python3 x.py`
 * (or `python3 -m x`, when the entry was named as a module) would, transpiling φ modules for it.
 */
export async function runPython(options: RunOptions): Promise<RunOutcome> {
  const { entry, interpreter, cache } = options
  let pid: number | undefined
  const unrelay = relaySignals(() => pid)
  try {
    const child = spawn(options)
    pid = child.pid
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

function spawn(options: RunOptions) {
  const { entry, interpreter } = options
  const store = options.cache?.disk('bytecode', bytecodeKind(interpreter)) ? '1' : '0'
  const { inline } = options
  // -c and -: sys.argv[0] is the name, sys.path[0] '' (the working directory), the program its own text.
  const place = inline ? [inline.name, phiSuffixes(options.config).join('/'), '', 'code', store, inline.code]
    : [entry.module ?? '', phiSuffixes(options.config).join('/'), pathZero(entry), entry.kind, store, entry.path]
  const cmd = [interpreter.path, '-c', STUB, loader, bootstrap, bootstrapErrors, ...place, ...options.args]
  try {
    return Bun.spawn(cmd, { cwd: options.cwd, stdio: ['inherit', 'inherit', 'inherit', 'socket-fd'] })
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
function phiSuffixes(config: LoadedConfig): string[] {
  const own = config.config.file_extension
  return PHI_EXTENSIONS.includes(own as never) ? [...PHI_EXTENSIONS] : [own, ...PHI_EXTENSIONS]
}

/**
 * sys.path[0] as python3 sets it: the script's real directory, or for `-m pkg.mod` the
 * directory the dotted name is found from (the working directory, for python3 itself).
 */
function pathZero(entry: ResolvedEntry): string {
  return entry.module && entry.base ? entry.base : dirname(realpathSync(entry.path))
}
