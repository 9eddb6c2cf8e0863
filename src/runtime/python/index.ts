import { realpathSync } from 'node:fs'
import { dirname } from 'node:path'
import type { LoadedConfig } from '../../config/types'
import { EXIT, PhicodeError } from '../../errors'
import { log } from '../../util/log'
import type { ResolvedEntry, RunOptions, RunOutcome } from '../types'
import bootstrap from './bootstrap.py' with { type: 'text' }
import bootstrapErrors from './bootstrap_errors.py' with { type: 'text' }
import { serveModules } from './_channel'
import { createModuleTranspiler } from './_modules'
import { relaySignals } from './_signals'

/** Runs the bootstrap in a private namespace under a filename its tracebacks can be told by. */
const STUB = "exec(compile(__import__('sys').argv[1],'<phicode>','exec'),{'__name__':'_phicode'})"

const PHI_SUFFIXES = ['.φ', '.phi']

/**
 * Runs a python-dialect φ entry or a `.py` entry on `options.interpreter` as `python3 x.py`
 * (or `python3 -m x`, when the entry was named as a module) would, transpiling φ modules for it.
 */
export async function runPython(options: RunOptions): Promise<RunOutcome> {
  const { entry, interpreter } = options
  const transpile = createModuleTranspiler(dirname(entry.path), options.config)
  const answer = (path: string) => {
    const started = performance.now()
    const reply = transpile(path)
    log.debug(`python: converted ${path} (${reply.tag}) in ${(performance.now() - started).toFixed(1)} ms`)
    return reply
  }
  let pid: number | undefined
  const unrelay = relaySignals(() => pid)
  try {
    const child = spawn(options)
    pid = child.pid
    const socket = await serveModules(child.stdio[3] as number, answer)
    await child.exited
    socket.destroy()
    log.debug(`python: ${interpreter.path} ended with ${child.signalCode ?? `exit code ${child.exitCode}`}`)
    return outcome(child.signalCode, child.exitCode)
  } finally {
    unrelay()
  }
}

/** A signal without a name (real-time signals) is reported the way shells do: 128 + n. */
function outcome(signal: NodeJS.Signals | number | null, exitCode: number | null): RunOutcome {
  if (typeof signal === 'string') return { signal }
  if (typeof signal === 'number') return { exitCode: 128 + signal }
  return { exitCode: exitCode ?? 1 }
}

function spawn(options: RunOptions) {
  const { entry, interpreter } = options
  const cmd = [
    interpreter.path, '-c', STUB, bootstrap, bootstrapErrors,
    entry.module ?? '', phiSuffixes(options.config).join('/'), pathZero(entry), entry.kind, entry.path, ...options.args,
  ]
  try {
    return Bun.spawn(cmd, { cwd: options.cwd, stdio: ['inherit', 'inherit', 'inherit', 'socket-fd'] })
  } catch (error) {
    throw new PhicodeError(`cannot start ${interpreter.path}: ${(error as Error).message}`, EXIT.UNAVAILABLE)
  }
}

/** The suffixes the import hook loads as φ: the defaults and the project's own extension. */
function phiSuffixes(config: LoadedConfig): string[] {
  const own = config.config.file_extension
  return PHI_SUFFIXES.includes(own) ? PHI_SUFFIXES : [own, ...PHI_SUFFIXES]
}

/**
 * sys.path[0] as python3 sets it: the script's real directory, or for `-m pkg.mod` the
 * directory the dotted name is found from (the working directory, for python3 itself).
 */
function pathZero(entry: ResolvedEntry): string {
  return entry.module && entry.base ? entry.base : dirname(realpathSync(entry.path))
}
