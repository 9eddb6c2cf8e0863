import { relative } from 'node:path'
import { checkProject } from '../../check'
import type { Dialect } from '../../transpile/types'
import { printJson } from '../output'

/**
 * `phicode --check [paths…]`: one line per diagnostic, `file:line:col: severity code: message`
 * (the φ file's own line and column), then a summary; exit 1 when any is an error.
 */
export async function typecheckCommand(paths: string[], dialect: string | undefined, json: boolean): Promise<number> {
  const cwd = process.cwd()
  const report = await checkProject({ paths, cwd, dialect: dialect as Dialect | undefined, env: process.env })
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length
  if (json) {
    printJson({ root: report.root, checkers: report.runs, errors, diagnostics: report.diagnostics })
    return errors > 0 ? 1 : 0
  }
  for (const d of report.diagnostics) {
    const [first, ...rest] = d.message.split('\n')
    process.stdout.write(`${relative(cwd, d.file) || d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${first}\n`)
    for (const line of rest) process.stdout.write(`  ${line.trim()}\n`)
  }
  const used = report.runs.map((r) => `${r.checker}${r.version ? ` ${r.version}` : ''}${r.from === 'project' ? '' : ` (${r.from === 'phicode' ? "phicode's copy" : 'on PATH'})`}`)
  const files = new Set(report.diagnostics.map((d) => d.file)).size
  const modules = report.runs.reduce((n, r) => n + r.modules, 0)
  const summary = report.runs.length === 0
    ? 'no φ modules to check here'
    : `${errors === 0 ? 'no errors' : `${errors} error${errors === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`} (${modules} φ module${modules === 1 ? '' : 's'}; ${used.join(', ')})`
  process.stderr.write(`${summary}\n`)
  return errors > 0 ? 1 : 0
}
