import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { isIgnored, parseGitignore, type IgnoreRule } from './_ignore'

/** Directories that are never a project's own sources. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv'])

export interface WalkResult {
  /** Absolute paths of the files found, sorted. */
  files: string[]
  /** How many entries were left out by a rule (directories count once). */
  skipped: number
}

/**
 * The files under `root`, without dependency folders, virtualenvs (any directory holding a
 * pyvenv.cfg), caches, what `.gitignore` files ignore (those between the repository's top and
 * `root` included), symbolic links (a link may point anywhere, or back up the tree) and the
 * directories in `exclude` (the output directory when it lies inside the tree).
 */
export function walkTree(root: string, exclude: ReadonlySet<string> = new Set()): WalkResult {
  const result: WalkResult = { files: [], skipped: 0 }
  const top = _repositoryTop(root)
  const rules: IgnoreRule[] = []
  // .gitignore files above root apply too; their paths are relative to `top`.
  const parts = relative(top, root).split(sep).filter(Boolean)
  for (let k = 0, dir = top; k < parts.length; dir = join(dir, parts[k++]!)) rules.push(..._rulesOf(dir, _relDir(top, dir)))
  _walk(root, _relDir(top, root), rules, top, exclude, result)
  result.files.sort()
  return result
}

function _walk(dir: string, rel: string, inherited: IgnoreRule[], top: string, exclude: ReadonlySet<string>, out: WalkResult): void {
  const rules = [...inherited, ..._rulesOf(dir, rel)]
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    out.skipped++
    return
  }
  for (const entry of entries) {
    const path = join(dir, entry.name)
    const relPath = rel + entry.name
    if (entry.isSymbolicLink()) {
      out.skipped++
      continue
    }
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(entry.name) || exclude.has(path) || existsSync(join(path, 'pyvenv.cfg')) || isIgnored(rules, relPath, true)) {
        out.skipped++
        continue
      }
      _walk(path, relPath + '/', rules, top, exclude, out)
    } else if (entry.isFile()) {
      if (isIgnored(rules, relPath, false)) out.skipped++
      else out.files.push(path)
    }
  }
}

function _rulesOf(dir: string, rel: string): IgnoreRule[] {
  try {
    return parseGitignore(readFileSync(join(dir, '.gitignore'), 'utf8'), rel)
  } catch {
    return []
  }
}

/** The nearest directory at or above `dir` holding `.git`; `dir` itself outside a repository. */
function _repositoryTop(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return at
    if (dirname(at) === at) return dir
  }
}

const _relDir = (top: string, dir: string): string => {
  const rel = relative(top, dir).split(sep).join('/')
  return rel === '' ? '' : rel + '/'
}
