import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { findTsconfig, jsxPragmas, readJsonc } from '../../../src/runtime/tsconfig'
import { ConfigError } from '../../../src/errors'
import { thrown } from '../../helpers/thrown'
import { tempProject } from '../../helpers/tmp'

describe('readJsonc', () => {
  test('comments and trailing commas are blanked, strings that look like them are kept', () => {
    const dir = tempProject({
      'tsconfig.json': [
        '// a line comment',
        '{ /* a block',
        '   comment */ "compilerOptions": {',
        '    "jsxImportSource": "a//b", // trailing',
        '    "jsxFactory": "h /* not a comment */,}",',
        '    "jsx": "say \\"hi\\" // x",',
        '  },',
        '  "include": ["src", ],',
        '}',
      ].join('\n'),
    })
    expect(readJsonc(join(dir, 'tsconfig.json'))).toEqual({
      compilerOptions: { jsxImportSource: 'a//b', jsxFactory: 'h /* not a comment */,}', jsx: 'say "hi" // x' },
      include: ['src'],
    })
  })

  test('a syntax error is reported on its own line and column, comments before it counted', () => {
    const dir = tempProject({ 'tsconfig.json': '/* one\n two */ {\n  "a": 1,\n  /* c */ "b" 2\n}\n' })
    const error = thrown(ConfigError, () => readJsonc(join(dir, 'tsconfig.json')))
    expect(String(error)).toContain(`${join(dir, 'tsconfig.json')}:4:15`)
  })

  test('null or a string reads as no fields', () => {
    const dir = tempProject({ 'b.json': 'null', 'c.json': '"x"' })
    for (const name of ['b.json', 'c.json']) expect(readJsonc(join(dir, name))).toEqual({})
  })
})

describe('findTsconfig', () => {
  test('the nearest tsconfig.json upwards, with its extends chain: bases first, the file itself last', () => {
    const dir = tempProject({
      'tsconfig.json': JSON.stringify({ extends: ['./base', './configs/other.json'], compilerOptions: { jsx: 'react' } }),
      'base.json': JSON.stringify({ extends: './deeper.json', compilerOptions: { jsx: 'preserve', jsxFactory: 'h', experimentalDecorators: true } }),
      'deeper.json': JSON.stringify({ compilerOptions: { jsxFragmentFactory: 'Frag', jsxFactory: 'deep' } }),
      'configs/other.json': JSON.stringify({ compilerOptions: { jsxFactory: 'other' } }),
      'src/app/x.ts': '',
    })
    const found = findTsconfig(join(dir, 'src/app'))
    expect(found.path).toBe(join(dir, 'tsconfig.json'))
    expect(found.compilerOptions).toEqual({ jsx: 'react', jsxFactory: 'other', jsxFragmentFactory: 'Frag', experimentalDecorators: true })
  })

  test('a base from a package: its name, name.json, or name/tsconfig.json', () => {
    const dir = tempProject({
      'tsconfig.json': JSON.stringify({ extends: ['@tsconfig/a/tsconfig.json', 'pkg-b/strict', 'pkg-c', '@missing/x'] }),
      'node_modules/@tsconfig/a/tsconfig.json': JSON.stringify({ compilerOptions: { jsx: 'a', jsxFactory: 'A' } }),
      'node_modules/@tsconfig/a/package.json': '{"name":"@tsconfig/a"}',
      'node_modules/pkg-b/strict.json': JSON.stringify({ compilerOptions: { jsxFactory: 'B' } }),
      'node_modules/pkg-b/package.json': '{"name":"pkg-b"}',
      'node_modules/pkg-c/tsconfig.json': JSON.stringify({ compilerOptions: { jsxImportSource: 'C' } }),
      'node_modules/pkg-c/package.json': '{"name":"pkg-c"}',
    })
    expect(findTsconfig(dir).compilerOptions).toEqual({ jsx: 'a', jsxFactory: 'B', jsxImportSource: 'C' })
  })

  test('a relative base that does not exist is passed over; a cycle of bases ends', () => {
    const dir = tempProject({
      'tsconfig.json': JSON.stringify({ extends: ['./nothing', './a.json'], compilerOptions: { jsx: 'own' } }),
      'a.json': JSON.stringify({ extends: './tsconfig.json', compilerOptions: { jsx: 'a', jsxFactory: 'fromA' } }),
    })
    expect(findTsconfig(dir).compilerOptions).toEqual({ jsx: 'own', jsxFactory: 'fromA' })
  })

  test('a base path, relative or absolute, is that file or that name with .json, never a module of that name (as tsc reads it)', () => {
    const base = tempProject({ 'shared.json': JSON.stringify({ compilerOptions: { jsxFactory: 'abs' } }), 'shared.ts': 'export const x = 1\n', 'shared.js': 'exports.x = 1\n' })
    const dir = tempProject({
      'tsconfig.json': JSON.stringify({ extends: join(base, 'shared') }),
      'rel/tsconfig.json': JSON.stringify({ extends: './near' }),
      'rel/near.json': JSON.stringify({ compilerOptions: { jsxFactory: 'near' } }),
      'rel/near.js': 'module.exports = {}\n',
      'rel/near.ts': 'export {}\n',
    })
    expect(findTsconfig(dir).compilerOptions).toEqual({ jsxFactory: 'abs' })
    expect(findTsconfig(join(dir, 'rel')).compilerOptions).toEqual({ jsxFactory: 'near' })
  })

  test('a folder named tsconfig.json is no config; none up to the root gives no path and no options', () => {
    const dir = tempProject({ 'tsconfig.json/x': '', 'sub/y.ts': '' })
    // Under the system's temp folder nothing above has a tsconfig.json either.
    expect(findTsconfig(join(dir, 'sub'))).toEqual({ path: undefined, compilerOptions: {} })
  })
})

describe('jsxPragmas', () => {
  test('classic runtime: React.createElement and React.Fragment unless the config names others', () => {
    expect(jsxPragmas({ jsx: 'react' })).toBe('/** @jsxRuntime classic */ /** @jsx React.createElement */ /** @jsxFrag React.Fragment */')
    expect(jsxPragmas({ jsx: 'react', jsxFactory: 'h', jsxFragmentFactory: 'F', jsxImportSource: 'x' })).toBe('/** @jsxRuntime classic */ /** @jsx h */ /** @jsxFrag F */')
  })

  test('an import source for the automatic runtime; nothing when Bun defaults apply', () => {
    expect(jsxPragmas({ jsx: 'react-jsx', jsxImportSource: 'preact' })).toBe('/** @jsxImportSource preact */')
    expect(jsxPragmas({ jsx: 'react-jsx' })).toBeUndefined()
    expect(jsxPragmas({})).toBeUndefined()
  })
})
