import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../../../src/config/load'
import { PhicodeError } from '../../../src/errors'
import { dialectOfFlags, explicitFromFlags, selectInterpreter, textProgram } from '../../../src/runtime/select'
import type { Interpreter, ResolvedEntry } from '../../../src/runtime/types'
import { required } from '../../helpers/prerequisites'
import { thrown } from '../../helpers/thrown'
import { tempProject } from '../../helpers/tmp'

/** What a real interpreter says it is: `cpython`/`pypy`/`node`. */
function implementation(path: string): string {
  const python = Bun.spawnSync([path, '-c', 'import sys; print(sys.implementation.name)'])
  if (python.success) return python.stdout.toString().trim()
  return Bun.spawnSync([path, '-e', 'console.log(process.release.name)']).stdout.toString().trim()
}

const dir = tempProject({ 'package.json': '{}', 'main.py': 'import json\n', 'main.ts': "import x from 'y'\n" })
const pyEntry: ResolvedEntry = { path: join(dir, 'main.py'), kind: 'python', dialect: 'python', root: dir }
const tsEntry: ResolvedEntry = { path: join(dir, 'main.ts'), kind: 'typescript', dialect: 'typescript', root: dir }
const program = { phiSuffixes: ['.φ'], code: (path: string): string | undefined => readFileSync(path, 'utf8') }

describe('explicitFromFlags', () => {
  test('two interpreter flags are exit 64, named in the order python, cpython, pypy, node, bun, interpreter', () => {
    const error = thrown(PhicodeError, () => explicitFromFlags({ bun: true, pypy: true, python: true }, dir))
    expect([error.exitCode, error.message]).toEqual([64, '--python and --pypy cannot be combined'])
    expect(thrown(PhicodeError, () => explicitFromFlags({ node: true, interpreter: 'x' }, dir)).message).toBe('--node and --interpreter cannot be combined')
    expect(thrown(PhicodeError, () => explicitFromFlags({ cpython: true, bun: true }, dir)).message).toBe('--cpython and --bun cannot be combined')
  })

  test('--interpreter is probed for what it is; one flag alone or none gives no explicit interpreter', () => {
    const pypy = required('pypy3')
    expect(explicitFromFlags({ interpreter: pypy }, dir)).toMatchObject({ kind: 'pypy', path: pypy })
    expect(explicitFromFlags({ pypy: true }, dir)).toBeUndefined()
    expect(explicitFromFlags({}, dir)).toBeUndefined()
  })
})

describe('dialectOfFlags', () => {
  const node: Interpreter = { kind: 'node', path: '/n', version: '1' }
  const pypy: Interpreter = { kind: 'pypy', path: '/p', version: '1' }
  test('each flag its dialect; an explicit interpreter its kind; nothing none', () => {
    expect(dialectOfFlags({ python: true }, undefined)).toBe('python')
    expect(dialectOfFlags({ cpython: true }, undefined)).toBe('python')
    expect(dialectOfFlags({ pypy: true }, undefined)).toBe('python')
    expect(dialectOfFlags({ node: true }, undefined)).toBe('typescript')
    expect(dialectOfFlags({ bun: true }, undefined)).toBe('typescript')
    expect(dialectOfFlags({}, undefined)).toBeUndefined()
    expect(dialectOfFlags({ python: true }, node)).toBe('typescript')
    expect(dialectOfFlags({}, pypy)).toBe('python')
    expect(dialectOfFlags({}, { kind: 'cpython', path: '/c', version: '1' })).toBe('python')
    expect(dialectOfFlags({}, { kind: 'bun', path: '/b', version: '1' })).toBe('typescript')
  })
})

describe('textProgram', () => {
  test("the text is the entry's code, nothing else is read", () => {
    const text = textProgram(pyEntry, loadConfig(dir, {}), 'import numpy\n')
    expect(text.phiSuffixes).toEqual(['.φ', '.phi'])
    expect(text.code(pyEntry.path)).toBe('import numpy\n')
    expect(text.code(join(dir, 'other.py'))).toBeUndefined()
  })
})

describe('selectInterpreter', () => {
  test('with no flag: Python on CPython, TypeScript on Bun, and the analysis only advises', () => {
    const py = selectInterpreter(pyEntry, {}, undefined, program, dir)
    expect([py.interpreter.kind, implementation(py.interpreter.path), py.reason]).toEqual(['cpython', 'cpython', 'default for python code'])
    expect(py.advice().kind).toBe('pypy')
    const ts = selectInterpreter(tsEntry, {}, undefined, program, dir)
    expect([ts.interpreter.kind, ts.reason]).toEqual(['bun', 'default for typescript code'])
    expect(ts.advice()).toEqual({ kind: 'bun', reason: 'no native Node addons imported: runs in-process on Bun' })
  })

  test('an interpreter flag picks that interpreter', () => {
    const pypy = selectInterpreter(pyEntry, { pypy: true }, undefined, program, dir)
    expect([pypy.interpreter.kind, implementation(pypy.interpreter.path), pypy.reason]).toEqual(['pypy', 'pypy', '--pypy'])
    const cpython = selectInterpreter(pyEntry, { cpython: true }, undefined, program, dir)
    expect([cpython.interpreter.kind, cpython.reason]).toEqual(['cpython', '--cpython'])
    const node = selectInterpreter(tsEntry, { node: true }, undefined, program, dir)
    expect([node.interpreter.kind, implementation(node.interpreter.path), node.reason]).toEqual(['node', 'node', '--node'])
    expect(selectInterpreter(tsEntry, { bun: true }, undefined, program, dir).reason).toBe('--bun')
  })

  test('--python follows the analysis: PyPy for pure Python it can run, CPython for C extensions', () => {
    const pure = selectInterpreter(pyEntry, { python: true }, undefined, program, dir)
    expect(pure.interpreter.kind).toBe('pypy')
    expect(pure.reason).toStartWith('--python: PyPy ')
    const native = selectInterpreter(pyEntry, { python: true }, undefined, { phiSuffixes: ['.φ'], code: () => 'import numpy\n' }, dir)
    expect([native.interpreter.kind, native.reason]).toEqual(['cpython', '--python: imports C-extension packages (numpy)'])
  })

  test('the TypeScript advice reads the entry through the program; an unreadable entry is empty code', () => {
    const addon = tempProject({ 'node_modules/y/binding.gyp': '' })
    const entry = { ...tsEntry, root: addon }
    expect(selectInterpreter(entry, {}, undefined, program, dir).advice().kind).toBe('node')
    expect(selectInterpreter(entry, {}, undefined, { phiSuffixes: [], code: () => undefined }, dir).advice()).toEqual({ kind: 'bun', reason: 'no native Node addons imported: runs in-process on Bun' })
  })

  test('--interpreter wins, and an interpreter of the other dialect is exit 71', () => {
    const pypy = explicitFromFlags({ interpreter: required('pypy3') }, dir)!
    const chosen = selectInterpreter(pyEntry, { interpreter: 'pypy3', cpython: true }, pypy, program, dir)
    expect([chosen.interpreter.path, chosen.reason]).toEqual([pypy.path, '--interpreter pypy3'])
    const error = thrown(PhicodeError, () => selectInterpreter(tsEntry, { pypy: true }, undefined, program, dir))
    expect([error.exitCode, error.message]).toEqual([71, `${tsEntry.path} is typescript code; it cannot run on pypy (${required('pypy3')})`])
    expect(thrown(PhicodeError, () => selectInterpreter(pyEntry, { bun: true }, undefined, program, dir)).exitCode).toBe(71)
  })
})
