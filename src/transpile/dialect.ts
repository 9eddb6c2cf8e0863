import type { Dialect } from './types'

const PRAGMA = /^\s*(?:#|\/\/)\s*phicode:\s*(python|py|typescript|ts)\b/i

/** `# phicode: python` or `// phicode: typescript` on the first line (the second after a hashbang). */
export function dialectPragma(source: string): Dialect | undefined {
  const lines = source.slice(0, 2000).split(/\r\n|\r|\n/, 2)
  const line = lines[0]?.startsWith('#!') ? lines[1] : lines[0]
  const m = line === undefined ? null : PRAGMA.exec(line)
  if (!m) return undefined
  return m[1]!.toLowerCase().startsWith('p') ? 'python' : 'typescript'
}

const PY_BLOCK = /^(?:async\s+|⟳\s*)?(?:def|class|if|elif|else|for|while|try|except|finally|with|match|case|ƒ|ℂ|¿|⤷|⋄|∀|↻|∴|⛒|⇗|∥|⟷|▷)(?:\W|$)/u
const TS_LINE = /(?:[{};]\s*$)|=>|^\s*\/\/|^\s*(?:const|let|var|export|interface|function)\s/u
/** An import naming a quoted module (`⇒ { z } ← "zod"`, `import x from 'y'`, `⇒ "./side"`): Python imports name modules bare. */
const TS_IMPORT = /^\s*(?:⇒|import\b)\s*(?:['"]|.*?(?:←|\bfrom)\s*['"])/u

/**
 * The content rule, used when nothing else decides: over the first 400 lines, count lines that
 * open a Python block (a block keyword or its symbol first, `:` last) against lines that look like
 * TypeScript (ending in `{`, `}` or `;`, holding `=>`, a `//` comment, starting with
 * const/let/var/export/interface/function, or importing a quoted module name). TypeScript wins
 * only with more lines; ties go to Python.
 */
export function detectDialectFromContent(source: string): Dialect {
  let python = 0
  let typescript = 0
  const lines = source.slice(0, 100_000).split(/\r\n|\r|\n/, 400)
  for (const raw of lines) {
    const line = raw.trim()
    const code = line.replace(/\s+#[^'"]*$/, '')
    if (PY_BLOCK.test(line) && code.endsWith(':')) python++
    else if (TS_LINE.test(raw) || TS_IMPORT.test(raw)) typescript++
  }
  return typescript > python ? 'typescript' : 'python'
}

/** Pragma first, then the project's `language`, then the content rule. */
export function detectDialect(source: string, configured?: Dialect): Dialect {
  return dialectPragma(source) ?? configured ?? detectDialectFromContent(source)
}
