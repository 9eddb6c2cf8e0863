import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { EXIT, PhicodeError } from '../errors'
import { COMPILED } from '../util/self'
import { fromShadow, removeShadow, shadowDir, writeShadow } from './_shadow'
import type { PhiProject } from './project'
import type { CheckDiagnostic } from './types'

/** A pyright to run: the project's npm package (run by this binary as Bun) or one on PATH. */
export interface PythonChecker {
  command: string[]
  from: 'project' | 'path'
}

/** pyright from the project's node_modules (nearest above the root), else `pyright` on PATH. */
export function findPyright(root: string): PythonChecker | undefined {
  for (let dir = root; ; dir = dirname(dir)) {
    const script = join(dir, 'node_modules', 'pyright', 'index.js')
    if (existsSync(script)) return { command: [process.execPath, script], from: 'project' }
    if (dirname(dir) === dir) break
  }
  const onPath = Bun.which('pyright')
  return onPath ? { command: [onPath], from: 'path' } : undefined
}

/** The project's own pyrightconfig.json settings (strictness, Python version …); phicode sets what it checks. */
function ownSettings(root: string): Record<string, unknown> {
  const path = join(root, 'pyrightconfig.json')
  if (!existsSync(path)) return {}
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
  } catch {
    throw new PhicodeError(`${path}: not valid JSON`, EXIT.CONFIG)
  }
}

interface PyrightOutput {
  generalDiagnostics: Array<{
    file: string
    severity: 'error' | 'warning' | 'information'
    message: string
    range?: { start: { line: number; character: number } }
    rule?: string
  }>
}

/**
 * Type-checks the project's φ-Python with pyright: the modules, converted, are written to the
 * shadow folder as `x.py` and checked there, with the project root and each module's own folder
 * as extra import paths (so plain modules beside them resolve); positions come back in φ terms.
 */
export async function checkPython(project: PhiProject, checker: PythonChecker): Promise<CheckDiagnostic[]> {
  const dir = shadowDir(project.root)
  const files = writeShadow(project, dir)
  try {
    const config = join(dir, 'pyrightconfig.json')
    const extraPaths = [...new Set([project.root, ...project.modules.map((m) => dirname(m.path))])]
    writeFileSync(config, JSON.stringify({ ...ownSettings(project.root), include: files.map((f) => relative(dir, f)), exclude: [], extraPaths }))
    const env = COMPILED && checker.from === 'project' ? { ...process.env, BUN_BE_BUN: '1' } : process.env
    const child = Bun.spawn([...checker.command, '--outputjson', '-p', config], { cwd: dir, env, stdout: 'pipe', stderr: 'pipe' })
    const [stdout, stderr] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
    let output: PyrightOutput
    try {
      output = JSON.parse(stdout) as PyrightOutput
    } catch {
      throw new PhicodeError(`pyright (${checker.command.join(' ')}) gave no report: ${(stderr || stdout).trim().split('\n').slice(0, 5).join('\n')}`, EXIT.UNAVAILABLE)
    }
    return output.generalDiagnostics.map((d) => {
      const start = d.range?.start ?? { line: 0, character: 0 }
      const at = project.toPhi({ path: fromShadow(d.file, dir, project.root), line: start.line + 1, column: start.character + 1 })
      const severity = d.severity === 'information' ? 'note' : d.severity
      return { file: at.path, line: at.line, column: at.column, severity, code: d.rule ?? 'pyright', message: d.message, checker: 'pyright' }
    })
  } finally {
    removeShadow(dir)
  }
}
