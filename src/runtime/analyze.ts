import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { InterpreterKind } from './types'

export interface Recommendation {
  kind: InterpreterKind
  reason: string
}

/** Top-level packages that ship C extensions: they run on CPython, and slowly or not at all on PyPy. */
const C_EXTENSION_PACKAGES = new Set([
  'numpy', 'scipy', 'pandas', 'torch', 'tensorflow', 'jax', 'lxml', 'cv2', 'PIL', 'matplotlib', 'sklearn',
  'cryptography', 'psycopg2', 'psycopg', 'grpc', 'pyarrow', 'polars', 'numba', 'h5py', 'tables', 'zmq',
  'uvloop', 'orjson', 'ujson', 'pydantic_core', 'shapely', 'gevent', 'greenlet', 'regex', 'yaml',
])

const PY_IMPORT = /^[ \t]*(?:from[ \t]+([A-Za-z_][\w]*)[\w.]*[ \t]+import|import[ \t]+([A-Za-z_][\w]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*))/gm

function pythonImports(code: string): string[] {
  const names = new Set<string>()
  for (const m of code.matchAll(PY_IMPORT)) {
    if (m[1]) names.add(m[1])
    for (const part of m[2]?.split(',') ?? []) names.add(part.trim().split('.')[0]!)
  }
  return [...names]
}

/** C extensions → CPython; pure Python → PyPy (when `pypyAvailable`), which JIT-compiles loops. */
export function recommendForPython(code: string, pypyAvailable: boolean): Recommendation {
  const native = pythonImports(code).filter((name) => C_EXTENSION_PACKAGES.has(name))
  if (native.length > 0) return { kind: 'cpython', reason: `imports C-extension packages (${native.join(', ')})` }
  if (!pypyAvailable) return { kind: 'cpython', reason: 'pure Python, but PyPy is not installed' }
  return { kind: 'pypy', reason: 'pure Python: no C-extension imports, so PyPy can run it' }
}

/** A package is Node-only when it ships a compiled addon (`binding.gyp` or a `.node` file). */
function hasNativeAddon(dir: string): boolean {
  if (existsSync(join(dir, 'binding.gyp'))) return true
  for (const sub of ['build/Release', 'prebuilds']) {
    try {
      if (readdirSync(join(dir, sub), { recursive: true }).some((f) => String(f).endsWith('.node'))) return true
    } catch {
      // Most packages have no such folder: no addon there.
    }
  }
  return false
}

const packageName = (specifier: string): string =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!

/** Node-only native addons among the bare imports → Node; otherwise Bun in-process. */
export function recommendForTypescript(code: string, root: string): Recommendation {
  let imports: ReturnType<Bun.Transpiler['scanImports']>
  try {
    imports = new Bun.Transpiler({ loader: 'tsx' }).scanImports(code)
  } catch {
    return { kind: 'bun', reason: 'the imports cannot be read (running it shows why)' }
  }
  const packages = [...new Set(imports.map((i) => i.path).filter((p) => !p.startsWith('.') && !p.startsWith('/') && !p.includes(':')).map(packageName))]
  const native = packages.filter((name) => hasNativeAddon(join(root, 'node_modules', name)))
  if (native.length > 0) return { kind: 'node', reason: `imports packages with native Node addons (${native.join(', ')})` }
  return { kind: 'bun', reason: 'no native Node addons imported: runs in-process on Bun' }
}
