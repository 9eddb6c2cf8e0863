/**
 * The φ TextMate grammars, made from the default symbol tables: each embeds its host grammar
 * (source.python, source.tsx) whole and injects the symbols, outside strings and comments,
 * with the scope the host grammar gives the keyword each stands for — so a theme colours `ƒ`
 * as it colours `def`. A project's custom symbols are not known here (the language server
 * still reads them).
 */
import { DEFAULT_SYMBOLS } from '../../src/transpile/symbols'
import type { Dialect } from '../../src/transpile/types'

/** The host grammar's scope for each keyword (as vscode-textmate gives it, without the language suffix). */
const PYTHON_SCOPES: Record<string, string> = {
  False: 'constant.language', None: 'constant.language', True: 'constant.language',
  and: 'keyword.operator.logical', or: 'keyword.operator.logical', not: 'keyword.operator.logical', is: 'keyword.operator.logical',
  in: 'keyword.operator.logical', as: 'keyword.control.flow', assert: 'keyword.control.flow', async: 'storage.type.function.async',
  await: 'keyword.control.flow', break: 'keyword.control.flow', class: 'storage.type.class', continue: 'keyword.control.flow',
  def: 'storage.type.function', del: 'keyword.control.flow', elif: 'keyword.control.flow', else: 'keyword.control.flow',
  except: 'keyword.control.flow', finally: 'keyword.control.flow', for: 'keyword.control.flow', from: 'keyword.control.import',
  global: 'storage.modifier.declaration', if: 'keyword.control.flow', import: 'keyword.control.import',
  lambda: 'storage.type.function.lambda', nonlocal: 'storage.modifier.declaration', pass: 'keyword.control.flow',
  raise: 'keyword.control.flow', return: 'keyword.control.flow', try: 'keyword.control.flow', while: 'keyword.control.flow',
  with: 'keyword.control.flow', yield: 'keyword.control.flow', match: 'keyword.control.flow', case: 'keyword.control.flow',
  print: 'support.function.builtin', len: 'support.function.builtin', range: 'support.function.builtin',
  enumerate: 'support.function.builtin', zip: 'support.function.builtin', sum: 'support.function.builtin',
  max: 'support.function.builtin', min: 'support.function.builtin', abs: 'support.function.builtin', type: 'support.type',
  ':=': 'keyword.operator.assignment',
}

const TYPESCRIPT_SCOPES: Record<string, string> = {
  function: 'storage.type.function', class: 'storage.type.class', return: 'keyword.control.flow', if: 'keyword.control.conditional',
  'else if': 'keyword.control.conditional', else: 'keyword.control.conditional', for: 'keyword.control.loop',
  while: 'keyword.control.loop', break: 'keyword.control.loop', continue: 'keyword.control.loop', async: 'storage.modifier.async',
  await: 'keyword.control.flow', yield: 'keyword.control.flow', try: 'keyword.control.trycatch', catch: 'keyword.control.trycatch',
  finally: 'keyword.control.trycatch', throw: 'keyword.control.trycatch', import: 'keyword.control.import',
  from: 'keyword.control.from', as: 'keyword.control.as', delete: 'keyword.operator.expression.delete',
  typeof: 'keyword.operator.expression.typeof', in: 'keyword.operator.expression.in', '===': 'keyword.operator.comparison',
  '&&': 'keyword.operator.logical', '||': 'keyword.operator.logical', '!': 'keyword.operator.logical',
  true: 'constant.language.boolean.true', false: 'constant.language.boolean.false', null: 'constant.language.null',
  // The host scopes the called name of `console.log(…)`, `Math.max(…)`.
  'console.log': 'entity.name.function', switch: 'keyword.control.switch', case: 'keyword.control.switch',
  'Math.max': 'entity.name.function', 'Math.min': 'entity.name.function', 'Math.abs': 'entity.name.function',
  globalThis: 'variable.other.readwrite',
}

interface GrammarSpec {
  language: string
  scopeName: string
  host: string
  suffix: string
  scopes: Record<string, string>
  /** Scopes of the host where symbols are text, not code. */
  exclude: string[]
}

export const GRAMMARS: Record<Dialect, GrammarSpec> = {
  python: {
    language: 'phi-python', scopeName: 'source.phi-python', host: 'source.python', suffix: 'python',
    scopes: PYTHON_SCOPES, exclude: ['string', 'comment'],
  },
  typescript: {
    language: 'phi-typescript', scopeName: 'source.phi-typescript', host: 'source.tsx', suffix: 'tsx',
    // JSX text, but not the code in its braces.
    scopes: TYPESCRIPT_SCOPES, exclude: ['string', 'comment', '(meta.jsx.children -meta.embedded.expression)'],
  },
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const NAME = '[\\p{L}_$][\\p{L}\\p{N}_$]*'

/** The grammar of one dialect, as VS Code and vscode-textmate read it. */
export function phiGrammar(dialect: Dialect): Record<string, unknown> {
  const spec = GRAMMARS[dialect]
  const scope = (keyword: string): string => {
    const s = spec.scopes[keyword]
    if (!s) throw new Error(`no scope for the ${dialect} keyword ${keyword}`)
    return `${s}.${spec.suffix}`
  }
  const patterns: unknown[] = []
  for (const { keyword, symbol } of DEFAULT_SYMBOLS[dialect]) {
    const s = escapeRegExp(symbol)
    // A definition's name is coloured as the host colours it after `def`/`function`/`class`.
    if (keyword === 'def' || keyword === 'function' || keyword === 'class') {
      const name = keyword === 'class' ? `entity.name.type.class.${spec.suffix}` : `entity.name.function.${spec.suffix}`
      patterns.push({ match: `(${s})\\s*(${NAME})`, captures: { 1: { name: scope(keyword) }, 2: { name } } })
    }
    patterns.push({ match: s, name: scope(keyword) })
  }
  const selector = `L:${spec.scopeName} ${spec.exclude.map((e) => `-${e}`).join(' ')}`
  return {
    name: dialect === 'python' ? 'φ-Python' : 'φ-TypeScript',
    scopeName: spec.scopeName,
    patterns: [{ include: spec.host }],
    injections: { [selector]: { patterns } },
  }
}
