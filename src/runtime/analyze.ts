import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { noteProbe } from '../util/probes'
import type { Interpreter, InterpreterKind } from './types'
import { utf8Locale } from './python/locale'

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

const PY_IMPORT = /^[ \t]*(?:from[ \t]+([A-Za-z_][\w]*)[\w.]*[ \t]+import|import[ \t]+([A-Za-z_][\w.]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*))/gm

function pythonImports(code: string): string[] {
  const names = new Set<string>()
  for (const m of code.matchAll(PY_IMPORT)) {
    if (m[1]) names.add(m[1])
    for (const part of m[2]?.split(',') ?? []) names.add(part.trim().split('.')[0]!)
  }
  return [...names]
}

/** What `recommendForPython` reads: the entry, and how to read a module as the runner will (φ converted). */
export interface PythonProgram {
  entry: string
  /** The φ suffixes of the project: a local module may be `name.φ`. */
  phiSuffixes: readonly string[]
  /** A module's code as it will run (φ converted); undefined, or a throw, when it cannot be read (then not followed). */
  code(path: string): string | undefined
}

/** Local modules read at most, following imports from the entry's folder. */
const LOCAL_LIMIT = 200

/**
 * The top-level names the program imports from outside its own folder, and the code of the
 * modules in that folder it reaches (the entry first). A local module is one `python3 entry`
 * would find on sys.path[0]: `name.py`, `name/`, or a φ file the import hook loads.
 */
function readProgram(program: PythonProgram): { outside: string[]; sources: Array<[string, string]> } {
  const dir = dirname(program.entry)
  const outside = new Set<string>()
  const sources: Array<[string, string]> = []
  const seen = new Set<string>()
  const queue = [program.entry]
  while (queue.length > 0 && sources.length < LOCAL_LIMIT) {
    const path = queue.shift()!
    if (seen.has(path)) continue
    seen.add(path)
    let code: string | undefined
    try {
      code = program.code(path)
    } catch {
      continue
    }
    if (code === undefined) continue
    sources.push([path, code])
    for (const name of pythonImports(code)) {
      const local = localModule(dir, name, program.phiSuffixes)
      if (local === undefined) outside.add(name)
      else if (local) queue.push(local)
    }
  }
  return { outside: [...outside].sort(), sources }
}

/** The file of a module in `dir` (a package's `__init__`), `''` for a package folder without one, undefined when not local. */
function localModule(dir: string, name: string, phiSuffixes: readonly string[]): string | undefined {
  for (const suffix of [...phiSuffixes, '.py']) {
    noteProbe(join(dir, name + suffix))
    if (existsSync(join(dir, name + suffix))) return join(dir, name + suffix)
  }
  const pkg = join(dir, name)
  noteProbe(pkg)
  if (!existsSync(pkg)) return undefined
  for (const suffix of [...phiSuffixes, '.py']) if (existsSync(join(pkg, `__init__${suffix}`))) return join(pkg, `__init__${suffix}`)
  return ''
}

/** Asks the PyPy itself: which names it cannot import, the first code it cannot compile, and where it looks for modules. */
const PYPY_CHECK = `
import importlib.util, json, sys
q = json.load(sys.stdin)
missing = []
for name in q["names"]:
    try:
        if importlib.util.find_spec(name) is None: missing.append(name)
    except Exception:
        missing.append(name)
syntax = None
for path, code in q["sources"]:
    try:
        compile(code, path, "exec")
    except SyntaxError as e:
        syntax = [path, e.lineno or 0, e.msg]
        break
print(json.dumps({"missing": missing, "syntax": syntax, "path": sys.path}))
`

interface PypyAnswer {
  missing: string[]
  syntax: [path: string, line: number, message: string] | null
  path: string[]
}

function askPypy(pypy: Interpreter, dir: string, outside: string[], sources: Array<[string, string]>): PypyAnswer | undefined {
  try {
    const r = Bun.spawnSync([pypy.path, '-c', PYPY_CHECK], {
      cwd: dir,
      env: utf8Locale(),
      stdin: new Blob([JSON.stringify({ names: outside, sources })]),
      stdout: 'pipe',
      stderr: 'ignore',
      timeout: 30_000,
    })
    if (!r.success) return undefined
    const answer = JSON.parse(r.stdout.toString()) as PypyAnswer
    // Its answer holds while the folders it searched list the same names.
    for (const entry of answer.path) noteProbe(entry === '' ? dir : entry, 'listing')
    noteProbe(pypy.path, 'program')
    return answer
  } catch {
    return undefined
  }
}

/**
 * `--python`: C-extension packages → CPython (they run slowly or not at all on PyPy). Otherwise
 * PyPy, which JIT-compiles loops, but only when that PyPy can import every top-level package the
 * program imports from outside its folder and compiles all of its code (PyPy's Python version
 * is often older); the first reason it cannot is given.
 */
export function recommendForPython(program: PythonProgram, pypy: Interpreter | undefined): Recommendation {
  const { outside, sources } = readProgram(program)
  const native = outside.filter((name) => C_EXTENSION_PACKAGES.has(name))
  if (native.length > 0) return { kind: 'cpython', reason: `imports C-extension packages (${native.join(', ')})` }
  if (!pypy) return { kind: 'cpython', reason: 'pure Python, but PyPy is not installed' }
  const answer = askPypy(pypy, dirname(program.entry), outside, sources)
  const at = `PyPy ${pypy.version} (Python ${pypy.languageVersion ?? '?'}) at ${pypy.path}`
  if (!answer) return { kind: 'cpython', reason: `${at} could not be asked what it can import` }
  if (answer.missing.length > 0) return { kind: 'cpython', reason: `${at} cannot import ${answer.missing.join(', ')}` }
  if (answer.syntax) {
    const [path, line, message] = answer.syntax
    return { kind: 'cpython', reason: `${at} cannot compile ${path}:${line} (${message}): syntax newer than its Python` }
  }
  return { kind: 'pypy', reason: `${at} imports everything the program imports and compiles its code` }
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
