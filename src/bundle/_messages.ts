import { readFileSync } from 'node:fs'
import { relative } from 'node:path'

interface Located {
  file: string
  line: number
  column: number
  message: string
  /** The line the column counts in. */
  text: string | undefined
}

function sourceLine(file: string, line: number): string | undefined {
  try {
    return readFileSync(file, 'utf8').split(/\r\n|\r|\n/)[line - 1]
  } catch {
    return undefined
  }
}

/**
 * Where a Bun.build message points. A φ conversion error thrown by the plugin arrives with no
 * position, its place written at the start of the message (`file:line:col: reason`) and counted
 * in the φ source. Bun's own parse errors count in the converted line, which they carry, as
 * `phicode app.φ` shows them too.
 */
export function locate(log: BuildMessage | ResolveMessage): Located | undefined {
  const p = log.position
  const own = /^(.+?):(\d+):(\d+): (.*)$/s.exec(log.message)
  if (own && (!p || p.line === 0)) {
    const [file, line, column] = [own[1]!, Number(own[2]), Number(own[3])]
    return { file, line, column, message: own[4]!, text: sourceLine(file, line) }
  }
  return p?.file ? { file: p.file, line: p.line, column: p.column, message: log.message, text: p.lineText || undefined } : undefined
}

/** A build error as compilers print one: `file:line:col: message`, then the line and a caret. */
export function formatBuildError(log: BuildMessage | ResolveMessage, cwd: string): string {
  const at = locate(log)
  if (!at) return log.message
  const head = `${relative(cwd, at.file) || at.file}:${at.line}:${at.column}: ${at.message}`
  if (at.text === undefined || at.line === 0) return head
  const gutter = `${at.line} | `
  return `${head}\n${gutter}${at.text}\n${' '.repeat(gutter.length + Math.max(at.column - 1, 0))}^`
}
