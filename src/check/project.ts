import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { loadConfig } from '../config/load'
import type { LoadedConfig } from '../config/types'
import { walkTree } from '../convert/walk'
import { decideDialect, isPhiPath, PHI_KIND, phiExtensions } from '../kinds'
import { phiColumn } from '../transpile/columns'
import { convert } from '../transpile/convert'
import { TranspileError } from '../transpile/error'
import { decodeSource } from '../transpile/source'
import { scanImports } from '../transpile/specifiers'
import type { Dialect } from '../transpile/types'
import type { PhiModule, Position } from './types'

/**
 * A checker's view of the files: φ modules' converted code under their virtual names, anything
 * else left to the disk (`undefined`). The shape of TypeScript 7's API `fs` option; a
 * TypeScript 5 CompilerHost wraps it in a few lines (try these first, then `ts.sys`).
 */
export interface VirtualFiles {
  fileExists(path: string): boolean | undefined
  readFile(path: string): string | undefined
  directoryExists(path: string): boolean | undefined
  getAccessibleEntries(dir: string): { files: string[]; directories: string[] } | undefined
}

/** The φ files of one project and dialect, as a checker or a language server reads them. */
export interface PhiProject {
  root: string
  dialect: Dialect
  config: LoadedConfig
  modules: PhiModule[]
  /** The module of a φ path or of its virtual path. */
  module(path: string): PhiModule | undefined
  /** A position a checker reported (virtual path, converted column) in the φ file; plain files unchanged. */
  toPhi(position: Position): Position
  /** Converts a module again from new text (an editor's unsaved buffer); adds it when new. */
  update(path: string, phi: string): PhiModule
  files: VirtualFiles
}

export interface PhiProjectOptions {
  root: string
  dialect: Dialect
  env?: Record<string, string | undefined>
}

/**
 * Every φ file under `root` (as `--convert` walks a tree: .gitignore honoured, dependencies and
 * caches skipped) whose dialect is `dialect`, converted. A typescript module's virtual name is
 * `x.φ.tsx` beside `x.φ` (φ files are TSX, as at run time): TypeScript resolves `import './x.φ'` to it by appending `.tsx`, and
 * extensionless imports of φ modules (`./x`) are rewritten to name the φ file, as at run time.
 * A python module's is `x.py`, the name `import x` finds.
 */
export function loadPhiProject(options: PhiProjectOptions): PhiProject {
  const root = resolve(options.root)
  const config = loadConfig(root, options.env)
  const extensions = phiExtensions([config.config.file_extension])
  const byPath = new Map<string, PhiModule>()
  const byVirtual = new Map<string, PhiModule>()
  const add = (module: PhiModule): PhiModule => {
    byPath.set(module.path, module)
    byVirtual.set(module.virtualPath, module)
    return module
  }
  const paths = walkTree(root).files.filter((path) => isPhiPath(path, extensions))
  const exists = (path: string) => byPath.has(path) || paths.includes(path)
  for (const path of paths) {
    const phi = decodeSource(readFileSync(path)).text
    const dialect = decideDialect({ source: phi, dir: dirname(path), configured: config.config.language }).dialect
    if (dialect === options.dialect) add(convertModule(path, phi, dialect, config, extensions, exists))
  }
  const project: PhiProject = {
    root,
    dialect: options.dialect,
    config,
    get modules() {
      return [...byPath.values()]
    },
    module: (path) => byPath.get(path) ?? byVirtual.get(path),
    toPhi(position) {
      const module = byVirtual.get(position.path)
      if (!module) return position
      const column = phiColumn(lineOf(module.phi, position.line), lineOf(module.code, position.line), position.column, module.table)
      return { path: module.path, line: position.line, column }
    },
    update(path, phi) {
      const old = byPath.get(path)
      if (old) byVirtual.delete(old.virtualPath)
      return add(convertModule(path, phi, options.dialect, config, extensions, exists))
    },
    files: virtualFiles(byVirtual),
  }
  return project
}

const lineOf = (text: string, line: number): string => text.split('\n')[line - 1] ?? ''

function virtualPathOf(path: string, dialect: Dialect): string {
  if (dialect === 'typescript') return `${path}.tsx`
  return join(dirname(path), `${basename(path, extname(path))}.py`)
}

function convertModule(
  path: string,
  phi: string,
  dialect: Dialect,
  config: LoadedConfig,
  extensions: string[],
  exists: (path: string) => boolean,
): PhiModule {
  const table = config.tables[dialect]
  const base = { path, virtualPath: virtualPathOf(path, dialect), dialect, phi, table }
  try {
    const code = dialect === 'typescript'
      ? convertTypescript(path, phi, config, extensions, exists)
      : convert(phi, 'forward', { dialect, table, filename: path }).code
    return { ...base, code }
  } catch (error) {
    if (!(error instanceof TranspileError)) throw error
    return { ...base, code: '', error: { line: error.line, column: error.column, message: error.reason } }
  }
}

/** The module converted, with `./x` naming a φ module rewritten to `./x.φ` (lines stay; the line's later columns shift by the added text). */
function convertTypescript(path: string, phi: string, config: LoadedConfig, extensions: string[], exists: (path: string) => boolean): string {
  const table = config.tables.typescript
  const { code, specifiers } = scanImports(phi, { table, jsx: PHI_KIND.jsx, filename: path })
  const dir = dirname(path)
  const edits: Array<{ start: number; end: number; text: string }> = []
  for (const { value, start, end } of specifiers) {
    if (!value.startsWith('./') && !value.startsWith('../')) continue
    const target = resolve(dir, value)
    const ext = extensions.find((e) => exists(target + e))
    if (ext && !existsSync(target) && !existsSync(`${target}.ts`)) edits.push({ start, end, text: value + ext })
  }
  if (edits.length === 0) return code
  let source = phi
  for (const e of edits.reverse()) source = source.slice(0, e.start) + e.text + source.slice(e.end)
  return scanImports(source, { table, jsx: PHI_KIND.jsx, filename: path }).code
}

function virtualFiles(byVirtual: Map<string, PhiModule>): VirtualFiles {
  const served = (path: string) => {
    const module = byVirtual.get(path)
    return module && module.error === undefined ? module : undefined
  }
  return {
    fileExists: (path) => (served(path) ? true : undefined),
    readFile: (path) => served(path)?.code,
    directoryExists: () => undefined,
    getAccessibleEntries(dir) {
      const extra = [...byVirtual.keys()].filter((p) => dirname(p) === dir && served(p)).map((p) => basename(p))
      if (extra.length === 0) return undefined
      const files: string[] = []
      const directories: string[] = []
      for (const name of readdirSync(dir)) {
        try {
          ;(statSync(join(dir, name)).isDirectory() ? directories : files).push(name)
        } catch {
          // A dangling entry is neither.
        }
      }
      return { files: [...new Set([...files, ...extra])], directories }
    },
  }
}
