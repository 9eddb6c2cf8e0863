import { readFileSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import type * as TS from 'typescript6'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { loadPhiProject, type PhiProject } from '../../check'
import type { Conversion } from '../types'
import type { Typescript } from './load'

/**
 * TypeScript's language service over a project of φ and plain files, on `--check`'s φ project
 * layer (src/check/project.ts): a φ module `a.φ` is `a.φ.tsx` to TypeScript (TSX, as Bun reads
 * φ files), its text the converted code, extensionless φ imports already named. Open
 * editors' texts replace the disk's. Speaks converted-code offsets; callers map positions with
 * `conversionOf` (../positions.ts).
 */
export class TypeProject {
  readonly ts: Typescript
  readonly service: TS.LanguageService
  readonly #root: string
  readonly #phi: PhiProject
  readonly #versions = new Map<string, number>()
  readonly #conversions = new Map<string, { version: number; conversion: Conversion }>()
  readonly #options: TS.CompilerOptions
  #cancelled: () => boolean = () => false

  constructor(ts: Typescript, root: string) {
    this.ts = ts
    this.#root = root
    this.#phi = loadPhiProject({ root, dialect: 'typescript' })
    this.#options = this.#compilerOptions()
    this.service = ts.createLanguageService(this.#host(), ts.createDocumentRegistry())
  }

  /** The TypeScript name of a φ file of this project. */
  virtualName(phiPath: string): string | undefined {
    return this.#phi.module(phiPath)?.virtualPath
  }

  /** The φ file behind a TypeScript name, if it is one of ours. */
  phiPathOf(fileName: string): string | undefined {
    const module = this.#phi.module(fileName)
    return module?.virtualPath === fileName ? module.path : undefined
  }

  /** A φ module's text and the code TypeScript reads, for mapping positions. */
  conversionOf(phiPath: string): Conversion | undefined {
    const module = this.#phi.module(phiPath)
    if (!module || module.error) return undefined
    const version = this.#versions.get(module.path) ?? 0
    const known = this.#conversions.get(module.path)
    if (known?.version === version) return known.conversion
    const conversion: Conversion = {
      phi: TextDocument.create('', 'phi', version, module.phi), code: TextDocument.create('', 'typescript', version, module.code), table: module.table,
    }
    this.#conversions.set(module.path, { version, conversion })
    return conversion
  }

  /**
   * An editor's text of a φ file, converted; TypeScript sees it from the next request on.
   * `again`: convert even an unchanged text (its imports may name φ files that appeared since).
   */
  update(phiPath: string, text: string, again = false): void {
    const module = this.#phi.module(phiPath)
    if (!again && module?.phi === text && !module.error) return
    this.#phi.update(phiPath, text)
    this.#versions.set(phiPath, (this.#versions.get(phiPath) ?? 0) + 1)
  }

  /** Back to the disk's text of a φ file an editor closed (unsaved edits are gone). */
  revert(phiPath: string): void {
    let text: string
    try {
      text = readFileSync(phiPath, 'utf8')
    } catch {
      return
    }
    this.update(phiPath, text)
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
  lineAndCharacter(fileName: string, offset: number): TS.LineAndCharacter | undefined {
    return this.service.getProgram()?.getSourceFile(fileName)?.getLineAndCharacterOfPosition(offset)
  }

  #compilerOptions(): TS.CompilerOptions {
    const ts = this.ts
    const defaults: TS.CompilerOptions = {
      target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.Preserve, moduleResolution: ts.ModuleResolutionKind.Bundler,
      jsx: ts.JsxEmit.ReactJSX, strict: true, noEmit: true, allowImportingTsExtensions: true, skipLibCheck: true,
    }
    const file = ts.findConfigFile(this.#root, (p) => ts.sys.fileExists(p))
    if (!file) return defaults
    const read = ts.readConfigFile(file, (p) => ts.sys.readFile(p))
    if (read.error) return defaults
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(file))
    return { ...defaults, ...parsed.options, noEmit: true }
  }

  #host(): TS.LanguageServiceHost {
    const { ts } = this
    const files = this.#phi.files
    return {
      getCurrentDirectory: () => this.#root,
      getCompilationSettings: () => this.#options,
      getScriptFileNames: () => this.#phi.modules.filter((m) => !m.error).map((m) => m.virtualPath),
      getScriptVersion: (f) => {
        const phi = this.phiPathOf(f)
        if (phi) return String(this.#versions.get(phi) ?? 0)
        try {
          return String(statSync(f).mtimeMs)
        } catch {
          return '0'
        }
      },
      getScriptSnapshot: (f) => {
        const text = files.readFile(f) ?? (ts.sys.fileExists(f) ? readFileSync(f, 'utf8') : undefined)
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text)
      },
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (f) => files.fileExists(f) ?? ts.sys.fileExists(f),
      readFile: (f) => files.readFile(f) ?? ts.sys.readFile(f),
      directoryExists: (d) => files.directoryExists(d) ?? ts.sys.directoryExists(d),
      getDirectories: ts.sys.getDirectories,
      readDirectory: ts.sys.readDirectory,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
      getCancellationToken: () => ({ isCancellationRequested: () => this.#cancelled() }),
    }
  }
}
