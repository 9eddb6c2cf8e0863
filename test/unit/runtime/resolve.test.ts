import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { loadConfig } from '../../../src/config/load'
import { PhicodeError } from '../../../src/errors'
import { installedFallback, resolveEntry, type ResolveRequest } from '../../../src/runtime/resolve'
import { thrown } from '../../helpers/thrown'
import { tempProject } from '../../helpers/tmp'

const PY = '# phicode: python\nπ(1)\n'
const TS = '// phicode: typescript\nπ(1)\n'

/** A request for `spec` typed in `cwd` of the project at `root`. */
const request = (root: string, spec: string | undefined, cwd = root, more: Partial<ResolveRequest> = {}): ResolveRequest => ({
  spec,
  cwd,
  config: loadConfig(root, {}),
  ...more,
})

const fails = (req: ResolveRequest): { exit: number; message: string } => {
  const error = thrown(PhicodeError, () => resolveEntry(req))
  return { exit: error.exitCode, message: error.message }
}

describe('resolveEntry by path', () => {
  const root = tempProject({
    'package.json': '{}',
    'a.φ': PY,
    'notes.txt': 'π(1)\n',
    'tool.φ': PY,
    'tool.py': 'print(1)\n',
    'two.py': 'print(1)\n',
    'two.ts': 'console.log(1)\n',
    'three.ts': '',
    'three.tsx': '',
    'four.js': '',
    'four.mjs': '',
    'five.mjs': '',
    'six.tsx': '',
    'data.v1.py': '',
    'app/__main__.φ': PY,
    'app/__main__.py': '',
    'pyapp/__main__.py': 'print(1)\n',
    'empty/x.txt': '',
    'back\\slash.py': '',
    'sub/inner.py': '',
  })

  test('a file, relative or absolute: its kind, dialect, decision and project root', () => {
    expect(resolveEntry(request(root, './a.φ'))).toEqual({
      path: join(root, 'a.φ'),
      kind: 'phi',
      dialect: 'python',
      decision: { dialect: 'python', by: 'pragma' },
      root,
    })
    expect(resolveEntry(request(root, join(root, 'two.py'), '/')).path).toBe(join(root, 'two.py'))
    expect(resolveEntry(request(root, 'inner.py', join(root, 'sub')))).toEqual({
      path: join(root, 'sub/inner.py'),
      kind: 'python',
      dialect: 'python',
      decision: { dialect: 'python', by: 'extension' },
      root,
    })
  })

  test('a file with an unknown extension runs as φ', () => {
    const entry = resolveEntry(request(root, './notes.txt'))
    expect([entry.path, entry.kind]).toEqual([join(root, 'notes.txt'), 'phi'])
  })

  test('without an extension: the φ file first, then .py, .ts, .tsx, .js, .mjs', () => {
    expect(resolveEntry(request(root, './tool')).path).toBe(join(root, 'tool.φ'))
    expect(resolveEntry(request(root, './two')).path).toBe(join(root, 'two.py'))
    expect(resolveEntry(request(root, './three')).path).toBe(join(root, 'three.ts'))
    expect(resolveEntry(request(root, './four')).path).toBe(join(root, 'four.js'))
    expect(resolveEntry(request(root, './five')).path).toBe(join(root, 'five.mjs'))
    expect(resolveEntry(request(root, './six')).path).toBe(join(root, 'six.tsx'))
  })

  test('a folder runs its __main__ (φ before .py); one without is exit 67', () => {
    expect(resolveEntry(request(root, './app')).path).toBe(join(root, 'app/__main__.φ'))
    expect(resolveEntry(request(root, './pyapp')).path).toBe(join(root, 'pyapp/__main__.py'))
    expect(fails(request(root, './empty'))).toEqual({ exit: 67, message: `${join(root, 'empty')}: is a directory with no __main__ module to run` })
  })

  test('a missing file is exit 66, with or without an extension (no candidates for one that has it)', () => {
    expect(fails(request(root, './nothing'))).toEqual({ exit: 66, message: './nothing: no such file' })
    expect(fails(request(root, './tool.ts'))).toEqual({ exit: 66, message: './tool.ts: no such file' })
    // `data.v1` has an extension, `.v1`: data.v1.py is not tried.
    expect(fails(request(root, './data.v1'))).toEqual({ exit: 66, message: './data.v1: no such file' })
  })

  test('a backslash, a leading dot or a name that is no identifier is a path, not a module name', () => {
    expect(resolveEntry(request(root, 'back\\slash.py')).path).toBe(join(root, 'back\\slash.py'))
    expect(resolveEntry(request(root, 'back\\slash')).path).toBe(join(root, 'back\\slash.py'))
    expect(fails(request(root, 'my-tool')).message).toBe('my-tool: no such file')
    expect(fails(request(root, '.hidden')).message).toBe('.hidden: no such file')
    expect(fails(request(root, '1abc')).message).toBe('1abc: no such file')
  })

  test("a path inside phicode's own binary is no module to run", () => {
    expect(fails(request(root, '/$bunfs/root/phicode'))).toEqual({ exit: 66, message: '/$bunfs/root/phicode: a file inside the phicode binary, not a module to run' })
  })
})

describe('resolveEntry by module name', () => {
  const root = tempProject({
    'package.json': '{}',
    'main.φ': PY,
    'pkg/tool.φ': PY,
    'pkg/tool2.φ': PY,
    'pkg/__main__.py': '',
    'bare/__main__.φ': PY,
    '__pycache__/pyc.φ': PY,
    'venv/venvm.φ': PY,
    'dist/distm.φ': PY,
    'build/buildm.φ': PY,
    'site-packages/sitem.φ': PY,
    'hollow/readme.txt': '',
    'src/lib.φ': TS,
    'src/lib.ts': '',
    'node_modules/dep/nm.φ': PY,
    'node_modules/nm.φ': PY,
    '.hidden/hid.φ': PY,
    'b/shared.φ': TS,
    'a/shared.φ': PY,
    'plain/only.py': '',
    'work/here.py': '',
  })

  test('nothing typed runs main', () => {
    expect(resolveEntry(request(root, undefined)).path).toBe(join(root, 'main.φ'))
  })

  test('a dotted name is a module under the working directory, named as Python would', () => {
    expect(resolveEntry(request(root, 'pkg.tool'))).toMatchObject({ path: join(root, 'pkg/tool.φ'), module: 'pkg.tool', base: root })
    expect(resolveEntry(request(root, 'pkg'))).toMatchObject({ path: join(root, 'pkg/__main__.py'), module: 'pkg.__main__', base: root })
    const plain = resolveEntry(request(root, 'main'))
    expect([plain.path, plain.module, plain.base]).toEqual([join(root, 'main.φ'), undefined, undefined])
  })

  test('then the project root, then its folders holding φ files, in name order, never node_modules, hidden or plain-only folders', () => {
    const cwd = join(root, 'work')
    expect(resolveEntry(request(root, 'main', cwd)).path).toBe(join(root, 'main.φ'))
    expect(resolveEntry(request(root, 'lib', cwd)).path).toBe(join(root, 'src/lib.φ'))
    expect(resolveEntry(request(root, 'shared', cwd)).path).toBe(join(root, 'a/shared.φ'))
    expect(resolveEntry(request(root, 'bare', cwd)).path).toBe(join(root, 'bare/__main__.φ'))
    expect(resolveEntry(request(root, 'here', cwd)).path).toBe(join(cwd, 'here.py'))
    expect(resolveEntry(request(root, 'pkg.tool2', cwd))).toMatchObject({ path: join(root, 'pkg/tool2.φ'), module: 'pkg.tool2' })
    for (const name of ['nm', 'hid', 'only', 'pyc', 'venvm', 'distm', 'buildm', 'sitem']) {
      expect(fails(request(root, name, cwd))).toEqual({ exit: 66, message: `module '${name}' not found (looked for ${name}.φ/.py/.ts/… in ., ${root}, ${join(root, 'a')}, ${join(root, 'b')}, ${join(root, 'bare')}, ${join(root, 'pkg')}, ${join(root, 'src')})` })
    }
  })

  test('from the root the looked-in list shortens the working directory to .', () => {
    expect(fails(request(root, 'nope')).message).toBe(`module 'nope' not found (looked for nope.φ/.py/.ts/… in ., ./a, ./b, ./bare, ./pkg, ./src)`)
    expect(fails(request(root, 'x.nope')).message).toContain('looked for x/nope.φ/.py/.ts/…')
  })

  test('a folder of that name without __main__ is exit 67', () => {
    expect(fails(request(root, 'hollow'))).toEqual({ exit: 67, message: `${join(root, 'hollow')}: is a directory with no __main__ module to run` })
  })
})

describe('resolveEntry with -m', () => {
  const root = tempProject({
    'package.json': '{}',
    'pkg/tool.φ': TS,
    'pkg/other.py': '',
    'pkg/__main__.py': '',
    'app/__main__.φ': '',
    'plain.ts': '',
  })
  const m = (spec: string, cwd = root) => resolveEntry(request(root, spec, cwd, { pythonModule: true }))

  test('a φ module is Python whatever its pragma says… unless the pragma contradicts: then exit 71', () => {
    expect(fails(request(root, 'pkg.tool', root, { pythonModule: true }))).toEqual({ exit: 71, message: 'tool.φ is typescript code; it cannot run on a Python interpreter' })
  })

  test('a .py module, a package main, each with its dotted name and the working directory as base', () => {
    expect(m('pkg.other')).toEqual({
      path: join(root, 'pkg/other.py'),
      kind: 'python',
      dialect: 'python',
      decision: { dialect: 'python', by: 'extension' },
      root,
      module: 'pkg.other',
      base: root,
    })
    expect(m('pkg')).toMatchObject({ path: join(root, 'pkg/__main__.py'), module: 'pkg.__main__' })
    expect(m('app')).toEqual({
      path: join(root, 'app/__main__.φ'),
      kind: 'phi',
      dialect: 'python',
      decision: { dialect: 'python', by: 'flag' },
      root,
      module: 'app.__main__',
      base: root,
    })
  })

  test('a name no file holds is an installed module for the interpreter to find; a .ts file is none', () => {
    const cwd = join(root, 'pkg')
    expect(m('http.server', cwd)).toEqual({
      path: join(cwd, 'http.server'),
      kind: 'python',
      dialect: 'python',
      decision: { dialect: 'python', by: 'extension' },
      root,
      module: 'http.server',
      base: cwd,
      installed: true,
    })
    expect(m('plain').installed).toBe(true)
  })

  test('not a dotted identifier: exit 64', () => {
    expect(fails(request(root, 'pkg/tool', root, { pythonModule: true }))).toEqual({ exit: 64, message: '-m pkg/tool: not a module name (dotted Python identifiers, e.g. pkg.tool)' })
  })
})

describe('the dialect of an entry', () => {
  const root = tempProject({
    'package.json': '{}',
    'x.py': '',
    'x.ts': '',
    'py.φ': PY,
    'free.φ': 'π(1)\n',
  })

  test('a plain file against the flag of the other dialect is exit 71, naming what would run it', () => {
    expect(fails(request(root, 'x.py', root, { flagDialect: 'typescript' }))).toEqual({ exit: 71, message: 'x.py is python code; it cannot run on Bun or Node' })
    expect(fails(request(root, 'x.ts', root, { flagDialect: 'python' }))).toEqual({ exit: 71, message: 'x.ts is typescript code; it cannot run on a Python interpreter' })
    expect(resolveEntry(request(root, 'x.ts', root, { flagDialect: 'typescript' })).decision).toEqual({ dialect: 'typescript', by: 'extension' })
  })

  test('a φ pragma against the flag is exit 71; a flag decides a φ file without one', () => {
    expect(fails(request(root, 'py.φ', root, { flagDialect: 'typescript' })).message).toBe('py.φ is python code; it cannot run on Bun or Node')
    expect(resolveEntry(request(root, 'py.φ', root, { flagDialect: 'python' })).decision).toEqual({ dialect: 'python', by: 'flag' })
    expect(resolveEntry(request(root, 'free.φ', root, { flagDialect: 'typescript' })).decision).toEqual({ dialect: 'typescript', by: 'flag' })
    expect(resolveEntry(request(root, 'free.φ')).decision).toEqual({ dialect: 'typescript', by: 'marker', marker: join(root, 'package.json') })
  })
})

describe('installedFallback', () => {
  test('a dotted name becomes an installed module; a path or nothing does not', () => {
    const cwd = tempProject({ 'package.json': '{}' })
    expect(installedFallback('pytest', cwd)).toMatchObject({ path: join(cwd, 'pytest'), module: 'pytest', base: cwd, installed: true, kind: 'python', dialect: 'python', root: cwd })
    expect(installedFallback('a/b', cwd)).toBeUndefined()
    expect(installedFallback(undefined, cwd)).toBeUndefined()
  })
})
