import { kindOf, PHI_KIND } from '../../kinds'
import { codeMask } from '../../transpile/mask'

/** `module.exports` or `exports.x` / `exports[x]` used as code (not as a property of something else). */
const CJS_EXPORTS = /(?<![\w$.])(?:module\s*\.\s*exports\b|exports\s*[.[])/
/** `import`/`export` as statements, `import.meta`, or `export` anywhere a statement starts. */
const ESM_SYNTAX = /(?<![\w$.])(?:export\s*(?:[{*]|default\b|const\b|let\b|var\b|function\b|class\b|async\b|type\b|interface\b|enum\b|declare\b|abstract\b)|import\s*(?:[{*'"]|\.\s*meta\b|[\w$]+\s*(?:,|from\b)))/

/** `require(` as a call, not a method or property. */
const REQUIRE_CALL = /(?<![\w$.])require\s*\(/

/**
 * A converted φ module made certain to load as an ES module. Bun decides a module's format
 * from its syntax, and runs CommonJS returned by a plugin as an empty module (oven-sh/bun#39786):
 * a φ file whose only module syntax is `require()` would run nothing and exit 0. Only such
 * files change, and lines stay where they were: what is added goes after the last line, and
 * for CommonJS also before the first.
 * - `require()` and no ESM syntax: `export {}` is appended; `require`, `__dirname` and
 *   `__filename` work in Bun's ES modules as they do in CommonJS.
 * - CommonJS exports (`module.exports`/`exports.x`) and no ESM syntax: `module` and `exports`
 *   are declared, and `module.exports` is exported both as the default export and under the
 *   name `"module.exports"`, which Bun's `require()` returns as the module's value.
 */
export function asEsModule(code: string, filename: string): string {
  if (!/\b(?:require|exports)\b/.test(code)) return code
  const mask = maskOf(code, filename)
  if (mask === undefined || ESM_SYNTAX.test(mask)) return code
  const end = code.endsWith('\n') ? '' : '\n'
  if (!CJS_EXPORTS.test(mask)) return REQUIRE_CALL.test(mask) ? `${code}${end}export {}\n` : code
  const firstLineEnd = code.indexOf('\n')
  const head = code.startsWith('#!') ? code.slice(0, firstLineEnd < 0 ? code.length : firstLineEnd + 1) : ''
  return `${head}var module = { exports: {} }, exports = module.exports; ${code.slice(head.length)}${end}` +
    'const __phicode_cjs = module.exports; export { __phicode_cjs as default, __phicode_cjs as "module.exports" }\n'
}

/** Code with strings and comments blanked, read as its file kind (converted φ: TSX); undefined when it cannot be read (Bun reports that, with its own message). */
function maskOf(code: string, filename: string): string | undefined {
  try {
    return codeMask(code, 'typescript', { jsx: (kindOf(filename) ?? PHI_KIND).jsx, filename })
  } catch {
    return undefined
  }
}

/** `module.exports`/`exports.x` used as code, and no ESM syntax: what Bun runs as CommonJS. */
export function isCommonJs(code: string, filename: string): boolean {
  const mask = maskOf(code, filename)
  return mask !== undefined && CJS_EXPORTS.test(mask) && !ESM_SYNTAX.test(mask)
}
