import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { RULES, scanSource } from '../../../src/security'
import { TranspileError } from '../../../src/transpile'
import { ROOT } from '../../helpers/root'

const rules = (source: string, dialect: 'python' | 'typescript', phi = false) => scanSource(source, dialect, { phi }).map((f) => f.rule)

describe('python dialect', () => {
  test('dangerous words in strings, f-string text, docstrings and comments are no finding', () => {
    const source = [
      '"""os.system("rm -rf /") and eval(x) and __import__("os")"""',
      'import json  # import subprocess',
      "print('os.system(1)', b'exec(1)', r'__subclasses__')",
      'print(f"eval({json.dumps(1)}) os.fork()")',
      "x = '''",
      'import ctypes',
      "'''",
    ].join('\n')
    expect(rules(source, 'python')).toEqual([])
  })

  test('in code they are, with rule, line and column', () => {
    const source = 'import os, subprocess\nx = 1; os.system("id")\ny = eval(input())\nz = ().__class__.__bases__[0].__subclasses__()\nb = __builtins__["ev" + "al"]\n'
    expect(scanSource(source, 'python')).toEqual([
      expect.objectContaining({ rule: 'py-subprocess', line: 1, column: 1, severity: 'high' }),
      expect.objectContaining({ rule: 'py-shell', line: 2, column: 8, match: 'os.system(' }),
      expect.objectContaining({ rule: 'py-eval', line: 3, column: 5 }),
      expect.objectContaining({ rule: 'py-introspection', line: 4, column: 31 }),
      expect.objectContaining({ rule: 'py-introspection', line: 5, column: 5 }),
    ])
  })

  test('introspection ordinary code does is no finding', () => {
    expect(rules('print(type(__builtins__).__name__, m.__loader__, C.__bases__, C.__mro__)\n', 'python')).toEqual([])
  })

  test('code inside f-string replacement fields is code', () => {
    expect(rules('print(f"{eval(\'1\')}")\n', 'python')).toEqual(['py-eval'])
  })

  test('methods and longer names are not the builtins', () => {
    expect(rules('import re\nre.compile("x")\nmodel.eval()\nmy_exec(1)\nevaluate(2)\n', 'python')).toEqual([])
  })

  test('φ source: findings point at the φ line and column', () => {
    const source = '⇒ os\nƒ f():\n    ¿ ✓: ⟲ os.system("ls")\n'
    expect(scanSource(source, 'python', { phi: true })).toEqual([expect.objectContaining({ rule: 'py-shell', line: 3, column: 12 })])
    expect(scanSource('← subprocess ⇒ run\n', 'python', { phi: true })).toEqual([expect.objectContaining({ rule: 'py-subprocess', line: 1, column: 1 })])
    expect(rules('π("⇒ os; os.system(1)")  # eval(1)\n', 'python', true)).toEqual([])
  })

  test('code that does not scan throws the transpiler\'s located error', () => {
    expect(() => scanSource('x = eval(1)\ny = "open\n', 'python')).toThrow(TranspileError)
    // Without any rule's word in it there is nothing to look for, so nothing is scanned.
    expect(scanSource('y = "open\n', 'python')).toEqual([])
  })
})

describe('typescript dialect', () => {
  test('dangerous words in strings, templates, regexes and comments are no finding', () => {
    const source = [
      '// require("child_process")',
      '/* Bun.spawn(["rm"]) */',
      'const a = "eval(1)" + \'new Function("x")\'',
      'const b = `process.kill(1) ${1 + 1} import("vm")`',
      'const c = /Bun\\.spawn\\(/',
    ].join('\n')
    expect(rules(source, 'typescript')).toEqual([])
    expect(scanSource('const d = <div>eval(x) {eval(y)}</div>\n', 'typescript', { jsx: true }).map((f) => [f.rule, f.column])).toEqual([['ts-eval', 25]])
  })

  test('in code they are, import specifiers included', () => {
    const source = [
      'import { exec } from "node:child_process"',
      'const cp = require(\'child_process\')',
      'const ffi = await import("bun:ffi")',
      'Bun.spawn(["id"]); eval("1")',
      'const f = (() => {}).constructor.constructor("return this")',
      'import "vm"',
    ].join('\n')
    expect(scanSource(source, 'typescript').map((f) => [f.rule, f.line, f.column])).toEqual([
      ['ts-child-process', 1, 17],
      ['ts-child-process', 2, 12],
      ['ts-native-import', 3, 19],
      ['ts-spawn', 4, 1],
      ['ts-eval', 4, 20],
      ['ts-constructor-escape', 5, 21],
      ['ts-vm', 6, 1],
    ])
  })

  test('a specifier naming another module, or a string that is not a specifier, is no finding', () => {
    expect(rules('import fs from "node:fs"\nconst x = from("child_process")\nconst s = "child_process"\n', 'typescript')).toEqual([])
  })

  test('φ source: findings point at the φ line and column', () => {
    const source = '⇒ { spawn } ← "child_process"\nƒ run() { ⟲ eval("1") }\n'
    expect(scanSource(source, 'typescript', { phi: true }).map((f) => [f.rule, f.line, f.column])).toEqual([
      ['ts-child-process', 1, 13],
      ['ts-eval', 2, 13],
    ])
  })
})

test('docs/api.md lists every rule', async () => {
  const docs = await Bun.file(join(ROOT, 'docs/api.md')).text()
  for (const rule of [...RULES.python, ...RULES.typescript]) expect(docs).toContain(`| \`${rule.id}\` |`)
})
