import { dirname, join } from 'node:path'
import { openCache, type RunCache } from '../../cache'
import { contentKey, digestHex } from '../../cache/digest'
import { ENGINE } from '../../cache/engine'
import { RESOLUTION_KIND } from '../../cache/run-cache'
import { loadConfig } from '../../config/load'
import type { LoadedConfig } from '../../config/types'
import { writeFileAtomicSync } from '../../util/atomic-write'
import { log } from '../../util/log'
import { notingWhile, witnessesOf, type Witness } from '../../util/probes'
import type { Interpreter, ResolvedEntry, RunOptions, RunOutcome } from '../types'
import { channelDone, serveModules, unaskedFrames, type Requests } from './_channel'
import { createModuleServer, type ModuleServer } from './_modules'
import { keepOpening } from './opening'
import { childOutcome } from '../outcome'
import bootstrapRun from './bootstrap.py' with { type: 'text' }
import { importer, importerErrors, pythonPackageFolder } from './package'
import { bytecodeKind, loader, phiSuffixes, startPython, type PythonStart, type StartedPython } from './start'

/** The bootstrap: the import hook it shares with the `phicode` package, then its own part. */
export const bootstrap = `${importer}\n${bootstrapRun}`

/** The key of the bootstrap's compiled code in the bytecode layer. */
const BOOT_KEY = `boot.${digestHex(loader, bootstrap)}`

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
  const { child, unrelay, loaderCode } = started ?? startPython(pythonStart(options))
  try {
    // The caches load while the interpreter starts.
    const server = entryServer(entry, interpreter, options.config, cache)
    const get = (flags: number, path: string) => {
      const started = performance.now()
      const reply = server.get(flags, path)
      log.debug(`python: served ${path} (${reply.tag}) in ${(performance.now() - started).toFixed(1)} ms`)
      return reply
    }
    const channel = await serveModules(child.stdio[3] as number, { ...server, get, loader: (code) => keepLoader(loaderCode, code) })
    const sent: Uint8Array[] = []
    const send = (bytes: Uint8Array) => {
      sent.push(bytes)
      channel.send(bytes)
    }
    // What the loader reads first: the bootstrap's cached code (or nothing), its text, its error half's text.
    send(server.bootCode())
    send(Buffer.from(bootstrap))
    send(Buffer.from(importerErrors))
    // Found or written only now that the interpreter is starting (hashing the package's files
    // cost ~0.3 ms before the spawn); the bootstrap reads it before the pushed modules.
    const folder = pythonPackageFolder()
    send(Buffer.from(folder ?? ''))
    const known = knownModules(options)
    server.prepare(known.paths)
    // The second unasked message: the modules to push at the level the interpreter will most
    // likely run at, prefixed with that level. Built here, while the interpreter is still in
    // `site`, it waits in the socket: asking with H cost a round trip and the reply's building
    // (~3 ms for 200 modules). An interpreter at another level discards it and asks after all.
    const level = expectedOptimization(process.env.PYTHONOPTIMIZE)
    send(Buffer.concat([Buffer.from(String(level)), server.pushed(level)]))
    await channelDone(channel, child.exited, cache !== undefined)
    const imported = server.imported()
    known.update(imported)
    cache?.finish()
    // An interpreter that asked for nothing took everything from the opening: the next run of the plan may replay it.
    if (options.openingFile && channel.received === 0) {
      const witnesses = openingWitnesses(entry, imported.paths, folder)
      if (witnesses) keepOpening(options.openingFile, { kind: bytecodeKind(interpreter), witnesses, counts: cache?.counts, frames: unaskedFrames(sent) })
    }
    await child.exited
    log.debug(`python: ${interpreter.path} ended with ${child.signalCode ?? `exit code ${child.exitCode}`}`)
    return childOutcome(child.signalCode, child.exitCode)
  } finally {
    unrelay()
  }
}

/**
 * What an opening was made from that the interpreter cannot check itself (`opening.ts`): the
 * config lookups of the entry's folder and of every pushed module's, whose symbols converted them,
 * and the package folder. Undefined when a config no longer loads: no opening is kept then.
 */
function openingWitnesses(entry: ResolvedEntry, pushed: readonly string[], folder: string | undefined): Witness[] | undefined {
  try {
    const { read } = notingWhile(() => {
      for (const dir of new Set([dirname(entry.path), ...pushed.map((path) => dirname(path))])) loadConfig(dir)
    })
    if (folder) read.set(join(folder, 'phicode', '__init__.py'), 'exists')
    return witnessesOf(read)
  } catch {
    return undefined
  }
}

/**
 * The module server of a run that replayed its opening (`replay.ts`), made when its interpreter
 * first asks for something: only then are the entry project's config and cache opened.
 */
export function lateModuleServer(entry: ResolvedEntry, interpreter: Interpreter, loaderCode: string | undefined): { requests: Requests; cache: RunCache } {
  const config = loadConfig(dirname(entry.path))
  const cache = openCache(config.root)
  return { requests: { ...entryServer(entry, interpreter, config, cache), loader: (code) => keepLoader(loaderCode, code) }, cache }
}

/** The module server of a run of `entry`, each module converted with its own project's symbols. */
function entryServer(entry: ResolvedEntry, interpreter: Interpreter, config: LoadedConfig, cache: RunCache | undefined): ModuleServer {
  return createModuleServer({ entryDir: dirname(entry.path), entryConfig: config, cache, bytecodeKind: bytecodeKind(interpreter), bootKey: BOOT_KEY })
}

/**
 * The optimization level (0-2, as the bootstrap caps it) an interpreter started with this
 * PYTHONOPTIMIZE has: empty or unset 0, an integer that many, anything else 1 (CPython's rule).
 */
function expectedOptimization(value: string | undefined): number {
  if (!value) return 0
  return /^\d+$/.test(value) ? Math.min(Number(value), 2) : 1
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

/** The loader's code as the interpreter compiled it, for the next start (`loaderCodePath`). Best effort: without it the loader is compiled again. */
function keepLoader(path: string | undefined, code: Uint8Array): void {
  if (!path) return
  try {
    writeFileAtomicSync(path, code)
  } catch (error) {
    log.debug(`python: cannot keep the loader's code in ${path}: ${(error as Error).message}`)
  }
}
