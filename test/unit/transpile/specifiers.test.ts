import { describe, expect, test } from 'bun:test'
import { defaultTable, scanImports, transpile } from '../../../src/transpile'

const listed = (source: string, phi = false) =>
  scanImports(source, phi ? { table: defaultTable('typescript') } : {}).specifiers.map((s) => `${s.kind} ${s.value}`)

describe('scanImports: module specifiers found as tokens', () => {
  test('every import form', () =>
    expect(
      listed(
        [
          "import a from './a'",
          "import './side'",
          'export * from "./star"',
          "export { x } from './x'",
          "import type { T } from './types'",
          "const r = require('./req')",
          "const d = await import(/* chunk */ './dyn')",
          "import z = require('./tsreq')",
          "const t = `${await import('./in-substitution')}`",
        ].join('\n'),
      ),
    ).toEqual([
      'static ./a', 'static ./side', 'static ./star', 'static ./x', 'static ./types', 'require ./req',
      'dynamic ./dyn', 'require ./tsreq', 'dynamic ./in-substitution',
    ]))

  test('never in comments, strings, template text, properties or computed arguments', () =>
    expect(
      listed(
        [
          "// import './comment'",
          "/* require('./block') */",
          `const s = "import './string'"`,
          "const t = `import('./template')`",
          "obj.require('./property')",
          "import.meta.resolve('./meta')",
          "require(flag ? './a' : './b')",
          "import(`./template-arg`)",
        ].join('\n'),
      ),
    ).toEqual([]))

  test('φ source: converted in the same pass, offsets point into the φ text', () => {
    const source = "⇒ { f } ← './lib'\nconst m = ⌛ ⇒('./dyn')\n"
    const { code, specifiers } = scanImports(source, { table: defaultTable('typescript') })
    expect(code).toBe(transpile(source, { dialect: 'typescript' }))
    expect(specifiers.map((s) => [s.kind, s.value, source.slice(s.start, s.end)])).toEqual([
      ['static', './lib', './lib'],
      ['dynamic', './dyn', './dyn'],
    ])
  })

  test('plain code is returned unchanged', () => {
    const source = "const π = 3.14\nimport x from './x'\n"
    expect(scanImports(source).code).toBe(source)
  })
})
