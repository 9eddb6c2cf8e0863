import { dirname } from 'node:path'
import { loadConfig } from '../config/load'
import { resolveEntry } from '../runtime/resolve'
import { dialectOfFlags, type InterpreterFlags } from '../runtime/select'
import { checkName, nameFromEntry } from './names'
import { DEFAULTS, backoffUnitFromEnv } from './policy'
import type { DaemonSpec } from './types'
import { homeDir } from '../util/os'

export interface SpecRequest {
  module?: string
  args: string[]
  cwd: string
  interpreter: InterpreterFlags
  bypass?: boolean
  debug?: boolean
  name?: string
  maxRestarts?: number
  graceMs?: number
  stableMs?: number
  startupGraceMs?: number
  watch?: boolean
  logMaxBytes?: number
  logFiles?: number
  /** The app's environment; default: this process's. */
  env?: Record<string, string>
}

const definedEnv = (env: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined))

/** The phicode flags that change how the app runs, passed on to every start of it. */
function passedFlags(req: SpecRequest): string[] {
  const { python, cpython, pypy, node, bun, interpreter } = req.interpreter
  return [
    ...(python ? ['--python'] : []),
    ...(cpython ? ['--cpython'] : []),
    ...(pypy ? ['--pypy'] : []),
    ...(node ? ['--node'] : []),
    ...(bun ? ['--bun'] : []),
    ...(interpreter ? ['--interpreter', interpreter] : []),
    ...(req.bypass ? ['--bypass'] : []),
    ...(req.debug ? ['--debug'] : []),
  ]
}

/**
 * The project the entry belongs to, for `--watch`; its own folder when the root would be the
 * home directory or `/` (no project marker found above the working directory).
 */
function watchRoot(root: string, entry: string): string {
  return root === homeDir() || root === dirname(root) ? dirname(entry) : root
}

/**
 * Resolves the module now, so a typo fails here with its usual message rather than as a crash
 * loop in the background, and fixes everything the supervisor needs.
 */
export function buildSpec(req: SpecRequest): DaemonSpec {
  const name = req.name === undefined ? undefined : checkName(req.name)
  const config = loadConfig(req.cwd)
  const entry = resolveEntry({ spec: req.module, cwd: req.cwd, config, flagDialect: dialectOfFlags(req.interpreter, undefined) })
  return {
    name: name ?? nameFromEntry(entry.path),
    module: req.module,
    entry: entry.path,
    args: req.args,
    flags: passedFlags(req),
    cwd: req.cwd,
    maxRestarts: req.maxRestarts ?? DEFAULTS.maxRestarts,
    graceMs: req.graceMs ?? DEFAULTS.graceMs,
    stableMs: req.stableMs ?? DEFAULTS.stableMs,
    startupGraceMs: req.startupGraceMs ?? DEFAULTS.startupGraceMs,
    backoffUnitMs: backoffUnitFromEnv(),
    watch: req.watch ? watchRoot(entry.root, entry.path) : undefined,
    logMaxBytes: req.logMaxBytes ?? DEFAULTS.logMaxBytes,
    logFiles: req.logFiles ?? DEFAULTS.logFiles,
    env: req.env ?? definedEnv(process.env),
  }
}
