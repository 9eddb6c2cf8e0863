import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

const EXTENDS = /"extends"\s*:\s*("(?:[^"\\]|\\.)*"|\[[^\]]*\])/
const STRING = /"((?:[^"\\]|\\.)*)"/g

/**
 * The text of the tsconfig.json Bun applies to a file in `dir` (the nearest one up the tree),
 * followed by the files it extends by relative path: a compiled module depends on them (JSX
 * runtime, `paths`), so they belong in its cache key. Extended packages count by name only.
 */
export function tsconfigFingerprint(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    const text = readText(join(at, 'tsconfig.json'))
    if (text !== undefined) return chain(join(at, 'tsconfig.json'), text, new Set())
    if (dirname(at) === at) return ''
  }
}

function chain(path: string, text: string, seen: Set<string>): string {
  seen.add(path)
  const parts = [path, text]
  const list = EXTENDS.exec(text)?.[1] ?? ''
  for (const [, name] of list.matchAll(STRING)) {
    if (!/^\.{0,2}\//.test(name!)) continue
    let target = resolve(dirname(path), name!)
    if (!target.endsWith('.json')) target += '.json'
    const extended = seen.has(target) ? undefined : readText(target)
    if (extended !== undefined) parts.push(chain(target, extended, seen))
  }
  return parts.join('\0')
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
