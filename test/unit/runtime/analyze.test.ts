import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { recommendForPython, recommendForTypescript, type PythonProgram } from '../../../src/runtime/analyze'
import type { Interpreter } from '../../../src/runtime/types'
import { required } from '../../helpers/prerequisites'
import { tempProject } from '../../helpers/tmp'

/** This machine's PyPy as the discovery would describe it, its versions asked from PyPy itself. */
function pypy(): Interpreter {
  const path = required('pypy3')
  const [version, language] = Bun.spawnSync([path, '-c', 'import sys; print("%d.%d.%d" % sys.pypy_version_info[:3], "%d.%d.%d" % sys.version_info[:3])']).stdout.toString().trim().split(' ')
  return { kind: 'pypy', path, version: version!, languageVersion: language! }
}

/** The program of `entry` in `dir`, read from disk (φ suffix `.φ`). */
const program = (dir: string, entry: string, code?: (path: string) => string | undefined): PythonProgram => ({
  entry: join(dir, entry),
  phiSuffixes: ['.φ'],
  code: code ?? ((path) => readFileSync(path, 'utf8')),
})

describe('recommendForPython', () => {
  test('a C-extension package imported anywhere in the local modules means CPython, named in order', () => {
    const dir = tempProject({
      'main.py': 'import helper\nfrom pkg.sub import x\nimport os, json\n',
      'helper.φ': '  from yaml.loader import Loader\nimport   PIL.Image, numpy as np\n',
      'pkg/__init__.py': '',
    })
    expect(recommendForPython(program(dir, 'main.py'), undefined)).toEqual({ kind: 'cpython', reason: 'imports C-extension packages (PIL, numpy, yaml)' })
  })

  test('every package known to ship C extensions is named, in name order', () => {
    const names = ['numpy', 'scipy', 'pandas', 'torch', 'tensorflow', 'jax', 'lxml', 'cv2', 'PIL', 'matplotlib', 'sklearn', 'cryptography', 'psycopg2', 'psycopg', 'grpc', 'pyarrow', 'polars', 'numba', 'h5py', 'tables', 'zmq', 'uvloop', 'orjson', 'ujson', 'pydantic_core', 'shapely', 'gevent', 'greenlet', 'regex', 'yaml']
    const dir = tempProject({ 'main.py': `${names.map((n) => `import ${n}`).join('\n')}\nimport json, requests\n` })
    const sorted = [...names].sort()
    expect(recommendForPython(program(dir, 'main.py'), undefined)).toEqual({ kind: 'cpython', reason: `imports C-extension packages (${sorted.join(', ')})` })
  })

  test('imports are statements at the start of a line; spaces may surround the names and commas', () => {
    const inText = tempProject({ 'main.py': 's = "import numpy"\nt = "from scipy import x"  # from yaml import y\n' })
    expect(recommendForPython(program(inText, 'main.py'), undefined).reason).toBe('pure Python, but PyPy is not installed')
    const spaced = tempProject({ 'main.py': 'from  numpy import x\nimport os ,scipy\n\timport  yaml\n' })
    expect(recommendForPython(program(spaced, 'main.py'), undefined).reason).toBe('imports C-extension packages (numpy, scipy, yaml)')
  })

  test('a package folder without __init__ is local and not followed; a module that cannot be read is passed over', () => {
    const dir = tempProject({
      'main.py': 'import nsp\nimport gone\nimport broken\n',
      'nsp/mod.py': 'import numpy\n',
      'gone.py': '',
      'broken.py': '',
    })
    const code = (path: string) => {
      if (path.endsWith('gone.py')) return undefined
      if (path.endsWith('broken.py')) throw new Error('unreadable')
      return readFileSync(path, 'utf8')
    }
    expect(recommendForPython(program(dir, 'main.py', code), undefined)).toEqual({ kind: 'cpython', reason: 'pure Python, but PyPy is not installed' })
  })

  test('a package __init__, φ or .py, is followed', () => {
    const dir = tempProject({ 'main.py': 'import pkg, other\n', 'pkg/__init__.φ': 'import scipy\n', 'other/__init__.py': 'import numpy\n' })
    expect(recommendForPython(program(dir, 'main.py'), undefined).reason).toBe('imports C-extension packages (numpy, scipy)')
  })

  test('at most 200 local modules are read: an import in the 201st is not seen', () => {
    const files: Record<string, string> = { 'main.py': 'import m1\n' }
    for (let k = 1; k < 200; k++) files[`m${k}.py`] = `import m${k + 1}\n`
    files['m200.py'] = 'import numpy\n'
    const dir = tempProject(files)
    expect(recommendForPython(program(dir, 'main.py'), undefined).kind).toBe('cpython')
    expect(recommendForPython(program(dir, 'main.py'), undefined).reason).toBe('pure Python, but PyPy is not installed')
    files['m199.py'] = 'import numpy\n'
    const shorter = tempProject(files)
    expect(recommendForPython(program(shorter, 'main.py'), undefined).reason).toBe('imports C-extension packages (numpy)')
  })

  test('PyPy, asked by running it: it imports everything and compiles the code', () => {
    const py = pypy()
    const dir = tempProject({ 'main.py': 'import json, helper\nfrom os import path\nprint(json.dumps(helper.X))\n', 'helper.py': 'X = 1\n' })
    expect(recommendForPython(program(dir, 'main.py'), py)).toEqual({
      kind: 'pypy',
      reason: `PyPy ${py.version} (Python ${py.languageVersion}) at ${py.path} imports everything the program imports and compiles its code`,
    })
  })

  test('PyPy that lacks a package the program imports: CPython, naming what it cannot import', () => {
    const py = pypy()
    const dir = tempProject({ 'main.py': 'import json\nimport no_such_pkg_xyz, other_missing_q\n' })
    expect(recommendForPython(program(dir, 'main.py'), py)).toEqual({
      kind: 'cpython',
      reason: `PyPy ${py.version} (Python ${py.languageVersion}) at ${py.path} cannot import no_such_pkg_xyz, other_missing_q`,
    })
  })

  test("syntax newer than PyPy's Python: CPython, naming the file and line PyPy itself reports", () => {
    const py = pypy()
    // `match` is Python 3.10; this test needs a PyPy older than that, as Debian's and most are.
    expect(Number(py.languageVersion!.split('.')[1])).toBeLessThan(10)
    const dir = tempProject({ 'main.py': 'import helper\n', 'helper.py': 'x = 1\nmatch x:\n    case 1:\n        pass\n' })
    const said = Bun.spawnSync([py.path, '-c', 'import sys\ntry: compile(open(sys.argv[1]).read(), "h", "exec")\nexcept SyntaxError as e: print(e.msg)', join(dir, 'helper.py')]).stdout.toString().trim()
    expect(said).not.toBe('')
    const reason = recommendForPython(program(dir, 'main.py'), py).reason
    expect(reason).toBe(`PyPy ${py.version} (Python ${py.languageVersion}) at ${py.path} cannot compile ${join(dir, 'helper.py')}:2 (${said}): syntax newer than its Python`)
  })

  test('an interpreter that cannot answer: CPython, saying so', () => {
    const dir = tempProject({ 'main.py': 'print(1)\n' })
    const broken: Interpreter = { kind: 'pypy', path: required('false'), version: '7.3.0' }
    expect(recommendForPython(program(dir, 'main.py'), broken)).toEqual({ kind: 'cpython', reason: `PyPy 7.3.0 (Python ?) at ${broken.path} could not be asked what it can import` })
    const missing: Interpreter = { kind: 'pypy', path: join(dir, 'no-pypy'), version: '7.3.0', languageVersion: '3.9.0' }
    expect(recommendForPython(program(dir, 'main.py'), missing).reason).toBe(`PyPy 7.3.0 (Python 3.9.0) at ${missing.path} could not be asked what it can import`)
  })
})

describe('recommendForTypescript', () => {
  const root = tempProject({
    'node_modules/gyp/binding.gyp': '',
    'node_modules/built/build/Release/deep/addon.node': '',
    'node_modules/@scope/pre/prebuilds/linux-x64/x.node': '',
    'node_modules/plain/index.js': '',
    'node_modules/plain/build/Release/readme.txt': '',
    'node_modules/plain/lib/not-an-addon.node': '',
  })

  test('packages with a binding.gyp, a .node file under build/Release or prebuilds: Node, each named once', () => {
    const code = "import a from 'gyp'\nimport b from 'built/sub'\nimport c from '@scope/pre/deep'\nimport d from 'plain'\nimport e from 'gyp/x'\n"
    expect(recommendForTypescript(code, root)).toEqual({ kind: 'node', reason: 'imports packages with native Node addons (gyp, built, @scope/pre)' })
  })

  test('relative, absolute and scheme imports are no packages; plain packages run on Bun', () => {
    const code = "import a from './gyp'\nimport b from '/gyp'\nimport c from 'node:fs'\nimport d from 'plain'\nimport e from 'gyp:x'\n"
    expect(recommendForTypescript(code, root)).toEqual({ kind: 'bun', reason: 'no native Node addons imported: runs in-process on Bun' })
  })

  test('code whose imports cannot be read: Bun, which will show why', () => {
    expect(recommendForTypescript('import { from', root)).toEqual({ kind: 'bun', reason: 'the imports cannot be read (running it shows why)' })
  })
})
