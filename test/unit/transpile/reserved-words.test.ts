/**
 * The keyword sets of symbols.ts: Python's from python3's own `keyword` module, TypeScript's
 * written out by hand (the ECMAScript reserved and strict-mode words plus the contextual words
 * TypeScript gives a meaning).
 */
import { describe, expect, test } from 'bun:test'
import { PYTHON_HARD_KEYWORDS, RESERVED_WORDS } from '../../../src/transpile/symbols'
import { pythonExecutable } from '../../../bench/python'

const sorted = (words: Iterable<string>) => [...words].sort()

describe('reserved words', () => {
  const python = JSON.parse(
    Bun.spawnSync([pythonExecutable(), '-c', 'import json, keyword; print(json.dumps([keyword.kwlist, keyword.softkwlist]))']).stdout.toString(),
  ) as [string[], string[]]

  test("Python's hard keywords are python3's keyword.kwlist", () => {
    expect(sorted(PYTHON_HARD_KEYWORDS)).toEqual(sorted(python[0]))
  })

  test("Python's reserved words: the hard and soft keywords, `type` included before 3.12 made it soft", () => {
    expect(sorted(RESERVED_WORDS.python)).toEqual(sorted(new Set([...python[0], ...python[1], 'type', 'match', 'case', '_'])))
  })

  test("TypeScript's reserved words", () => {
    const words = [
      'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
      'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
      'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
      'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'async', 'as',
      'from', 'of', 'get', 'set', 'type', 'declare', 'namespace', 'module', 'keyof', 'readonly', 'satisfies',
    ]
    expect(sorted(RESERVED_WORDS.typescript)).toEqual(sorted(words))
  })
})
