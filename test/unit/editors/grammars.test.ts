/**
 * The φ grammars tokenized by vscode-textmate + vscode-oniguruma (VS Code's own engine) with the
 * real host grammars (tm-grammars' python and tsx), on φ files of the repository. Expected
 * scopes are the ones the host grammar gives the keyword a symbol stands for, written by hand.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import * as oniguruma from 'vscode-oniguruma'
import { INITIAL, Registry, type IGrammar } from 'vscode-textmate'
import { phiGrammar } from '../../../editors/vscode/grammars'
import { ROOT } from '../../helpers/root'

const HOSTS: Record<string, string> = { 'source.python': 'python', 'source.tsx': 'tsx' }
let registry: Registry

beforeAll(async () => {
  const wasm = readFileSync(join(dirname(require.resolve('vscode-oniguruma/package.json')), 'release/onig.wasm'))
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength))
  registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName === 'source.phi-python') return phiGrammar('python') as never
      if (scopeName === 'source.phi-typescript') return phiGrammar('typescript') as never
      const host = HOSTS[scopeName]
      return host ? JSON.parse(readFileSync(join(dirname(require.resolve('tm-grammars/package.json')), 'grammars', `${host}.json`), 'utf8')) : null
    },
  })
})

interface Token {
  text: string
  line: number
  scopes: string[]
}

function tokenize(grammar: IGrammar, text: string): Token[] {
  const tokens: Token[] = []
  let stack = INITIAL
  text.split('\n').forEach((line, n) => {
    const result = grammar.tokenizeLine(line, stack)
    for (const t of result.tokens) tokens.push({ text: line.slice(t.startIndex, t.endIndex), line: n, scopes: t.scopes })
    stack = result.ruleStack
  })
  return tokens
}

/** The innermost scope of the first token `text` on `line` (0-based), after skipping `skip` of them. */
function scopeOf(tokens: Token[], line: number, text: string, skip = 0): string {
  const found = tokens.filter((t) => t.line === line && t.text.trim() === text)[skip]
  if (!found) throw new Error(`no token ${text} on line ${line}: ${JSON.stringify(tokens.filter((t) => t.line === line).map((t) => t.text))}`)
  return found.scopes.at(-1)!
}

const fixture = (path: string) => readFileSync(join(ROOT, 'test/fixtures', path), 'utf8')

describe('φ-Python', () => {
  test('python-project/example.φ: each symbol has its keyword\'s scope', async () => {
    const tokens = tokenize((await registry.loadGrammar('source.phi-python'))!, fixture('python-project/example.φ'))
    expect(scopeOf(tokens, 0, 'ƒ')).toBe('storage.type.function.python')
    expect(scopeOf(tokens, 0, 'factorial')).toBe('entity.name.function.python')
    expect(scopeOf(tokens, 1, '¿')).toBe('keyword.control.flow.python')
    expect(scopeOf(tokens, 2, '⟲')).toBe('keyword.control.flow.python')
    expect(scopeOf(tokens, 3, '⋄')).toBe('keyword.control.flow.python')
    expect(scopeOf(tokens, 6, 'π')).toBe('support.function.builtin.python')
    // The host grammar still does the rest: the number is Python's.
    expect(scopeOf(tokens, 1, '1')).toBe('constant.numeric.dec.python')
  })

  test('symbols inside strings and comments stay text', async () => {
    const tokens = tokenize((await registry.loadGrammar('source.phi-python'))!, 'x = "¿ ⟲"  # ƒ here\nℂ Box:\n    ⋯\n')
    // The host grammar's name for any one-line string.
    expect(tokens.find((t) => t.text.includes('¿'))!.scopes.at(-1)).toBe('string.quoted.single.python')
    expect(tokens.find((t) => t.text.includes('ƒ'))!.scopes.at(-1)).toBe('comment.line.number-sign.python')
    expect(scopeOf(tokens, 1, 'ℂ')).toBe('storage.type.class.python')
    expect(scopeOf(tokens, 1, 'Box')).toBe('entity.name.type.class.python')
    expect(scopeOf(tokens, 2, '⋯')).toBe('keyword.control.flow.python')
  })
})

describe('φ-TypeScript', () => {
  test('ts-project/lib/math.φ: ƒ and ⟲ are function and return', async () => {
    const tokens = tokenize((await registry.loadGrammar('source.phi-typescript'))!, fixture('ts-project/lib/math.φ'))
    expect(scopeOf(tokens, 0, 'export')).toBe('keyword.control.export.tsx')
    expect(scopeOf(tokens, 0, 'ƒ')).toBe('storage.type.function.tsx')
    expect(scopeOf(tokens, 0, 'double')).toBe('entity.name.function.tsx')
    expect(scopeOf(tokens, 1, '⟲')).toBe('keyword.control.flow.tsx')
  })

  test('ts-project/jsx.φ: JSX text stays text, code in braces is coloured', async () => {
    const tokens = tokenize((await registry.loadGrammar('source.phi-typescript'))!, fixture('ts-project/jsx.φ'))
    expect(scopeOf(tokens, 6, 'π')).toBe('entity.name.function.tsx')
    const text = tokens.find((t) => t.line === 6 && t.text.includes('¿'))!
    expect(text.scopes.at(-1)).toBe('meta.jsx.children.tsx')
    expect(scopeOf(tokens, 6, '✓')).toBe('constant.language.boolean.true.tsx')
    expect(scopeOf(tokens, 6, '∧')).toBe('keyword.operator.logical.tsx')
  })
})
