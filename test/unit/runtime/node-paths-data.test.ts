import { expect, test } from 'bun:test'
import { join } from 'node:path'
import { dataAttributes, dataModule, isDataType } from '../../../src/runtime/node/_data'
import { mapPaths, mapResolveCalls } from '../../../src/runtime/node/_paths'
import { tempProject } from '../../helpers/tmp'

const project = tempProject({
  'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['src/lib/*'], 'pkg-alias': ['node_modules/real-pkg/index.js'] } } }),
  'src/lib/util.ts': 'export const u = 1\n',
  'src/app/main.ts': '',
  'node_modules/real-pkg/index.js': 'module.exports = 1\n',
  'node_modules/real-pkg/package.json': '{"name":"real-pkg","main":"index.js"}',
  'config.toml': 'port = 8080\ndefault = 1\nname = "x"\n',
  'list.yaml': '- 1\n- two\n',
  'bad.yaml': 'a: [1\n',
  'notes.txt': 'hello\n',
  'c.jsonc': '{ // comment\n "a": 1, }\n',
  'c.json5': "{ b: 'two', }\n",
  'null.yaml': '~\n',
})

test('a tsconfig path to a project file becomes a relative path; everything else stays as written', () => {
  const app = join(project, 'src/app')
  expect(mapPaths('@lib/util', app)).toBe('../lib/util.ts')
  expect(mapPaths('@lib/util', project)).toBe('./src/lib/util.ts')
  expect(mapPaths('pkg-alias', project)).toBe('pkg-alias')
  expect(mapPaths('real-pkg', project)).toBe('real-pkg')
  expect(mapPaths('fs', project)).toBe('fs')
  expect(mapPaths('node:fs', project)).toBe('node:fs')
  expect(mapPaths('./src/lib/util', project)).toBe('./src/lib/util')
  expect(mapPaths('@lib/missing', project)).toBe('@lib/missing')
  expect(mapPaths('https://example.com/x.js', project)).toBe('https://example.com/x.js')
  // A file: URL resolves to a project file, and still stays as written: it names its file already.
  expect(mapPaths(`file://${project}/src/lib/util.ts`, project)).toBe(`file://${project}/src/lib/util.ts`)
})

test('literal resolve calls are mapped the same way, other calls are not', () => {
  const js = 'import.meta.resolve("@lib/util"); __require.resolve("@lib/util"); require.resolve("@lib/util"); require.resolve("fs"); resolve("@lib/util");'
  expect(mapResolveCalls('require.resolve("\\u0066s")', project)).toBe('require.resolve("\\u0066s")')
  expect(mapResolveCalls(js, project)).toBe(
    'import.meta.resolve("./src/lib/util.ts"); __require.resolve("./src/lib/util.ts"); require.resolve("./src/lib/util.ts"); require.resolve("fs"); resolve("@lib/util");',
  )
})

test("a data file's type by its extension, query and hash left out", () => {
  expect(dataAttributes('./a.json')).toEqual({ type: 'json' })
  expect(dataAttributes('./a.jsonc')).toEqual({ type: 'jsonc' })
  expect(dataAttributes('./a.json5')).toEqual({ type: 'json5' })
  expect(dataAttributes('./a.toml?raw')).toEqual({ type: 'toml' })
  expect(dataAttributes('./a.yaml#x')).toEqual({ type: 'yaml' })
  expect(dataAttributes('./a.yml')).toEqual({ type: 'yaml' })
  expect(dataAttributes('./a.txt')).toEqual({ type: 'text' })
  expect(dataAttributes('./a.js')).toBeUndefined()
  expect(dataAttributes('./a.json.js')).toBeUndefined()
})

test('the types phicode parses are those Node does not', () => {
  expect(['text', 'toml', 'yaml', 'jsonc', 'json5', 'json', 'css', 'constructor'].map(isDataType)).toEqual([true, true, true, true, true, false, false, false])
})

test('a data file becomes a module: the value as default, each key but `default` as a named export', () => {
  expect(dataModule(join(project, 'config.toml'), 'toml')).toEqual({
    source: [
      'const data = {"port":8080,"default":1,"name":"x"}',
      'export default data',
      'const _0 = data["port"]',
      'export { _0 as "port" }',
      'const _2 = data["name"]',
      'export { _2 as "name" }',
      '',
    ].join('\n'),
  })
  expect(dataModule(join(project, 'list.yaml'), 'yaml')).toEqual({ source: 'const data = [1,"two"]\nexport default data\n' })
  expect(dataModule(join(project, 'notes.txt'), 'text')).toEqual({ source: 'const data = "hello\\n"\nexport default data\n' })
  expect(dataModule(join(project, 'c.jsonc'), 'jsonc')).toEqual({ source: 'const data = {"a":1}\nexport default data\nconst _0 = data["a"]\nexport { _0 as "a" }\n' })
  expect(dataModule(join(project, 'c.json5'), 'json5')).toEqual({ source: 'const data = {"b":"two"}\nexport default data\nconst _0 = data["b"]\nexport { _0 as "b" }\n' })
  expect(dataModule(join(project, 'null.yaml'), 'yaml')).toEqual({ source: 'const data = null\nexport default data\n' })
})

test('a data file that does not parse is a SyntaxError naming the file and the type', () => {
  const path = join(project, 'bad.yaml')
  const reply = dataModule(path, 'yaml') as { error: { name: string; message: string; stack: string } }
  expect(reply.error.name).toBe('SyntaxError')
  expect(reply.error.message.startsWith(`${path}: cannot read it as yaml: `)).toBe(true)
  expect(reply.error.message.length).toBeGreaterThan(`${path}: cannot read it as yaml: `.length)
  expect(reply.error.stack).toBe(`SyntaxError: ${reply.error.message}`)
})
