import { relative } from 'node:path'
import { detectDialectFromContent, dialectPragma } from '../transpile/dialect'
import type { Dialect } from '../transpile/types'
import { nearestMarker } from './markers'
import type { DialectDecision } from './types'

interface DialectQuestion {
  /** The φ source. */
  source: string
  /** The file's directory, where the marker search starts; none for code without a place (the API, stdin). */
  dir?: string
  /** What an interpreter flag or an option asks for. */
  flag?: Dialect
  /** The project's `language`. */
  configured?: Dialect
}

/** A φ file's dialect: the flag, the pragma, the project's `language`, the nearest project marker, then the content rule. */
export function decideDialect(q: DialectQuestion): DialectDecision {
  if (q.flag) return { dialect: q.flag, by: 'flag' }
  const pragma = dialectPragma(q.source)
  if (pragma) return { dialect: pragma, by: 'pragma' }
  if (q.configured) return { dialect: q.configured, by: 'config' }
  const marker = q.dir === undefined ? undefined : nearestMarker(q.dir)
  if (marker) return { dialect: marker.dialect, by: 'marker', marker: marker.path }
  return { dialect: detectDialectFromContent(q.source), by: 'content' }
}

export const isGuess = (d: DialectDecision): boolean => d.by === 'marker' || d.by === 'content'

const NAME: Record<Dialect, string> = { python: 'Python', typescript: 'TypeScript' }

/**
 * For a φ file that failed to parse: which dialect was guessed, from what, and how to pin the
 * other one. `cwd` shortens the marker's path.
 */
export function guessHint(file: string, d: DialectDecision, cwd: string): string {
  const from = d.by === 'marker' && d.marker
    ? `the nearest project marker, ${relative(cwd, d.marker) || d.marker}`
    : 'its content (no flag, pragma, config "language" or project marker decided)'
  const other: Dialect = d.dialect === 'python' ? 'typescript' : 'python'
  const pragma = other === 'python' ? '# phicode: python' : '// phicode: typescript'
  const flag = other === 'python' ? '--python' : '--bun'
  return `${file} was read as ${NAME[d.dialect]}, a guess from ${from}. ` +
    `If it is ${NAME[other]}, pin it: a first line "${pragma}", ${flag} on the command line, or "language": "${other}" in the project's .(φ)/config.json`
}
