/**
 * How a file's dialect is decided when its extension does not say: the pragma, the project's
 * `language`, then the content rule. Every expected value is written out by hand.
 */
import { describe, expect, test } from 'bun:test'
import type { Dialect } from '../../../src/transpile'
import { detectDialect, detectDialectFromContent, dialectPragma } from '../../../src/transpile/dialect'

describe('dialectPragma', () => {
  const cases: Array<[string, Dialect | undefined]> = [
    ['# phicode: python\nx = 1\n', 'python'],
    ['// phicode: typescript\n', 'typescript'],
    ['#phicode:ts', 'typescript'],
    ['  # PHICODE: Py\n', 'python'],
    ['//phicode:   TypeScript', 'typescript'],
    ['# phicode: pythonic\n', undefined],
    ['# phicode: ruby\n', undefined],
    ['# phicode python\n', undefined],
    ['x = 1\n# phicode: ts\n', undefined],
    ['x = 1  # phicode: ts\n', undefined],
    ['#!/usr/bin/env phicode\n// phicode: ts\n', 'typescript'],
    ['#!/usr/bin/env phicode\r\n# phicode: py\r\n', 'python'],
    ['#!/usr/bin/env phicode\r# phicode: ts\r', 'typescript'],
    ['#!/usr/bin/env phicode', undefined],
    ['#!/usr/bin/env phicode\nx = 1\n# phicode: ts\n', undefined],
    ['', undefined],
  ]
  for (const [source, expected] of cases) test(JSON.stringify(source), () => expect(dialectPragma(source)).toBe(expected))

  test('only the first 2,000 chars are read', () => {
    expect(dialectPragma(' '.repeat(1980) + '# phicode: ts')).toBe('typescript')
    expect(dialectPragma(' '.repeat(2000) + '# phicode: ts')).toBeUndefined()
  })
})

describe('detectDialectFromContent', () => {
  const cases: Array<[string, string, 'python' | 'typescript']> = [
    ['a python block', 'def f():\n    return 1\n', 'python'],
    ['a typescript statement', 'const x = 1;\n', 'typescript'],
    ['nothing decides: python', 'x = 1\ny = 2\n', 'python'],
    ['a tie goes to python', 'def f():\nconst x = 1\n', 'python'],
    ['more typescript lines win', 'def f():\nconst x = 1\nlet y = 2\n', 'typescript'],
    ['a trailing comment is not the line end', 'if x:  # note\nlet y = 2\n', 'python'],
    ['a block line must end in a colon', 'if x: y\nlet y = 2\n', 'typescript'],
    ['the keyword must be a whole word', 'format:\nconst a = 1\n', 'typescript'],
    ['symbols open blocks too', '¿ x:\n⋄:\nconst a = 1\n', 'python'],
    ['async def counts', 'async  def f():\nconst a = 1\n', 'python'],
    ['⟳ ƒ counts', '⟳ƒ g():\nconst a = 1\n', 'python'],
    ['⟳ ƒ with a space counts', '⟳ ƒ g():\nconst a = 1\n', 'python'],
    ['a block keyword must start the line', 'x = y if z:\nconst a = 1\n', 'typescript'],
    ['a ; inside a line is not a line end', 'x = 1; y = 2\n', 'python'],
    ["python's floor division is no comment", 'x = a // 2\n', 'python'],
    ['a declaration word must start the line', 'outlet = 1\n', 'python'],
    ['an import must start the line', `s="import 'x'"\nmsg = "import 'x'"\n`, 'python'],
    ['an import with spaces before its quote', "import  'y'\n", 'typescript'],
    ['an import glued to its quote after from', "import x from'y'\n", 'typescript'],
    ['indented block lines count', '    while x:\n\tfor a in b:\nconst a = 1\n', 'python'],
    ['a line ending in {', 'if (x) {\nclass A:\n}', 'typescript'],
    ['a line ending in ; before spaces', 'x = 1;   \n', 'typescript'],
    ['an arrow', 'f = (x) => x\n', 'typescript'],
    ['a // comment', '  // note\n', 'typescript'],
    ['export, interface, function, var, let', 'export x\ninterface I\nfunction f()\nvar a\nclass A:\ndef f():\n', 'typescript'],
    ['a declaration word needs a space after it', 'constant = 1\nletter = 2\n', 'python'],
    ['import of a quoted module', "import x from 'y'\n", 'typescript'],
    ['φ import of a quoted module', '⇒ { z } ← "zod"\n', 'typescript'],
    ['bare side-effect import', 'import "./side"\n', 'typescript'],
    ['φ side-effect import', "⇒ './side'\n", 'typescript'],
    ['python imports name modules bare', 'import os\nfrom a import b\n⇒ sys\n', 'python'],
    ['importer is not import', "importer = 'x'\n", 'python'],
    ['\\r ends a line', 'if a:\rif b:\rconst c = 1;', 'python'],
    ['\\r\\n ends a line', 'if a:\r\nif b:\r\nconst c = 1;\r\n', 'python'],
  ]
  for (const [name, source, expected] of cases) test(name, () => expect(detectDialectFromContent(source)).toBe(expected))

  test('only the first 400 lines count', () => {
    expect(detectDialectFromContent('x = 1\n'.repeat(399) + 'const a = 1;\n')).toBe('typescript')
    expect(detectDialectFromContent('x = 1\n'.repeat(400) + 'const a = 1;\n')).toBe('python')
  })

  test('only the first 100,000 chars count', () => {
    expect(detectDialectFromContent('#' + 'a'.repeat(99_980) + '\nconst a = 1;\n')).toBe('typescript')
    expect(detectDialectFromContent('#' + 'a'.repeat(100_000) + '\nconst a = 1;\n')).toBe('python')
  })
})

describe('detectDialect: pragma, then the configured language, then the content', () => {
  test('the pragma wins over the configuration and the content', () => {
    expect(detectDialect('# phicode: ts\ndef f():\n', 'python')).toBe('typescript')
    expect(detectDialect('// phicode: py\nconst a = 1;\n', 'typescript')).toBe('python')
  })
  test('the configuration wins over the content', () => {
    expect(detectDialect('def f():\n', 'typescript')).toBe('typescript')
    expect(detectDialect('const a = 1;\n', 'python')).toBe('python')
  })
  test('the content decides last', () => {
    expect(detectDialect('const a = 1;\n')).toBe('typescript')
    expect(detectDialect('def f():\n')).toBe('python')
  })
})
