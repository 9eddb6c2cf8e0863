import { statSync } from 'node:fs'
import { dirname, resolve, sep } from 'node:path'
import { findProjectRoot } from '../config/root'
import { EXIT, PhicodeError } from '../errors'
import type { Dialect } from '../transpile/types'
import { log } from '../util/log'
import { loadPhiProject, type PhiProject } from './project'
import { checkPython, findPyright } from './python'
import type { CheckDiagnostic } from './types'
import { checkTypescript, typescriptCompiler } from './typescript'
export { typescriptCompiler } from './typescript'

export { loadPhiProject, type PhiProject, type PhiProjectOptions, type VirtualFiles } from './project'
// The language server loads TypeScript's API from the same places (src/lsp/typescript/_load.ts).
export { lazyTypescript } from './_fetch'
// The language server's pyright reads converted φ-Python from a shadow folder as --check's does.
export { fromShadow, removeShadow, writeShadow } from './_shadow'
export type { CheckDiagnostic, CheckerName, PhiModule, Position } from './types'

export interface CheckRequest {
  /** Files or folders whose diagnostics are reported; the working directory when empty. */
  paths: string[]
  cwd: string
  /** Only this dialect's φ modules. */
  dialect?: Dialect
  env: Record<string, string | undefined>
}

/** One checker run: which, and over how many φ modules. */
export interface CheckerRun {
  dialect: Dialect
  checker: 'typescript' | 'pyright'
  version?: string
  /** The project's own checker, phicode's copy of TypeScript, or a pyright on PATH. */
  from: 'project' | 'phicode' | 'path'
  modules: number
}

export interface CheckReport {
  root: string
  runs: CheckerRun[]
  /** Sorted by file, line, column. */
  diagnostics: CheckDiagnostic[]
}

const DIALECTS: Dialect[] = ['typescript', 'python']

/** A φ module that does not convert is a diagnostic of its own; the checker never sees it. */
function conversionErrors(project: PhiProject): CheckDiagnostic[] {
  return project.modules.flatMap((m) =>
    m.error ? [{ file: m.path, line: m.error.line, column: m.error.column, severity: 'error' as const, code: 'syntax', message: m.error.message, checker: 'phicode' as const }] : [],
  )
}

const progress = (message: string): void => {
  if (process.stderr.isTTY) log.info(message)
}

/**
 * Type-checks the φ code of the project holding the first path: φ-TypeScript with the project's
 * TypeScript (or phicode's copy) over the whole project, its tsconfig and plain files included;
 * φ-Python with pyright. Only diagnostics in the paths given are reported.
 */
export async function checkProject(req: CheckRequest): Promise<CheckReport> {
  const paths = (req.paths.length > 0 ? req.paths : ['.']).map((p) => resolve(req.cwd, p))
  for (const p of paths) if (!statSync(p, { throwIfNoEntry: false })) throw new PhicodeError(`${p}: no such file or directory`, EXIT.NOT_FOUND)
  const first = paths[0]!
  const root = findProjectRoot(statSync(first).isDirectory() ? first : dirname(first))
  const runs: CheckerRun[] = []
  const diagnostics: CheckDiagnostic[] = []
  for (const dialect of req.dialect ? [req.dialect] : DIALECTS) {
    const project = loadPhiProject({ root, dialect, env: req.env })
    if (project.modules.length === 0) continue
    diagnostics.push(...conversionErrors(project))
    if (dialect === 'typescript') {
      const compiler = await typescriptCompiler(root, req.env)
      progress(`checking ${project.modules.length} φ-TypeScript modules with TypeScript ${compiler.version}`)
      diagnostics.push(...(await checkTypescript(project, compiler)))
      runs.push({ dialect, checker: 'typescript', version: compiler.version, from: compiler.from, modules: project.modules.length })
    } else {
      const pyright = findPyright(root)
      if (!pyright) {
        throw new PhicodeError(
          'φ-Python is type-checked with pyright, and none is here: npm install -D pyright in the project (or put pyright on PATH); ' +
            '--dialect typescript checks the φ-TypeScript alone',
          EXIT.UNAVAILABLE,
        )
      }
      progress(`checking ${project.modules.length} φ-Python modules with pyright`)
      diagnostics.push(...(await checkPython(project, pyright)))
      runs.push({ dialect, checker: 'pyright', from: pyright.from, modules: project.modules.length })
    }
  }
  const wanted = (file: string) => paths.some((p) => file === p || file.startsWith(p.endsWith(sep) ? p : p + sep))
  const reported = diagnostics.filter((d) => wanted(d.file))
  reported.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column)
  return { root, runs, diagnostics: reported }
}
