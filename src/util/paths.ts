/**
 * `join`, `dirname`, `basename`, `extname` and `resolve` as node:path computes them, without
 * loading node:path for the absolute, already normal paths a start works with: its first load costs
 * a compiled binary about 0.4 ms, a tenth of what a planned hello world spends before its program
 * (issue 16). Anything else (a relative or unnormalised path, Windows) is node:path's own answer.
 * test/unit/util/paths.test.ts holds every function to node:path's result.
 */
type NodePath = typeof import('node:path')

const nodePath = (): NodePath => require('node:path') as NodePath

/** Windows paths take drive letters and both separators: always node:path's. */
const POSIX = process.platform !== 'win32'

/** No empty, `.` or `..` segment and no trailing separator: node:path would return it unchanged. */
function isNormalAbsolute(path: string): boolean {
  if (!path.startsWith('/')) return false
  if (path === '/') return true
  return !(path.endsWith('/') || path.endsWith('/.') || path.endsWith('/..') || path.includes('//') || path.includes('/./') || path.includes('/../'))
}

export function join(...parts: string[]): string {
  if (POSIX) {
    let joined = ''
    // The root is the one folder that already ends in a separator: tsconfig.json is looked for up to it.
    for (const part of parts) if (part !== '') joined = joined === '' ? part : joined === '/' ? `/${part}` : `${joined}/${part}`
    if (isNormalAbsolute(joined)) return joined
  }
  return nodePath().join(...parts)
}

export function dirname(path: string): string {
  if (POSIX && isNormalAbsolute(path)) {
    const at = path.lastIndexOf('/')
    return at === 0 ? '/' : path.slice(0, at)
  }
  return nodePath().dirname(path)
}

export function basename(path: string): string {
  if (POSIX && isNormalAbsolute(path)) return path.slice(path.lastIndexOf('/') + 1)
  return nodePath().basename(path)
}

export function extname(path: string): string {
  if (POSIX && isNormalAbsolute(path)) {
    const base = basename(path)
    const dot = base.lastIndexOf('.')
    // A leading dot names a hidden file, not an extension (`..` never gets here: it is not normal).
    return dot <= 0 ? '' : base.slice(dot)
  }
  return nodePath().extname(path)
}

export function resolve(...parts: string[]): string {
  const last = parts.at(-1)
  if (POSIX && last !== undefined && isNormalAbsolute(last)) return last
  return nodePath().resolve(...parts)
}
