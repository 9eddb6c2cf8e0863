import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { EXIT, PhicodeError } from '../errors'
import { findTsconfig, readJsonc } from '../runtime/tsconfig'
import { COMPILED } from '../util/self'
import { fromShadow, removeShadow, shadowDir, writeShadow } from './_shadow'
import { lazyTypescript } from './_fetch'
import type { PhiProject } from './project'
import type { CheckDiagnostic } from './types'

/** A TypeScript compiler to run: its `tsc` script and where it came from. */
export interface TypescriptCompiler {
  version: string
  tsc: string
  from: 'project' | 'phicode'
}

/** The options a project with no tsconfig.json is checked with: strict, modern, bundler resolution. */
const DEFAULT_OPTIONS = {
  strict: true,
  target: 'ESNext',
  module: 'Preserve',
  moduleResolution: 'bundler',
  lib: ['ESNext', 'DOM'],
  jsx: 'react-jsx',
  skipLibCheck: true,
  allowImportingTsExtensions: true,
}

const DEFAULT_EXCLUDE = ['node_modules', 'bower_components', 'jspm_packages']

/** The `typescript` package nearest above `root` (the project's own, whatever its version). */
function projectTypescript(root: string): TypescriptCompiler | undefined {
  for (let dir = root; ; dir = dirname(dir)) {
    const pkg = join(dir, 'node_modules', 'typescript', 'package.json')
    const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc')
    if (existsSync(pkg) && existsSync(tsc)) return { version: (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version, tsc, from: 'project' }
    if (dirname(dir) === dir) return undefined
  }
}

/** The project's own TypeScript, else the copy phicode keeps under PHICODE_HOME (downloaded once). */
export async function typescriptCompiler(root: string, env: Record<string, string | undefined>): Promise<TypescriptCompiler> {
  return projectTypescript(root) ?? (await lazyTypescript(env))
}

/**
 * The tsconfig the check runs: the project's (extended, so every compiler option and its
 * `extends` chain apply), its file set rebased to the shadow folder, the converted φ modules
 * added, and `rootDirs` merging the shadow with the project root, so `./x.φ` from a `.ts` file
 * finds the shadow's `x.φ.tsx` and a φ module's `./y` finds the project's `y.ts`.
 */
function shadowTsconfig(root: string, dir: string, shadowFiles: string[]): object {
  const own = join(root, 'tsconfig.json')
  const rebase = (from: string) => (p: string) => relative(dir, isAbsolute(p) ? p : resolve(from, p))
  const base = existsSync(own) ? readJsonc(own) : undefined
  const include = base?.include?.map(rebase(root)) ?? (base?.files ? [] : [relative(dir, root) + '/**/*'])
  const exclude = [...(base?.exclude ?? DEFAULT_EXCLUDE).map(rebase(root)), relative(dir, join(root, '.(φ)cache'))]
  return {
    ...(base ? { extends: relative(dir, own) } : {}),
    compilerOptions: {
      ...(base ? {} : DEFAULT_OPTIONS),
      // φ modules are TSX (as at run time), which TypeScript imports only with a jsx setting: Bun's default when the project has none.
      ...(base && findTsconfig(root).compilerOptions.jsx === undefined ? { jsx: 'react-jsx' } : {}),
      noEmit: true,
      rootDirs: [relative(dir, root) || '.', '.'],
    },
    include,
    exclude,
    files: [...(base?.files?.map(rebase(root)) ?? []), ...shadowFiles.map((f) => relative(dir, f))],
  }
}

/** `file(line,col): error TS2322: message`, as every tsc version writes it with `--pretty false`. */
const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): (error|warning|message) (TS\d+): (.*)$/

/** Parses tsc's output; continuation lines (a message chain) join their diagnostic's message. */
function parseTsc(output: string, cwd: string): Array<Omit<CheckDiagnostic, 'checker'>> {
  const out: Array<Omit<CheckDiagnostic, 'checker'>> = []
  for (const line of output.split('\n')) {
    const m = DIAGNOSTIC.exec(line)
    if (m) {
      const severity = m[4] === 'error' ? 'error' : m[4] === 'warning' ? 'warning' : 'note'
      out.push({ file: resolve(cwd, m[1]!), line: Number(m[2]), column: Number(m[3]), severity, code: m[5]!, message: m[6]! })
    } else if (/^\s+\S/.test(line) && out.length > 0) out[out.length - 1]!.message += `\n${line.trimEnd()}`
  }
  return out
}

/**
 * Type-checks the project with `compiler`: the converted φ modules are written to the shadow
 * folder, `tsc -p` runs on a tsconfig that joins them to the project's own files, and each
 * diagnostic is placed back in the file the user wrote (φ line and column). The shadow folder is
 * removed afterwards.
 */
export async function checkTypescript(project: PhiProject, compiler: TypescriptCompiler): Promise<CheckDiagnostic[]> {
  const dir = shadowDir(project.root)
  const files = writeShadow(project, dir)
  try {
    const config = join(dir, 'tsconfig.json')
    writeFileSync(config, JSON.stringify(shadowTsconfig(project.root, dir, files), null, 2))
    // tsc is a Node script (TypeScript 5, 6) or a launcher of the native compiler (7): this binary runs either as Bun.
    const env = COMPILED ? { ...process.env, BUN_BE_BUN: '1' } : process.env
    const child = Bun.spawn([process.execPath, compiler.tsc, '-p', config, '--pretty', 'false', '--noEmit'], { cwd: dir, env, stdout: 'pipe', stderr: 'pipe' })
    const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
    const found = parseTsc(stdout, dir)
    if (code !== 0 && found.length === 0) {
      throw new PhicodeError(`TypeScript ${compiler.version} (${compiler.tsc}) failed with exit code ${code}: ${(stderr || stdout).trim().split('\n').slice(0, 5).join('\n')}`, EXIT.UNAVAILABLE)
    }
    return found.map((d) => {
      const at = project.toPhi({ path: fromShadow(d.file, dir, project.root), line: d.line, column: d.column })
      return { ...d, file: at.path, line: at.line, column: at.column, checker: 'typescript' }
    })
  } finally {
    // An interrupted check leaves it; the next one starts by removing it.
    removeShadow(dir)
  }
}
