import { existsSync } from 'node:fs'
import { EXIT, PhicodeError } from '../../errors'
import type { Interpreter, InterpreterKind } from '../types'
import { cachedProbe } from './_cache'
import { probeAny, probeNode, probePython } from './probe'
import { notePathFolders, whichNoted } from '../../util/which'
import { searchWindowsPath } from './_windows-path'
import { checkPythonPlatform } from '../python-platform'

interface Source {
  env: string
  names: string[]
  /** On Windows, when they differ: `py.exe` is the python.org launcher. */
  windowsNames?: string[]
  probe: (path: string) => Interpreter | undefined
  /** The probe's name in the probe cache. */
  probeName: 'python' | 'node'
  label: string
}

const SOURCES: Record<Exclude<InterpreterKind, 'bun'>, Source> = {
  cpython: { env: 'PHITON_PATH', names: ['python3', 'python'], windowsNames: ['python3', 'python', 'py'], probe: probePython, probeName: 'python', label: 'CPython' },
  pypy: { env: 'PHIPY_PATH', names: ['pypy3', 'pypy'], probe: probePython, probeName: 'python', label: 'PyPy' },
  node: { env: 'PHINODE_PATH', names: ['node'], probe: probeNode, probeName: 'node', label: 'Node' },
}

/** The Bun inside this executable: φ-TypeScript runs in-process. */
const BUN: Interpreter = { kind: 'bun', path: process.execPath, version: Bun.version }

/** Where an interpreter of `kind` would come from: its environment variable, else PATH. */
function candidate(kind: Exclude<InterpreterKind, 'bun'>): { path: string; from: string } | undefined {
  const source = SOURCES[kind]
  const configured = process.env[source.env]
  if (configured) {
    const path = whichNoted([configured]) ?? configured
    if (!existsSync(path)) throw new PhicodeError(`${source.env}=${configured}: no such interpreter`, EXIT.UNAVAILABLE)
    return { path, from: source.env }
  }
  if (process.platform === 'win32') {
    notePathFolders()
    const found = searchWindowsPath(source.windowsNames ?? source.names, process.env.PATH ?? '')
    storeStubs = found.skipped
    return found.path ? { path: found.path, from: 'PATH' } : undefined
  }
  const path = whichNoted(source.names)
  return path === undefined ? undefined : { path, from: 'PATH' }
}

/** The Microsoft Store stubs the last Windows search passed over. */
let storeStubs: string[] = []

/** The interpreter of `kind`, or undefined when this machine has none. */
export function findInterpreter(kind: InterpreterKind, cwd: string): Interpreter | undefined {
  if (kind === 'bun') return BUN
  const found = candidate(kind)
  if (!found) return undefined
  const interpreter = cachedProbe(found.path, cwd, SOURCES[kind].probeName, SOURCES[kind].probe)
  if (!interpreter) throw new PhicodeError(`${found.path} (from ${found.from}) does not run as ${SOURCES[kind].label}`, EXIT.UNAVAILABLE)
  if (kind === 'pypy' && interpreter.kind !== 'pypy') {
    throw new PhicodeError(`${found.path} (from ${found.from}) is CPython, not PyPy`, EXIT.UNAVAILABLE)
  }
  return interpreter
}

export function requireInterpreter(kind: InterpreterKind, cwd: string): Interpreter {
  if (kind === 'cpython' || kind === 'pypy') checkPythonPlatform()
  const found = findInterpreter(kind, cwd)
  if (found) return found
  const source = SOURCES[kind as Exclude<InterpreterKind, 'bun'>]
  const names = process.platform === 'win32' ? (source.windowsNames ?? source.names).map((n) => `${n}.exe`) : source.names
  const stubs = storeStubs.length ? `; passed over the Microsoft Store stub ${storeStubs.join(', ')}, which does not run Python` : ''
  throw new PhicodeError(
    `${source.label} is not installed (looked for ${names.join(', ')} on PATH${stubs}; set ${source.env} to point at one)`,
    EXIT.UNAVAILABLE,
  )
}

/** `--interpreter X`: a path, or a name on PATH, probed for what it is. */
export function explicitInterpreter(spec: string, cwd: string): Interpreter {
  const path = spec.includes('/') || (process.platform === 'win32' && spec.includes('\\')) ? spec : whichNoted([spec])
  if (!path || !existsSync(path)) throw new PhicodeError(`interpreter ${spec} is not installed`, EXIT.UNAVAILABLE)
  const interpreter = cachedProbe(path, cwd, 'any', probeAny)
  if (!interpreter) throw new PhicodeError(`${path} is neither Python nor Node: unknown interpreter`, EXIT.USAGE)
  return interpreter
}

export interface ListedInterpreter extends Interpreter {
  /** The file found before shims were resolved. */
  found: string
  from: string
}

/** Every interpreter phicode can use here, for `--list-interpreters`. */
export function listInterpreters(cwd: string): ListedInterpreter[] {
  const listed: ListedInterpreter[] = [{ ...BUN, found: BUN.path, from: 'built in' }]
  for (const kind of ['cpython', 'pypy', 'node'] as const) {
    try {
      const found = candidate(kind)
      const interpreter = found && cachedProbe(found.path, cwd, SOURCES[kind].probeName, SOURCES[kind].probe)
      if (found && interpreter) listed.push({ ...interpreter, found: found.path, from: found.from })
    } catch {
      // A broken PHITON_PATH and the like are reported when that interpreter is asked for.
    }
  }
  return listed
}
