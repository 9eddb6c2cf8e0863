import { scanImports } from '../../transpile/specifiers'

/** `type: 'json'` and the like, as written after a static import's specifier. */
export type Attributes = Record<string, string>

const WITH = /^\s*(?:with|assert)\s*\{([^}]*)\}/
const ENTRY = /\s*(?:([A-Za-z_$][\w$]*)|'([^']*)'|"([^"]*)")\s*:\s*(?:'([^']*)'|"([^"]*)")\s*,?/y

/**
 * The import attributes of each static import in TypeScript `code`, by specifier as written.
 * Bun.build drops them from imports it leaves external, and Node refuses a JSON module without
 * `type: 'json'`, so they are put back into the compiled module (see `restoreAttributes`).
 */
export function importAttributes(code: string, jsx: boolean): Map<string, Attributes> {
  const found = new Map<string, Attributes>()
  for (const { value, end, kind } of scanImports(code, { jsx }).specifiers) {
    if (kind !== 'static') continue
    const body = WITH.exec(code.slice(end + 1, end + 201))?.[1]
    if (body === undefined) continue
    const attributes: Attributes = {}
    ENTRY.lastIndex = 0
    for (let m = ENTRY.exec(body); m; m = ENTRY.exec(body)) attributes[m[1] ?? m[2] ?? m[3]!] = m[4] ?? m[5]!
    found.set(value, attributes)
  }
  return found
}

// Bun prints each hoisted import or re-export at the top level, ending `"specifier";` on its line.
const STATIC = /^((?:import|export)\b[^\n]*?|\}\s*from\s*)("(?:[^"\\\n]|\\.)*")(;)$/gm

// A dynamic import Bun printed with its specifier alone.
const DYNAMIC = /\bimport\(("(?:[^"\\\n]|\\.)*")\)/g

/**
 * Puts `with { … }` back after each static import of a specifier in `wanted` (as Bun printed
 * it), and into each `import("…")` of one written without options.
 */
export function restoreAttributes(js: string, wanted: ReadonlyMap<string, Attributes>): string {
  if (wanted.size === 0) return js
  const body = (quoted: string) => {
    const attributes = wanted.get(JSON.parse(quoted) as string)
    return attributes && `{ ${Object.entries(attributes).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`
  }
  return js
    .replace(STATIC, (line, head: string, quoted: string, end: string) => {
      if (!head.startsWith('}') && !/\bfrom\s*$|^import\s*$/.test(head)) return line
      const attributes = body(quoted)
      return attributes ? `${head}${quoted} with ${attributes}${end}` : line
    })
    .replace(DYNAMIC, (call, quoted: string) => {
      const attributes = body(quoted)
      return attributes ? `import(${quoted}, { with: ${attributes} })` : call
    })
}
