import { codeMask } from '../../transpile/mask'

/** `module.exports` or `exports.x` / `exports[x]` used as code (not as a property of something else). */
const CJS_EXPORTS = /(?<![\w$.])(?:module\s*\.\s*exports\b|exports\s*[.[])/
/** `import`/`export` as statements, `import.meta`, or `export` anywhere a statement starts. */
const ESM_SYNTAX = /(?<![\w$.])(?:export\s*(?:[{*]|default\b|const\b|let\b|var\b|function\b|class\b|async\b|type\b|interface\b|enum\b|declare\b|abstract\b)|import\s*(?:[{*'"]|\.\s*meta\b|[\w$]+\s*(?:,|from\b)))/

/**
 * A converted φ module made certain to load as an ES module. Bun decides a module's format
 * from its syntax, and runs CommonJS returned by a plugin as an empty module (oven-sh/bun#39786):
 * a φ file whose only module syntax is `require()` would run nothing and exit 0. Lines stay
 * where they were: what is added goes after the last line, and for CommonJS before the first.
 * - ESM or no module syntax at all: `export {}` is appended (a no-op for an ES module); `require`,
 *   `__dirname` and `__filename` work in Bun's ES modules as they do in CommonJS.
 * - CommonJS (`module.exports`/`exports.x` and no ESM syntax): `module` and `exports` are
 *   declared, and `module.exports` is exported both as the default export and under the name
 *   `"module.exports"`, which Bun's `require()` returns as the module's value.
 */
export function asEsModule(code: string, filename: string): string {
  const end = code.length === 0 || code.endsWith('\n') ? '' : '\n'
  if (!code.includes('exports') || !isCommonJs(code, filename)) return `${code}${end}export {}\n`
  const firstLineEnd = code.indexOf('\n')
  const head = code.startsWith('#!') ? code.slice(0, firstLineEnd < 0 ? code.length : firstLineEnd + 1) : ''
  return `${head}var module = { exports: {} }, exports = module.exports; ${code.slice(head.length)}${end}` +
    'const __phicode_cjs = module.exports; export { __phicode_cjs as default, __phicode_cjs as "module.exports" }\n'
}

/** `module.exports`/`exports.x` used as code, and no ESM syntax: what Bun runs as CommonJS. */
export function isCommonJs(code: string, filename: string): boolean {
  let mask: string
  try {
    mask = codeMask(code, 'typescript', { jsx: true, filename })
  } catch {
    // Unreadable code fails where Bun reports it, with its own message; keep it as it is.
    return false
  }
  return CJS_EXPORTS.test(mask) && !ESM_SYNTAX.test(mask)
}
