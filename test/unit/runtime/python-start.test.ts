/**
 * How the interpreter is started and what it is told (start.ts, locale.ts, install-hook.ts,
 * index.ts's bytecode kind): the interpreter is a shell script that writes down its arguments
 * and environment, or the real python3 where the code phicode hands it must run.
 */
import { afterAll, expect, test } from 'bun:test'
import { chmodSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { PhicodeError } from '../../../src/errors'
import { installPythonHook } from '../../../src/runtime/python/install-hook'
import { utf8Locale } from '../../../src/runtime/python/locale'
import { pythonPackageFolder } from '../../../src/runtime/python/package'
import { bytecodeKind, loaderCodePath, phiSuffixes, startPython, type PythonStart } from '../../../src/runtime/python/start'
import type { Interpreter } from '../../../src/runtime/types'
import { thrown } from '../../helpers/thrown'
import { tempDir, tempProject } from '../../helpers/tmp'

const REPO_PYTHON = resolve(import.meta.dir, '../../../python')

test('the C and POSIX locales (or none) become C.UTF-8, as CPython coerces them; anything said outright stays', () => {
  expect(utf8Locale({})).toEqual({ LC_CTYPE: 'C.UTF-8' })
  expect(utf8Locale({ LANG: 'C', X: '1' })).toEqual({ LANG: 'C', X: '1', LC_CTYPE: 'C.UTF-8' })
  expect(utf8Locale({ LC_CTYPE: 'POSIX' })).toEqual({ LC_CTYPE: 'C.UTF-8' })
  expect(utf8Locale({ LC_CTYPE: '', LANG: 'POSIX' })).toEqual({ LC_CTYPE: 'C.UTF-8', LANG: 'POSIX' })
  expect(utf8Locale({ LANG: 'de_DE.UTF-8' })).toEqual({ LANG: 'de_DE.UTF-8' })
  expect(utf8Locale({ LC_CTYPE: 'en_US.UTF-8', LANG: 'C' })).toEqual({ LC_CTYPE: 'en_US.UTF-8', LANG: 'C' })
  expect(utf8Locale({ LC_ALL: 'C' })).toEqual({ LC_ALL: 'C' })
  expect(utf8Locale({ PYTHONCOERCECLOCALE: '0' })).toEqual({ PYTHONCOERCECLOCALE: '0' })
  expect(utf8Locale({ PYTHONCOERCECLOCALE: '1' })).toEqual({ PYTHONCOERCECLOCALE: '1', LC_CTYPE: 'C.UTF-8' })
  const saved = process.env.LC_ALL
  process.env.LC_ALL = 'C'
  try {
    expect(utf8Locale()).toBe(process.env)
  } finally {
    if (saved === undefined) delete process.env.LC_ALL
    else process.env.LC_ALL = saved
  }
})

test("the suffixes the import hook loads: the defaults, the project's own first when it has one", () => {
  expect(phiSuffixes('.φ')).toEqual(['.φ', '.phi'])
  expect(phiSuffixes('.phi')).toEqual(['.φ', '.phi'])
  expect(phiSuffixes('.py.φ')).toEqual(['.py.φ', '.φ', '.phi'])
})

test("the bytecode cache's kind: implementation, then the language's major and minor", () => {
  expect(bytecodeKind({ kind: 'cpython', path: '/x', version: '3.11.7', languageVersion: '3.11.7' })).toBe('comφled_cpython_311')
  expect(bytecodeKind({ kind: 'pypy', path: '/x', version: '7.3.11', languageVersion: '3.9.16' })).toBe('comφled_pypy_39')
  expect(bytecodeKind({ kind: 'cpython', path: '/x', version: '3.13.0' })).toBe('comφled_cpython_313')
  expect(bytecodeKind({ kind: 'cpython', path: '/x', version: '' })).toBe('comφled_cpython_0')
  expect(bytecodeKind({ kind: 'cpython', path: '/x', version: '4' })).toBe('comφled_cpython_40')
})

test('from source, the Python package is the repository folder', () => {
  expect(pythonPackageFolder()).toBe(REPO_PYTHON)
})

/** A fake interpreter: writes its arguments, NUL-separated, and LC_CTYPE and its working directory to `out`. */
function recorder(dir: string): { path: string; read(): { argv: string[]; ctype: string; cwd: string } } {
  const out = join(dir, 'argv')
  const path = join(dir, 'python')
  writeFileSync(path, `#!/bin/sh\nprintf '%s\\0' "$@" > '${out}'\nprintf '%s\\0%s' "$LC_CTYPE" "$PWD" > '${out}.env'\n`)
  chmodSync(path, 0o755)
  return {
    path,
    read() {
      const argv = readFileSync(out, 'utf8').split('\0').slice(0, -1)
      const [ctype = '', cwd = ''] = readFileSync(`${out}.env`, 'utf8').split('\0')
      return { argv, ctype, cwd }
    },
  }
}

const interpreter = (path: string): Interpreter => ({ kind: 'cpython', path, version: '3.12.0', languageVersion: '3.12.0' })

test("the interpreter's arguments: stub, fetcher, loader, the loader's kept code and the guard, then the place (entry, module, inline) and the program's own", async () => {
  const dir = tempDir('phicode-start-')
  const fake = recorder(dir)
  const project = tempProject({ 'real/app.φ': 'π(1)\n', 'pkg/tool.φ': '' })
  symlinkSync(join(project, 'real'), join(project, 'link'))
  const base: PythonStart = {
    entry: { path: join(project, 'link', 'app.φ'), kind: 'phi', dialect: 'python', root: project },
    interpreter: interpreter(fake.path),
    args: ['a b', '-x'],
    cwd: dir,
    suffixes: ['.φ', '.phi'],
    store: true,
  }
  const run = async (start: PythonStart) => {
    const { child, unrelay } = startPython(start)
    try {
      expect(await child.exited).toBe(0)
    } finally {
      unrelay()
    }
    return fake.read()
  }
  const saved = { LC_ALL: process.env.LC_ALL, LC_CTYPE: process.env.LC_CTYPE, LANG: process.env.LANG }
  delete process.env.LC_ALL
  delete process.env.LC_CTYPE
  process.env.LANG = 'C'
  let first
  try {
    first = await run(base)
  } finally {
    for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  const { argv, ctype, cwd } = first
  expect(argv[0]).toBe('-c')
  expect(argv[3]!.length).toBeGreaterThan(100)
  // The loader's code is kept with phicode's own state, by interpreter kind and version; the guard is phicode's pid, when set.
  expect(argv[4]).toBe(loaderCodePath(base.interpreter))
  expect(argv[4]).toMatch(/[/]python[/]loader[.][0-9a-z]+[.]comφled_cpython_312$/)
  expect(['', String(process.pid)]).toContain(argv[5]!)
  // The place: module, suffixes, sys.path[0] (the real folder, the link resolved), kind, store, entry (the package folder follows on the socket).
  expect(argv.slice(6)).toEqual(['', '.φ/.phi', join(project, 'real'), 'phi', '1', join(project, 'link', 'app.φ'), 'a b', '-x'])
  expect(cwd).toBe(dir)
  expect(ctype).toBe('C.UTF-8')
  const module = await run({ ...base, entry: { ...base.entry, path: join(project, 'pkg', 'tool.φ'), module: 'pkg.tool', base: project }, store: false, args: [] })
  // Nothing is cached: no kept loader either.
  expect(module.argv[4]).toBe('')
  expect(module.argv.slice(6)).toEqual(['pkg.tool', '.φ/.phi', project, 'phi', '0', join(project, 'pkg', 'tool.φ')])
  const noBase = await run({ ...base, entry: { ...base.entry, module: 'app' }, args: [] })
  expect(noBase.argv.slice(6, 9)).toEqual(['app', '.φ/.phi', join(project, 'real')])
  const inline = await run({ ...base, inline: { name: '-c', code: 'π(2)' }, suffixes: ['.py.φ', '.φ'] })
  expect(inline.argv.slice(6)).toEqual(['-c', '.py.φ/.φ', '', 'code', '1', 'π(2)', 'a b', '-x'])
})

/**
 * Runs the recorded arguments on `python` with fd 3 a socket holding the loader's three messages
 * (no cached bootstrap, `program` as the bootstrap's text, no error half) and `code` as the
 * loader's kept code (argv[3]).
 */
function runLoader(python: string, argv: string[], program: string, code: string, cwd?: string): { status: number | null; stdout: string; stderr: string } {
  const wrapper = [
    'import os, socket, sys',
    'ours, theirs = socket.socketpair()',
    "for m in (b'', sys.argv[1].encode(), b''):",
    "    theirs.sendall(len(m).to_bytes(4, 'big') + m)",
    'theirs.close()',
    'os.dup2(ours.fileno(), 3)',
    'os.set_inheritable(3, True)',
    'args = sys.argv[2:]',
    'args[4] = sys.argv[-1]',
    'os.execv(sys.executable, [sys.executable] + args[:-1])',
  ].join('\n')
  const ran = Bun.spawnSync([python, '-c', wrapper, program, ...argv, code], { cwd, stdout: 'pipe', stderr: 'pipe' })
  return { status: ran.exitCode, stdout: ran.stdout.toString(), stderr: ran.stderr.toString() }
}

test("the loader runs in real python3 and pypy3 under '<phicode>' in a namespace of its own, compiled once, then from its kept code", async () => {
  const python = Bun.which('python3')
  if (!python) throw new Error('python3 is not on PATH: this test needs it')
  const pypy = Bun.which('pypy3')
  if (!pypy) throw new Error('pypy3 is not on PATH: this test needs it (the guard has a PyPy branch)')
  const dir = tempDir('phicode-start-stub-')
  const fake = recorder(dir)
  const entry = join(dir, 'main.py')
  writeFileSync(entry, '')
  const { child, unrelay } = startPython({ entry: { path: entry, kind: 'python', dialect: 'python', root: dir }, interpreter: interpreter(fake.path), args: [], cwd: dir, suffixes: ['.φ'], store: true })
  await child.exited
  unrelay()
  const argv = fake.read().argv
  const guarded = argv[5] !== ''
  if (!guarded) console.log('phicode runs on a terminal here: its child keeps the terminal group, and no guard is set (checked: the signal is 0)')
  // As the bootstrap: where it runs, whether the loader was compiled (then sent back), what __main__ holds, and the
  // parent-death signal the guard set, read back through prctl.
  const program = [
    'import sys, ctypes',
    'v = ctypes.c_int()',
    'ctypes.CDLL(None).prctl(2, ctypes.byref(v))',
    "main = sorted(k for k in vars(sys.modules['__main__']) if not k.startswith('__'))",
    "print(__name__, sys._getframe().f_code.co_filename, 'compiled' if _LOADER_CODE else 'kept', main, v.value)",
    "magic = __import__('_frozen_importlib_external').MAGIC_NUMBER",
    "open(sys.argv[3] + '.sent', 'wb').write(magic + __import__('marshal').dumps(_LOADER_CODE)) if _LOADER_CODE else None",
  ].join('\n')
  const signal = guarded ? 9 : 0
  for (const interp of [python, pypy]) {
    const code = join(dir, `loader-${interp === python ? 'cpython' : 'pypy'}`)
    const first = runLoader(interp, argv, program, code)
    expect([interp, first.stderr, first.stdout]).toEqual([interp, '', `phicode._importer <phicode> compiled [] ${signal}\n`])
    // What the bootstrap sends back (L) is what phicode keeps: the next start runs it.
    writeFileSync(code, readFileSync(`${code}.sent`))
    const second = runLoader(interp, argv, program, code)
    expect([interp, second.stderr, second.stdout]).toEqual([interp, '', `phicode._importer <phicode> kept [] ${signal}\n`])
    // Code of another interpreter, a damaged file: compiled again.
    for (const damaged of [Buffer.concat([Buffer.from('XXXX'), readFileSync(code).subarray(4)]), readFileSync(code).subarray(0, 40), Buffer.from('')]) {
      writeFileSync(code, damaged)
      expect(runLoader(interp, argv, program, code).stdout).toBe(`phicode._importer <phicode> compiled [] ${signal}\n`)
    }
  }
  if (guarded) {
    // The guard's _ctypes is the interpreter's, never one in the working directory.
    const cwd = tempDir('phicode-start-cwd-')
    writeFileSync(join(cwd, '_ctypes.py'), "raise SystemExit('the working directory was searched')\n")
    const code = join(dir, 'loader-cwd')
    for (let run = 0; run < 2; run++) {
      const ran = runLoader(python, argv, program, code, cwd)
      expect([ran.stderr, ran.stdout]).toEqual(['', `phicode._importer <phicode> ${run === 0 ? 'compiled' : 'kept'} [] 9\n`])
      if (run === 0) writeFileSync(code, readFileSync(`${code}.sent`))
    }
    // The guard ends an interpreter whose parent is not phicode (here: a shell in between).
    const orphan = Bun.spawnSync(['sh', '-c', '"$0" "$@"; echo $?', python, ...argv.slice(0, 4), '', argv[5]!, ...argv.slice(6)], { stdout: 'pipe' })
    expect(orphan.stdout.toString()).toBe('137\n')
  }
})

test('an interpreter whose phicode is gone before sending the bootstrap says so and exits 1, running nothing', async () => {
  const python = Bun.which('python3')
  if (!python) throw new Error('python3 is not on PATH: this test needs it')
  const dir = tempDir('phicode-start-gone-')
  const fake = recorder(dir)
  const entry = join(dir, 'main.py')
  writeFileSync(entry, "print('ran')\n")
  const { child, unrelay } = startPython({ entry: { path: entry, kind: 'python', dialect: 'python', root: dir }, interpreter: interpreter(fake.path), args: [], cwd: dir, suffixes: ['.φ'], store: false })
  await child.exited
  unrelay()
  const argv = fake.read().argv
  // fd 3: a socket whose other end is already closed, as phicode's would be had it died.
  const wrapper = 'import os, socket, sys\nours, theirs = socket.socketpair()\ntheirs.close()\nos.dup2(ours.fileno(), 3)\nos.set_inheritable(3, True)\nos.execv(sys.executable, [sys.executable] + sys.argv[1:])'
  const ran = Bun.spawnSync([python, '-c', wrapper, ...argv], { stdout: 'pipe', stderr: 'pipe' })
  expect([ran.exitCode, ran.stdout.toString(), ran.stderr.toString()]).toEqual([1, '', 'phicode: lost the connection to the phicode process\n'])
})

test('an interpreter that cannot be started is an error naming it', () => {
  const missing = join(tempDir('phicode-start-missing-'), 'python')
  const error = thrown(PhicodeError, () =>
    startPython({ entry: { path: missing, kind: 'phi', dialect: 'python', root: '/', module: 'm', base: '/' }, interpreter: interpreter(missing), args: [], cwd: '/', suffixes: ['.φ'], store: false }),
  )
  expect(error.message).toBe(`cannot start ${missing}: ${(error.cause as Error).message}`)
  expect(error.exitCode).toBe(69)
})

test('a signal sent to phicode while the interpreter runs is relayed to it', async () => {
  const dir = tempDir('phicode-start-relay-')
  const fake = join(dir, 'python')
  writeFileSync(fake, `#!/bin/sh\ntrap 'echo hup > "${dir}/got"; exit 0' HUP\necho > "${dir}/ready"\nwhile :; do sleep 0.05; done\n`)
  chmodSync(fake, 0o755)
  const { child, unrelay } = startPython({
    entry: { path: join(dir, 'x.φ'), kind: 'phi', dialect: 'python', root: dir, module: 'x', base: dir },
    interpreter: interpreter(fake),
    args: [],
    cwd: dir,
    suffixes: ['.φ'],
    store: false,
  })
  try {
    while (!existsSync(join(dir, 'ready'))) await Bun.sleep(10)
    process.kill(process.pid, 'SIGHUP')
    expect(await child.exited).toBe(0)
    expect(readFileSync(join(dir, 'got'), 'utf8')).toBe('hup\n')
  } finally {
    unrelay()
    child.kill('SIGKILL')
  }
}, 10_000)

/**
 * A stand-in CPython for --python-install-hook: it answers the site questions with folders of the
 * test's and the discovery probe as CPython. PHITON_PATH names it for the whole file, so that a
 * mutant that discovers an interpreter instead of taking the one given never reaches the
 * machine's real python3 (one such run once wrote a .pth into its site-packages).
 */
const hookDir = tempDir('phicode-hook-')
const site = join(hookDir, 'site')
const userSite = join(hookDir, 'user')
const hookPython = join(hookDir, 'python')
writeFileSync(
  hookPython,
  `#!/bin/sh\n[ "$1" = -c ] || exit 1\ncase "$2" in\n  *getusersitepackages*) echo '  ${userSite}  ' ;;\n  *purelib*) echo '${site}' ;;\n  *python_implementation*) printf '%s\\n' "$0" CPython 3.12.0 ;;\n  *) exit 1 ;;\nesac\n`,
)
chmodSync(hookPython, 0o755)
const savedEnv = { PHITON_PATH: process.env.PHITON_PATH, PHICODE_HOME: process.env.PHICODE_HOME }
process.env.PHITON_PATH = hookPython
process.env.PHICODE_HOME = join(hookDir, 'home')
afterAll(() => {
  for (const [key, value] of Object.entries(savedEnv)) if (value === undefined) delete process.env[key]
  else process.env[key] = value
})

test('--python-install-hook writes a .pth into the site-packages the interpreter names (the user site with --user)', () => {
  const activate = `import os; os.environ.setdefault('PHICODE_BIN', ${JSON.stringify(process.execPath)}); __import__('phicode._auto', fromlist=['activate']).activate()`
  expect(installPythonHook({ user: false, cwd: hookDir, interpreter: interpreter(hookPython) })).toEqual({ path: join(site, 'phicode-hook.pth'), interpreter: hookPython })
  expect(readFileSync(join(site, 'phicode-hook.pth'), 'utf8')).toBe(`${REPO_PYTHON}\n${activate}\n`)
  expect(installPythonHook({ user: true, cwd: hookDir, interpreter: interpreter(hookPython) }).path).toBe(join(userSite, 'phicode-hook.pth'))
  expect(readFileSync(join(userSite, 'phicode-hook.pth'), 'utf8')).toBe(`${REPO_PYTHON}\n${activate}\n`)
  // With no interpreter given, CPython as discovery finds it (PHITON_PATH).
  expect(installPythonHook({ user: false, cwd: hookDir })).toEqual({ path: join(site, 'phicode-hook.pth'), interpreter: hookPython })
})

test('--python-install-hook: an interpreter that names no site, or a site that cannot be written, is an error', () => {
  const dir = tempDir('phicode-hook-bad-')
  const silent = join(dir, 'silent')
  writeFileSync(silent, "#!/bin/sh\necho '  '\n")
  const failing = join(dir, 'failing')
  writeFileSync(failing, "#!/bin/sh\necho 'no site' >&2\necho /x\nexit 1\n")
  const blocked = join(dir, 'blocked')
  writeFileSync(join(dir, 'file'), '')
  writeFileSync(blocked, `#!/bin/sh\necho '${join(dir, 'file')}'\n`)
  for (const f of [silent, failing, blocked]) chmodSync(f, 0o755)
  let error = thrown(PhicodeError, () => installPythonHook({ user: false, cwd: dir, interpreter: interpreter(silent) }))
  expect([error.message, error.exitCode]).toEqual([`${silent} did not name its site-packages: `, 69])
  error = thrown(PhicodeError, () => installPythonHook({ user: false, cwd: dir, interpreter: interpreter(failing) }))
  expect([error.message, error.exitCode]).toEqual([`${failing} did not name its site-packages: no site`, 69])
  error = thrown(PhicodeError, () => installPythonHook({ user: false, cwd: dir, interpreter: interpreter(blocked) }))
  expect(error.exitCode).toBe(73)
  const pth = join(dir, 'file', 'phicode-hook.pth')
  expect(error.message).toBe(`cannot write ${pth}: ${(error.cause as Error).message} (--user writes to your user site instead)`)
  error = thrown(PhicodeError, () => installPythonHook({ user: true, cwd: dir, interpreter: interpreter(blocked) }))
  expect(error.message).toBe(`cannot write ${pth}: ${(error.cause as Error).message}`)
  expect((error.cause as Error).message.length).toBeGreaterThan(0)
})
