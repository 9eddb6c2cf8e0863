import { EXIT, PhicodeError } from '../../errors'
import type { Interpreter } from '../types'

const PYTHON_PROBE =
  'import sys, platform; print(sys.executable); print(platform.python_implementation()); ' +
  "print(platform.python_version()); print('.'.join(map(str, getattr(sys, 'pypy_version_info', ())[:3])))"
const NODE_PROBE = 'console.log(process.execPath); console.log(process.versions.node)'

function run(cmd: string[]): string[] | undefined {
  try {
    const r = Bun.spawnSync(cmd, { stdout: 'pipe', stderr: 'ignore', stdin: 'ignore', timeout: 15_000 })
    return r.success ? r.stdout.toString().trim().split('\n').map((l) => l.trim()) : undefined
  } catch {
    return undefined
  }
}

/** Asks a Python what it really is; a pyenv shim answers with the executable behind it. */
export function probePython(path: string): Interpreter | undefined {
  const lines = run([path, '-c', PYTHON_PROBE])
  if (!lines || lines.length < 3 || !lines[0]) return undefined
  const [executable, implementation, languageVersion, pypyVersion] = lines as [string, string, string, string?]
  if (implementation === 'PyPy') return { kind: 'pypy', path: executable, version: pypyVersion || languageVersion, languageVersion }
  return { kind: 'cpython', path: executable, version: languageVersion, languageVersion }
}

export function probeNode(path: string): Interpreter | undefined {
  const lines = run([path, '-e', NODE_PROBE])
  if (!lines || lines.length < 2 || !lines[0]) return undefined
  return { kind: 'node', path: lines[0], version: lines[1]! }
}

/** Whatever `path` is: Python first for python-looking names, Node first otherwise. */
export function probeAny(path: string): Interpreter {
  const order = /node/i.test(path) ? [probeNode, probePython] : [probePython, probeNode]
  for (const probe of order) {
    const found = probe(path)
    if (found) return found
  }
  throw new PhicodeError(`${path} is neither Python nor Node: unknown interpreter`, EXIT.USAGE)
}
