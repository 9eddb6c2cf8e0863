import { accessSync, constants, readdirSync, readFileSync, statSync, type Stats } from 'node:fs'
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path'
import { findProjectRoot } from '../config/root'
import type { LoadedConfig } from '../config/types'
import { EXIT, PhicodeError, systemError } from '../errors'
import { isEmbeddedPath } from '../util/self'
import { decideDialect, kindOf, phiExtensions as phiExtensionsOf, type DialectDecision } from '../kinds'
import { dialectPragma } from '../transpile/dialect'
import { decodeSource } from '../transpile/source'
import type { Dialect } from '../transpile/types'
import type { EntryKind, ResolvedEntry } from './types'
import { noteProbe } from '../util/probes'

const DEFAULT_MODULE = 'main'

/** Plain extensions tried for a module name after the φ ones, in order. */
const MODULE_NAME_EXTENSIONS = ['.py', '.ts', '.tsx', '.js', '.mjs']
const SKIPPED_FOLDERS = new Set(['node_modules', '__pycache__', 'venv', 'dist', 'build', 'site-packages'])
const DOTTED_NAME = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u

export interface ResolveRequest {
  /** What the user typed; `main` when nothing. */
  spec: string | undefined
  cwd: string
  config: LoadedConfig
  /** The dialect an interpreter flag implies (`--pypy` ⇒ python, `--node` ⇒ typescript). */
  flagDialect?: Dialect
  /** `-m`: `spec` is a Python module name, run as `python -m` runs it. */
  pythonModule?: boolean
}

function phiExtensions(config: LoadedConfig): string[] {
  return phiExtensionsOf(config.config.file_extension)
}

/** A path, or a module name looked up in the working directory, the project root, then φ source folders. */
export function resolveEntry(req: ResolveRequest): ResolvedEntry {
  const spec = req.spec ?? DEFAULT_MODULE
  if (req.pythonModule) return resolvePythonModule(spec, req)
  // phicode's own embedded files exist only inside the binary: never a user's module.
  if (isEmbeddedPath(spec)) throw new PhicodeError(`${spec}: a file inside the phicode binary, not a module to run`, EXIT.NOT_FOUND)
  const located = looksLikePath(spec, req.config) ? findByPath(spec, req) : findByName(spec, req)
  checkReadable(located.path)
  noteProbe(located.path, 'content')
  // A file with an unknown extension runs as φ: plain code passes the transpiler untouched.
  const kind = entryKind(located.path, req.config) ?? 'phi'
  const decision = dialectOf(located.path, kind, req)
  return {
    path: located.path,
    kind,
    dialect: decision.dialect,
    decision,
    root: findProjectRoot(dirname(located.path)),
    ...(located.module ? { module: located.module, base: located.base } : {}),
  }
}

interface Located {
  path: string
  module?: string
  base?: string
}

function looksLikePath(spec: string, config: LoadedConfig): boolean {
  return isAbsolute(spec) || spec.includes('/') || spec.includes('\\') || spec.startsWith('.') ||
    entryKind(spec, config) !== undefined || !DOTTED_NAME.test(spec)
}

const entryKind = (path: string, config: LoadedConfig): EntryKind | undefined => kindOf(path, phiExtensions(config))?.kind

function statOrUndefined(path: string): Stats | undefined {
  noteProbe(path)
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}

function findByPath(spec: string, req: ResolveRequest): Located {
  const path = resolve(req.cwd, spec)
  const stats = statOrUndefined(path)
  if (stats?.isFile()) return { path }
  if (stats?.isDirectory()) {
    const main = firstFile(mainCandidates(path, req.config))
    if (main) return { path: main }
    throw new PhicodeError(`${path}: is a directory with no __main__ module to run`, EXIT.IS_DIRECTORY)
  }
  if (!extname(path)) {
    const found = firstFile(candidates(path, req.config))
    if (found) return { path: found }
  }
  throw new PhicodeError(`${spec}: no such file`, EXIT.NOT_FOUND)
}

function findByName(spec: string, req: ResolveRequest): Located {
  const relative = spec.split('.').join('/')
  const bases = searchBases(req)
  for (const base of bases) {
    const file = firstFile(candidates(join(base, relative), req.config))
    if (file) return spec.includes('.') ? { path: file, module: spec, base } : { path: file }
    const main = firstFile(mainCandidates(join(base, relative), req.config))
    if (main) return { path: main, module: `${spec}.__main__`, base }
  }
  const directory = bases.map((b) => join(b, relative)).find((d) => statOrUndefined(d)?.isDirectory())
  if (directory) throw new PhicodeError(`${directory}: is a directory with no __main__ module to run`, EXIT.IS_DIRECTORY)
  const looked = bases.map((b) => b.replace(req.cwd, '.') || '.').join(', ')
  throw new PhicodeError(`module '${spec}' not found (looked for ${relative}.φ/.py/.ts/… in ${looked})`, EXIT.NOT_FOUND)
}

/**
 * `-m name`, as `python -m name` finds it: a φ or `.py` module, or a package's `__main__`, under
 * the working directory (the first `sys.path` entry); else a module the interpreter imports
 * from its own path (`installed`), which it reports itself when it has none of that name.
 */
function resolvePythonModule(name: string, req: ResolveRequest): ResolvedEntry {
  if (!DOTTED_NAME.test(name)) throw new PhicodeError(`-m ${name}: not a module name (dotted Python identifiers, e.g. pkg.tool)`, EXIT.USAGE)
  const base = resolve(req.cwd)
  const stem = join(base, name.split('.').join('/'))
  const exts = [...phiExtensions(req.config), '.py']
  const file = firstFile(exts.map((ext) => stem + ext))
  const path = file ?? firstFile(mainCandidates(stem, req.config))
  if (path === undefined) return installedModule(name, base)
  const kind = entryKind(path, req.config) ?? 'phi'
  return {
    path,
    kind,
    dialect: 'python',
    decision: dialectOf(path, kind, { ...req, flagDialect: 'python' }),
    root: findProjectRoot(dirname(path)),
    module: file ? name : `${name}.__main__`,
    base,
  }
}

/** A module no file of the project holds: the interpreter finds it on its own path (an installed tool: pytest, http.server). */
function installedModule(name: string, base: string): ResolvedEntry {
  return { path: join(base, name), kind: 'python', dialect: 'python', decision: { dialect: 'python', by: 'extension' }, root: findProjectRoot(base), module: name, base, installed: true }
}

/**
 * `phicode name` where no file of that name exists: an importable module of the interpreter's,
 * run as `-m` runs it (the caller checks that it is importable).
 */
export function installedFallback(spec: string | undefined, cwd: string): ResolvedEntry | undefined {
  return spec !== undefined && DOTTED_NAME.test(spec) ? installedModule(spec, resolve(cwd)) : undefined
}

const candidates = (stem: string, config: LoadedConfig): string[] =>
  [...phiExtensions(config), ...MODULE_NAME_EXTENSIONS].map((ext) => stem + ext)

const mainCandidates = (dir: string, config: LoadedConfig): string[] =>
  [...phiExtensions(config), '.py'].map((ext) => join(dir, '__main__' + ext))

function firstFile(paths: string[]): string | undefined {
  return paths.find((p) => statOrUndefined(p)?.isFile())
}

/** The working directory, the project root, then the root's folders that hold φ files. */
function searchBases(req: ResolveRequest): string[] {
  const bases = [resolve(req.cwd), req.config.root]
  const exts = phiExtensions(req.config)
  let entries: string[] = []
  try {
    noteProbe(req.config.root, 'listing')
    entries = readdirSync(req.config.root).sort()
  } catch {
    // An unreadable root adds no folders to search; the working directory and root still are.
  }
  for (const name of entries) {
    if (name.startsWith('.') || SKIPPED_FOLDERS.has(name)) continue
    const dir = join(req.config.root, name)
    try {
      noteProbe(dir, 'listing')
      if (statSync(dir).isDirectory() && readdirSync(dir).some((f) => exts.includes(extname(f)))) bases.push(dir)
    } catch {
      // An entry that vanished or cannot be read is not searched.
    }
  }
  return [...new Set(bases)]
}

function checkReadable(path: string): void {
  try {
    accessSync(path, constants.R_OK)
  } catch (error) {
    throw systemError(path, error, { exit: EXIT.NO_PERMISSION, doing: 'cannot be read' })
  }
}

/**
 * The dialect of an entry: the extension for plain files; for φ files see `decideDialect`. A
 * pragma that contradicts the flag is an error: the file says it cannot run there.
 */
function dialectOf(path: string, kind: EntryKind, req: ResolveRequest): DialectDecision {
  const own = kind === 'phi' ? undefined : kindOf(path)?.dialect
  if (own) {
    if (req.flagDialect && req.flagDialect !== own) throw mismatch(path, own, req.flagDialect)
    return { dialect: own, by: 'extension' }
  }
  const source = decodeSource(readFileSync(path)).text
  const pragma = dialectPragma(source)
  if (req.flagDialect && pragma && pragma !== req.flagDialect) throw mismatch(path, pragma, req.flagDialect)
  return decideDialect({ source, dir: dirname(path), flag: req.flagDialect, configured: req.config.config.language })
}

function mismatch(path: string, dialect: Dialect, wanted: Dialect): PhicodeError {
  const runs = wanted === 'python' ? 'a Python interpreter' : 'Bun or Node'
  return new PhicodeError(`${basename(path)} is ${dialect} code; it cannot run on ${runs}`, EXIT.DIALECT_MISMATCH)
}
