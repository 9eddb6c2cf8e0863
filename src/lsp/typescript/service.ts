import { readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import ts from 'typescript6'
import { loadConfig } from '../../config/load'
import { phiExtensions } from '../../kinds/extensions'
import { convert } from '../../transpile/convert'
import type { SymbolTable } from '../../transpile/types'
import { LIB_FILES } from './_libs.js'

/**
 * TypeScript's language service over a project of φ and plain files. A φ file `a.φ` is the
 * TSX file `a.φ.tsx` to TypeScript, its text the converted code; imports of φ files
 * (`./a`, `./a.φ`) resolve to those names. Everything here speaks converted-code offsets: the
 * caller maps positions (see ../positions.ts). Kept apart from the LSP so `--check` can share it.
 */

/** Where TypeScript believes its lib files are; reads there are answered from `LIB_FILES`. */
const LIB_DIR = '/$phicode-typescript-lib'
const VIRTUAL = '.tsx'
const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'out'])
const MAX_ROOTS = 2000

export interface PhiSource {
  /** The φ text and its converted code. */
  phi: string
  code: string
  table: SymbolTable
  version: string
}

function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false
  } catch {
    return false
  }
}

export class TypeProject {
  readonly service: ts.LanguageService
  readonly #root: string
  readonly #extensions: string[]
  readonly #open = new Map<string, PhiSource>()
  readonly #disk = new Map<string, PhiSource & { mtime: number }>()
  readonly #roots: Set<string>
  readonly #options: ts.CompilerOptions
  #cancelled: () => boolean = () => false

  constructor(root: string) {
    this.#root = root
    this.#extensions = phiExtensions(loadConfig(root).config.file_extension)
    this.#options = this.#compilerOptions()
    this.#roots = new Set(this.#scan(root, []).map((p) => p + VIRTUAL))
    this.service = ts.createLanguageService(this.#host(), ts.createDocumentRegistry())
  }

  /** The TypeScript name of a φ file. */
  static virtualName = (phiPath: string): string => phiPath + VIRTUAL

  /** The φ file behind a TypeScript name, if it is one of ours. */
  phiPathOf(fileName: string): string | undefined {
    if (!fileName.endsWith(VIRTUAL)) return undefined
    const path = fileName.slice(0, -VIRTUAL.length)
    return this.#isPhi(path) ? path : undefined
  }

  /** The φ text and code TypeScript sees for a φ file. */
  sourceOf(phiPath: string): PhiSource | undefined {
    return this.#open.get(phiPath) ?? this.#fromDisk(phiPath)
  }

  setOpen(phiPath: string, source: PhiSource): void {
    this.#open.set(phiPath, source)
    this.#roots.add(phiPath + VIRTUAL)
  }

  close(phiPath: string): void {
    this.#open.delete(phiPath)
  }

  /** Runs `fn` with a cancellation check TypeScript polls (it then throws `OperationCanceledException`). */
  withCancellation<T>(cancelled: () => boolean, fn: () => T): T {
    this.#cancelled = cancelled
    try {
      return fn()
    } finally {
      this.#cancelled = () => false
    }
  }

  /** A line/character of a TypeScript file (φ or plain): the converted code's for φ. */
  lineAndCharacter(fileName: string, offset: number): ts.LineAndCharacter | undefined {
    return this.service.getProgram()?.getSourceFile(fileName)?.getLineAndCharacterOfPosition(offset)
  }

  #isPhi(path: string): boolean {
    return this.#extensions.some((ext) => path.endsWith(ext))
  }

  #compilerOptions(): ts.CompilerOptions {
    const defaults: ts.CompilerOptions = {
      target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
      jsx: ts.JsxEmit.Preserve, allowJs: true, noEmit: true, allowImportingTsExtensions: true, skipLibCheck: true,
    }
    const file = ts.findConfigFile(this.#root, (p) => isFile(p))
    if (!file) return defaults
    const read = ts.readConfigFile(file, (p) => readFileSync(p, 'utf8'))
    if (read.error) return defaults
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(file))
    return { ...defaults, ...parsed.options, noEmit: true }
  }

  /** φ files of the project, so references and renames reach files no editor has open. */
  #scan(dir: string, found: string[]): string[] {
    let entries: import('node:fs').Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return found
    }
    for (const e of entries) {
      if (found.length >= MAX_ROOTS) break
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) this.#scan(join(dir, e.name), found)
      } else if (this.#isPhi(e.name)) found.push(join(dir, e.name))
    }
    return found
  }

  #fromDisk(phiPath: string): PhiSource | undefined {
    let mtime: number
    try {
      mtime = statSync(phiPath).mtimeMs
    } catch {
      return undefined
    }
    const known = this.#disk.get(phiPath)
    if (known?.mtime === mtime) return known
    const phi = readFileSync(phiPath, 'utf8')
    const table = loadConfig(dirname(phiPath)).tables.typescript
    let code: string
    try {
      code = convert(phi, 'forward', { table, jsx: true, filename: phiPath }).code
    } catch {
      // A broken φ file on disk reads as its φ text: TypeScript then reports what it can.
      code = phi
    }
    const source = { phi, code, table, version: `disk:${mtime}`, mtime }
    this.#disk.set(phiPath, source)
    return source
  }

  #readFile(fileName: string): string | undefined {
    if (fileName.startsWith(LIB_DIR)) {
      const lib = LIB_FILES[fileName.slice(LIB_DIR.length + 1)]
      return lib === undefined ? undefined : readFileSync(lib, 'utf8')
    }
    const phi = this.phiPathOf(fileName)
    if (phi) return this.sourceOf(phi)?.code
    try {
      return readFileSync(fileName, 'utf8')
    } catch {
      return undefined
    }
  }

  #fileExists(fileName: string): boolean {
    if (fileName.startsWith(LIB_DIR)) return LIB_FILES[fileName.slice(LIB_DIR.length + 1)] !== undefined
    const phi = this.phiPathOf(fileName)
    if (phi) return this.#open.has(phi) || isFile(phi)
    return isFile(fileName)
  }

  /** A relative specifier naming a φ file, with or without its extension (`./lib`, `./lib.φ`, `./dir`). */
  #phiImport(specifier: string, fromDir: string): string | undefined {
    if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined
    const base = resolve(fromDir, specifier)
    const exists = (p: string) => this.#open.has(p) || isFile(p)
    if (this.#isPhi(base) && exists(base)) return base
    for (const ext of this.#extensions) if (exists(base + ext)) return base + ext
    for (const ext of this.#extensions) if (exists(join(base, `index${ext}`))) return join(base, `index${ext}`)
    return undefined
  }

  #host(): ts.LanguageServiceHost {
    const moduleHost: ts.ModuleResolutionHost = {
      fileExists: (f) => this.#fileExists(f),
      readFile: (f) => this.#readFile(f),
      directoryExists: (d) => ts.sys.directoryExists(d),
      realpath: (p) => (p.startsWith(LIB_DIR) ? p : ts.sys.realpath?.(p) ?? p),
      getCurrentDirectory: () => this.#root,
    }
    return {
      ...moduleHost,
      getCurrentDirectory: () => this.#root,
      getCompilationSettings: () => this.#options,
      getScriptFileNames: () => [...this.#roots],
      getScriptVersion: (f) => {
        const phi = this.phiPathOf(f)
        if (phi) return this.sourceOf(phi)?.version ?? '0'
        try {
          return String(statSync(f).mtimeMs)
        } catch {
          return '0'
        }
      },
      getScriptSnapshot: (f) => {
        const text = this.#readFile(f)
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text)
      },
      getScriptKind: (f) => (this.phiPathOf(f) ? ts.ScriptKind.TSX : ts.ScriptKind.Unknown),
      getDefaultLibFileName: (o) => `${LIB_DIR}/${ts.getDefaultLibFileName(o)}`,
      readDirectory: ts.sys.readDirectory,
      getDirectories: ts.sys.getDirectories,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
      getCancellationToken: () => ({ isCancellationRequested: () => this.#cancelled() }),
      resolveModuleNameLiterals: (literals, containingFile, redirected, options) =>
        literals.map((literal) => {
          const phi = this.#phiImport(literal.text, dirname(containingFile))
          if (phi) return { resolvedModule: { resolvedFileName: phi + VIRTUAL, extension: ts.Extension.Tsx, isExternalLibraryImport: false } }
          return ts.resolveModuleName(literal.text, containingFile, options, moduleHost, undefined, redirected)
        }),
    }
  }
}
