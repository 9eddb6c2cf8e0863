/**
 * Interpreter probing, its cache and discovery: real python3, pypy3 and node (their own answers
 * are the oracle), and small shell scripts standing in for interpreters that answer oddly.
 */
import { afterAll, beforeEach, describe, expect, test } from 'bun:test'
import { chmodSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PhicodeError } from '../../../src/errors'
import { cachedProbe } from '../../../src/runtime/interpreters/_cache'
import { probeAny, probeNode, probePython } from '../../../src/runtime/interpreters/probe'
import type { Interpreter } from '../../../src/runtime/types'
import { startNoting, stopNoting } from '../../../src/util/probes'
import { thrown } from '../../helpers/thrown'
import { tempDir } from '../../helpers/tmp'

const saved = { ...process.env }
const home = tempDir('phicode-interp-home-')
process.env.PHICODE_HOME = home
afterAll(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
  Object.assign(process.env, saved)
})

/** The real tools; a missing one fails here, loudly. */
function tool(name: string): string {
  const path = Bun.which(name)
  if (!path) throw new Error(`${name} is not on PATH: these tests need it`)
  return path
}
const ask = (cmd: string[]) => {
  const r = Bun.spawnSync(cmd, { stdout: 'pipe', stderr: 'pipe' })
  if (!r.success) throw new Error(`${cmd.join(' ')} failed: ${r.stderr}`)
  return r.stdout.toString().trim().split('\n')
}
const PY = 'import sys, platform; print(sys.executable); print(platform.python_version())'

const fakes = tempDir('phicode-interp-fakes-')
/** A shell script answering the Python probe (`-c`) with `py` and the Node probe (`-e`) with `node`. */
function fake(name: string, py: string | undefined, node: string | undefined, dir = fakes): string {
  const path = join(dir, name)
  const answer = (text: string | undefined) => (text === undefined ? 'exit 1' : `printf '%s' '${text}'`)
  writeFileSync(path, `#!/bin/sh\ncase "$1" in\n  -c) ${answer(py)} ;;\n  -e) ${answer(node)} ;;\n  *) exit 2 ;;\nesac\n`)
  chmodSync(path, 0o755)
  return path
}

describe('probe', () => {
  test('python3 answers with its real executable (not the shim) and version', () => {
    const [executable, version] = ask([tool('python3'), '-c', PY])
    expect(probePython(tool('python3'))).toEqual({ kind: 'cpython', path: executable!, version: version!, languageVersion: version! })
  })

  test("pypy3 answers as PyPy: its own version, and the language version it runs", () => {
    const [executable, language, pypy] = ask([tool('pypy3'), '-c', `${PY}; print('.'.join(map(str, sys.pypy_version_info[:3])))`])
    expect(probePython(tool('pypy3'))).toEqual({ kind: 'pypy', path: executable!, version: pypy!, languageVersion: language! })
  })

  test('node answers with its executable and version', () => {
    const [executable, version] = ask([tool('node'), '-e', 'console.log(process.execPath); console.log(process.versions.node)'])
    expect(probeNode(tool('node'))).toEqual({ kind: 'node', path: executable!, version: version! })
    expect(probePython(tool('node'))).toBeUndefined()
    expect(probeNode(tool('python3'))).toBeUndefined()
  })

  test('answers are trimmed line by line; a PyPy without its own version takes the language version', () => {
    expect(probePython(fake('spaced', '  /x/python  \n CPython \n 3.11.0 \n', undefined))).toEqual({ kind: 'cpython', path: '/x/python', version: '3.11.0', languageVersion: '3.11.0' })
    expect(probePython(fake('pypy-bare', '/x/pypy\nPyPy\n3.10.1\n', undefined))).toEqual({ kind: 'pypy', path: '/x/pypy', version: '3.10.1', languageVersion: '3.10.1' })
    expect(probeNode(fake('node-spaced', undefined, ' /x/node \n 22.1.0 '))).toEqual({ kind: 'node', path: '/x/node', version: '22.1.0' })
  })

  test('too few lines, a failure or a missing file is no interpreter', () => {
    expect(probePython(fake('two-lines', '/x/python\nCPython\n', undefined))).toBeUndefined()
    expect(probeNode(fake('one-line', undefined, '/x/node\n'))).toBeUndefined()
    expect(probePython(fake('fails', undefined, undefined))).toBeUndefined()
    expect(probePython(join(fakes, 'does-not-exist'))).toBeUndefined()
    expect(probeNode(join(fakes, 'does-not-exist'))).toBeUndefined()
  })

  test('probeAny asks Node first for a name with "node" in it, Python first otherwise', () => {
    const py = '/x/py\nCPython\n3.12.0\n'
    const node = '/x/node\n20.1.0\n'
    expect(probeAny(fake('both-NODE', py, node))).toEqual({ kind: 'node', path: '/x/node', version: '20.1.0' })
    expect(probeAny(fake('both-py', py, node))).toEqual({ kind: 'cpython', path: '/x/py', version: '3.12.0', languageVersion: '3.12.0' })
    expect(probeAny(fake('only-node', undefined, node))).toEqual({ kind: 'node', path: '/x/node', version: '20.1.0' })
    expect(probeAny(fake('node-only-py', py, undefined))).toEqual({ kind: 'cpython', path: '/x/py', version: '3.12.0', languageVersion: '3.12.0' })
    const error = thrown(PhicodeError, () => probeAny(fake('neither', undefined, undefined)))
    expect([error.message, error.exitCode]).toEqual([`${join(fakes, 'neither')} is neither Python nor Node: unknown interpreter`, 64])
  })
})

describe('cachedProbe', () => {
  const found: Interpreter = { kind: 'cpython', path: '/x/real-python', version: '3.12.0', languageVersion: '3.12.0' }
  let calls = 0
  const probe = (path: string) => {
    calls++
    return path.endsWith('none') ? undefined : found
  }
  const cacheFile = join(home, 'interpreters.json')
  const fp = (path: string) => {
    const st = statSync(path, { throwIfNoEntry: false })
    return st ? `${st.mtimeMs}:${st.size}` : 'missing'
  }
  beforeEach(() => {
    calls = 0
    writeFileSync(cacheFile, '{}')
    delete process.env.PYENV_VERSION
    delete process.env.PYENV_ROOT
  })

  test('a binary is probed once: its entry names its size and time, and the real executable', () => {
    const dir = tempDir('phicode-interp-bin-')
    const binary = join(dir, 'python3')
    writeFileSync(binary, '\x7fELF not a script')
    expect(cachedProbe(binary, dir, 'python', probe)).toEqual(found)
    expect(cachedProbe(binary, dir, 'python', probe)).toEqual(found)
    expect(calls).toBe(1)
    expect(JSON.parse(readFileSync(cacheFile, 'utf8'))).toEqual({ [`python:${binary}`]: { key: `${fp(binary)}|`, real: 'missing', interpreter: found } })
    // Two-space indentation, as written for people to read.
    expect(readFileSync(cacheFile, 'utf8')).toBe(JSON.stringify({ [`python:${binary}`]: { key: `${fp(binary)}|`, real: 'missing', interpreter: found } }, null, 2))
    // A changed candidate is probed again.
    utimesSync(binary, new Date(2001, 1, 1), new Date(2001, 1, 1))
    expect(cachedProbe(binary, dir, 'python', probe)).toEqual(found)
    expect(calls).toBe(2)
    // PYENV_VERSION means nothing for a binary.
    process.env.PYENV_VERSION = '3.9.0'
    cachedProbe(binary, dir, 'python', probe)
    expect(calls).toBe(2)
  })

  test('a changed real executable is probed again', () => {
    const dir = tempDir('phicode-interp-real-')
    const binary = join(dir, 'python3')
    const real = join(dir, 'real')
    writeFileSync(binary, 'bin')
    writeFileSync(real, 'one')
    const withReal = () => (calls++, { ...found, path: real })
    cachedProbe(binary, dir, 'python', withReal)
    cachedProbe(binary, dir, 'python', withReal)
    expect(calls).toBe(1)
    writeFileSync(real, 'three')
    cachedProbe(binary, dir, 'python', withReal)
    expect(calls).toBe(2)
  })

  test("a shim's entry also holds PYENV_VERSION, pyenv's global version file and the nearest version file", () => {
    const root = tempDir('phicode-interp-pyenv-')
    mkdirSync(join(root, 'shims'))
    const shim = join(root, 'shims', 'python3')
    writeFileSync(shim, '#!/bin/sh\n')
    writeFileSync(join(root, 'version'), '3.11.7\n')
    const project = join(root, 'project', 'deep')
    mkdirSync(project, { recursive: true })
    writeFileSync(join(root, 'project', '.tool-versions'), 'python 3.11.7\n')
    process.env.PYENV_VERSION = '3.11.7'
    expect(cachedProbe(shim, project, 'python', probe)).toEqual(found)
    const nearest = join(root, 'project', '.tool-versions')
    const key = `${fp(shim)}|3.11.7|${fp(join(root, 'version'))}|${nearest}${fp(nearest)}`
    expect(JSON.parse(readFileSync(cacheFile, 'utf8'))[`python:${shim}`].key).toBe(key)
    cachedProbe(shim, project, 'python', probe)
    expect(calls).toBe(1)
    // Each part of the selection, changed, sends it to the probe again.
    process.env.PYENV_VERSION = '3.12.0'
    cachedProbe(shim, project, 'python', probe)
    expect(calls).toBe(2)
    writeFileSync(join(root, 'version'), '3.12.0\n')
    cachedProbe(shim, project, 'python', probe)
    expect(calls).toBe(3)
    writeFileSync(join(project, '.python-version'), '3.10\n')
    cachedProbe(shim, project, 'python', probe)
    expect(calls).toBe(4)
    expect(JSON.parse(readFileSync(cacheFile, 'utf8'))[`python:${shim}`].key).toBe(`${fp(shim)}|3.12.0|${fp(join(root, 'version'))}|${join(project, '.python-version')}${fp(join(project, '.python-version'))}`)
  })

  test('PYENV_ROOT names where the global version file is; no version file anywhere is an empty part', () => {
    const root = tempDir('phicode-interp-pyenv-root-')
    const shim = join(root, 'python3')
    writeFileSync(shim, '#!/usr/bin/env bash\n')
    process.env.PYENV_ROOT = join(root, 'elsewhere')
    mkdirSync(process.env.PYENV_ROOT)
    writeFileSync(join(process.env.PYENV_ROOT, 'version'), 'system\n')
    cachedProbe(shim, '/', 'python', probe)
    expect(JSON.parse(readFileSync(cacheFile, 'utf8'))[`python:${shim}`].key).toBe(`${fp(shim)}||${fp(join(root, 'elsewhere', 'version'))}|`)
  })

  test('a file of one byte is no script; nothing is kept for a candidate that is no interpreter', () => {
    const dir = tempDir('phicode-interp-none-')
    const one = join(dir, 'one')
    writeFileSync(one, '#')
    cachedProbe(one, dir, 'python', probe)
    expect(JSON.parse(readFileSync(cacheFile, 'utf8'))[`python:${one}`].key).toBe(`${fp(one)}|`)
    const none = join(dir, 'none')
    writeFileSync(none, 'x')
    expect(cachedProbe(none, dir, 'python', probe)).toBeUndefined()
    expect(Object.keys(JSON.parse(readFileSync(cacheFile, 'utf8')))).toEqual([`python:${one}`])
  })

  test('a candidate that cannot be opened is no script: its entry is its fingerprint alone', () => {
    const dir = tempDir('phicode-interp-gone-')
    const gone = join(dir, 'gone')
    expect(cachedProbe(gone, dir, 'python', probe)).toEqual(found)
    expect(JSON.parse(readFileSync(cacheFile, 'utf8'))[`python:${gone}`].key).toBe('missing|')
  })

  test("the candidate is noted as a program (its content and mode) for a run plan's witnesses", () => {
    const dir = tempDir('phicode-interp-noted-')
    const binary = join(dir, 'python3')
    writeFileSync(binary, 'bin')
    startNoting()
    cachedProbe(binary, dir, 'python', probe)
    expect(stopNoting().get(binary)).toBe('program')
  })

  test('one file asked for by two probes keeps an answer per probe', () => {
    const dir = tempDir('phicode-interp-two-')
    const binary = join(dir, 'both')
    writeFileSync(binary, 'bin')
    const node: Interpreter = { kind: 'node', path: '/x/node', version: '20.0.0' }
    expect(cachedProbe(binary, dir, 'python', probe)).toEqual(found)
    expect(cachedProbe(binary, dir, 'node', () => node)).toEqual(node)
    expect(cachedProbe(binary, dir, 'python', probe)).toEqual(found)
    expect(calls).toBe(1)
  })

  test('a damaged cache file counts as empty and is written anew; an unwritable one costs only the probe', () => {
    const dir = tempDir('phicode-interp-damaged-')
    const binary = join(dir, 'python3')
    writeFileSync(binary, 'bin')
    writeFileSync(cacheFile, '{ damaged')
    expect(cachedProbe(binary, dir, 'python', probe)).toEqual(found)
    expect(Object.keys(JSON.parse(readFileSync(cacheFile, 'utf8')))).toEqual([`python:${binary}`])
    process.env.PHICODE_HOME = join(binary, 'not-a-dir')
    try {
      expect(cachedProbe(binary, dir, 'python', probe)).toEqual(found)
      expect(cachedProbe(binary, dir, 'python', probe)).toEqual(found)
      expect(calls).toBe(3)
    } finally {
      process.env.PHICODE_HOME = home
    }
  })
})

describe('discovery', () => {
  const bin = tempDir('phicode-interp-path-')
  const py = '/x/py\nCPython\n3.12.0\n'
  fake('python', py, undefined, bin)
  fake('pypy', '/x/pypy\nPyPy\n3.10.14\n7.3.17', undefined, bin)
  fake('node', undefined, '/x/node\n20.9.0', bin)
  const CHILD = join(import.meta.dir, '../../fixtures/runtime/discover-call.ts')

  /** `fn(...args)` of discover.ts in a bun whose PATH is `PATH` (default: the fakes only) and with `env`. */
  function call(env: Record<string, string>, fn: string, ...args: string[]): unknown {
    const r = Bun.spawnSync([process.execPath, CHILD, JSON.stringify([fn, ...args])], {
      env: { ...process.env, PATH: bin, PHICODE_HOME: home, ...env },
      stdout: 'pipe',
      stderr: 'pipe',
    })
    if (!r.success) throw new Error(`discover-call failed: ${r.stderr}`)
    const answer = JSON.parse(r.stdout.toString()) as { value?: unknown; error?: string }
    return answer.error ?? answer.value
  }
  const CPY = { kind: 'cpython', path: '/x/py', version: '3.12.0', languageVersion: '3.12.0' }
  const PYPY = { kind: 'pypy', path: '/x/pypy', version: '7.3.17', languageVersion: '3.10.14' }
  const NODE = { kind: 'node', path: '/x/node', version: '20.9.0' }

  test('bun is this executable; the others are found on PATH, second names too', () => {
    expect(call({}, 'findInterpreter', 'bun', '/')).toEqual({ kind: 'bun', path: process.execPath, version: Bun.version })
    expect(call({}, 'findInterpreter', 'cpython', '/')).toEqual(CPY)
    expect(call({}, 'findInterpreter', 'pypy', '/')).toEqual(PYPY)
    expect(call({}, 'findInterpreter', 'node', '/')).toEqual(NODE)
  })

  test('the first name is preferred, and each kind reads its own variable, by path or by name', () => {
    const first = tempDir('phicode-interp-first-')
    fake('python3', '/x/py3\nCPython\n3.13.0\n', undefined, first)
    fake('pypy3', '/x/pypy3\nPyPy\n3.9.0\n7.3.0', undefined, first)
    expect((call({ PATH: `${first}:${bin}` }, 'findInterpreter', 'cpython', '/') as Interpreter).path).toBe('/x/py3')
    expect((call({ PATH: `${first}:${bin}` }, 'findInterpreter', 'pypy', '/') as Interpreter).path).toBe('/x/pypy3')
    const other = tempDir('phicode-interp-other-')
    const mine = fake('mine', '/x/mine\nCPython\n3.9.1\n', undefined, other)
    expect((call({ PHITON_PATH: mine }, 'findInterpreter', 'cpython', '/') as Interpreter).path).toBe('/x/mine')
    const myPypy = fake('my-pypy', '/x/my-pypy\nPyPy\n3.9.0\n7.3.0', undefined, other)
    expect((call({ PHIPY_PATH: myPypy }, 'findInterpreter', 'pypy', '/') as Interpreter).path).toBe('/x/my-pypy')
    const myNode = fake('my-node', undefined, '/x/my-node\n21.0.0', other)
    expect((call({ PHINODE_PATH: myNode }, 'findInterpreter', 'node', '/') as Interpreter).path).toBe('/x/my-node')
    expect((call({ PATH: `${other}:${bin}`, PHITON_PATH: 'mine' }, 'findInterpreter', 'cpython', '/') as Interpreter).path).toBe('/x/mine')
  })

  test('a variable naming nothing, something that is not the interpreter, or CPython for PyPy, is an error that says so', () => {
    expect(call({ PHITON_PATH: join(bin, 'missing') }, 'findInterpreter', 'cpython', '/')).toBe(`69 PHITON_PATH=${join(bin, 'missing')}: no such interpreter`)
    expect(call({ PHITON_PATH: join(bin, 'node') }, 'findInterpreter', 'cpython', '/')).toBe(`69 ${join(bin, 'node')} (from PHITON_PATH) does not run as CPython`)
    expect(call({ PHIPY_PATH: join(bin, 'python') }, 'findInterpreter', 'pypy', '/')).toBe(`69 ${join(bin, 'python')} (from PHIPY_PATH) is CPython, not PyPy`)
    const odd = tempDir('phicode-interp-odd-')
    fake('pypy3', '/x/py\nCPython\n3.12.0\n', undefined, odd)
    fake('node', '/x/py\nCPython\n3.12.0\n', undefined, odd)
    expect(call({ PATH: odd }, 'findInterpreter', 'pypy', '/')).toBe(`69 ${join(odd, 'pypy3')} (from PATH) is CPython, not PyPy`)
    expect(call({ PATH: odd }, 'findInterpreter', 'node', '/')).toBe(`69 ${join(odd, 'node')} (from PATH) does not run as Node`)
  })

  test('nothing on PATH: null, and requireInterpreter names what it looked for', () => {
    const PATH = tempDir('phicode-interp-empty-')
    expect(call({ PATH }, 'findInterpreter', 'cpython', '/')).toBeNull()
    expect((['cpython', 'pypy', 'node'] as const).map((kind) => call({ PATH }, 'requireInterpreter', kind, '/'))).toEqual([
      '69 CPython is not installed (looked for python3, python on PATH; set PHITON_PATH to point at one)',
      '69 PyPy is not installed (looked for pypy3, pypy on PATH; set PHIPY_PATH to point at one)',
      '69 Node is not installed (looked for node on PATH; set PHINODE_PATH to point at one)',
    ])
    expect(call({ PATH }, 'requireInterpreter', 'bun', '/')).toEqual({ kind: 'bun', path: process.execPath, version: Bun.version })
  })

  test('requireInterpreter gives what is found', () => {
    expect(call({}, 'requireInterpreter', 'pypy', '/')).toEqual(PYPY)
    expect(call({}, 'requireInterpreter', 'node', '/')).toEqual(NODE)
  })

  test('--interpreter: a path or a name on PATH, probed for what it is', () => {
    expect(call({}, 'explicitInterpreter', 'node', '/')).toEqual(NODE)
    expect(call({}, 'explicitInterpreter', join(bin, 'python'), '/')).toEqual(CPY)
    expect(call({}, 'explicitInterpreter', 'nothing-here', '/')).toBe('69 interpreter nothing-here is not installed')
    expect(call({}, 'explicitInterpreter', join(bin, 'gone'), '/')).toBe(`69 interpreter ${join(bin, 'gone')} is not installed`)
    const neither = fake('neither', undefined, undefined, tempDir('phicode-interp-neither-'))
    expect(call({}, 'explicitInterpreter', neither, '/')).toBe(`64 ${neither} is neither Python nor Node: unknown interpreter`)
    // A path is taken as given, not looked up: a file that cannot be run is no interpreter, not a missing one.
    const plain = join(tempDir('phicode-interp-plain-'), 'python3')
    writeFileSync(plain, '')
    expect(call({}, 'explicitInterpreter', plain, '/')).toBe(`64 ${plain} is neither Python nor Node: unknown interpreter`)
  })

  test('the list: bun built in, then each kind found, a broken variable left out', () => {
    expect(call({ PHIPY_PATH: join(bin, 'missing') }, 'listInterpreters', '/')).toEqual([
      { kind: 'bun', path: process.execPath, version: Bun.version, found: process.execPath, from: 'built in' },
      { ...CPY, found: join(bin, 'python'), from: 'PATH' },
      { ...NODE, found: join(bin, 'node'), from: 'PATH' },
    ])
    expect(call({ PHINODE_PATH: join(bin, 'python') }, 'listInterpreters', '/')).toEqual([
      { kind: 'bun', path: process.execPath, version: Bun.version, found: process.execPath, from: 'built in' },
      { ...CPY, found: join(bin, 'python'), from: 'PATH' },
      { ...PYPY, found: join(bin, 'pypy'), from: 'PATH' },
    ])
  })
})
