/**
 * `phicode --python-channel` (src/runtime/python/channel.ts), run from source: started by the
 * real `phicode` Python package (python/ on PYTHONPATH, PHICODE_BIN a script running the CLI
 * from source) in CPython and PyPy, and spoken to frame by frame by a Python script of the test.
 * Expected outputs written by hand.
 */
import { expect, setDefaultTimeout, test } from 'bun:test'
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { runCommand } from '../../helpers/binary'
import { bytecodeKind, debianPython, required } from '../../helpers/prerequisites'
import { tempDir, writeFiles } from '../../helpers/tmp'
import { CLI } from '../../helpers/source'

setDefaultTimeout(60_000)

const PACKAGE = resolve(import.meta.dir, '../../../python')

/** An executable standing in for the phicode binary: the CLI from source. */
function phicodeBin(dir: string): string {
  const path = join(dir, 'phicode')
  writeFileSync(path, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`)
  chmodSync(path, 0o755)
  return path
}

async function python(interpreter: string, code: string, cwd: string, env: Record<string, string> = {}) {
  const own = { PYTHONPATH: PACKAGE, PHICODE_HOME: join(cwd, '.home'), PYTHONUSERBASE: join(cwd, '.user'), LC_CTYPE: 'C.UTF-8', LC_ALL: '' }
  return runCommand([interpreter, '-c', code], { cwd, env: { ...own, ...env }, killSignal: 'SIGKILL' })
}

/**
 * Until `pid` has ended (the channel ends when its socket closes), at most `limit` ms. A zombie
 * has ended: in a PID namespace the orphaned channel's new parent is the test runner, which
 * never reaps it.
 */
async function gone(pid: number, limit = 20_000): Promise<boolean> {
  for (const end = Date.now() + limit; Date.now() < end; await Bun.sleep(20)) {
    const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : ''
    if (stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return true
  }
  return false
}

// Two projects: `a` writes print as ✎ (its own table), `b` has the defaults.
function projects(root: string): { a: string; b: string } {
  writeFiles(root, {
    'a/.(φ)/config.json': JSON.stringify({ symbols: { print: '✎' } }),
    'a/moda.φ': 'ƒ hello():\n    ✎("a says hi")\n',
    'a/sub/modc.φ': 'ƒ hello():\n    ✎("c says hi")\n',
    'a/late.φ': 'VALUE = "late"\n',
    'a/broken.φ': 'π("abc\n',
    'b/pyproject.toml': '',
    'b/modb.φ': 'ƒ hello():\n    π("b says hi")\n',
  })
  return { a: join(root, 'a'), b: join(root, 'b') }
}

/**
 * Imports the φ modules of both projects, the channel sent SIGINT, SIGTERM and SIGHUP (it ignores
 * them: the Python process decides what a Ctrl-C means), then one more; prints how many φ files
 * this interpreter compiled itself (none when the channel sent cached code).
 */
const PROGRAM = (a: string, b: string) => `
import builtins, os, signal, sys
compiled = []
_compile = builtins.compile
def counting(source, filename, *args, **kwargs):
    if isinstance(filename, str) and filename.endswith('.φ'):
        compiled.append(os.path.basename(filename))
    return _compile(source, filename, *args, **kwargs)
builtins.compile = counting
import phicode
phicode.install()
sys.path[:0] = [${JSON.stringify(a)}, ${JSON.stringify(join(a, 'sub'))}, ${JSON.stringify(b)}]
import moda, modb, modc
moda.hello(); modb.hello(); modc.hello()
print(repr(phicode.transpile('✎(1)\\n', ${JSON.stringify(a)})), repr(phicode.transpile('✎(2)\\n', ${JSON.stringify(b)})))
children = [int(p) for p in open('/proc/self/task/%d/children' % os.getpid()).read().split()]
for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    os.kill(children[0], sig)
import late
try:
    import broken
except SyntaxError as error:
    print('SyntaxError at', os.path.basename(error.filename), error.lineno)
# A module removed between finding and loading it: the channel's OSError reply, as the file's.
import errno, importlib, importlib.util
with open(os.path.join(${JSON.stringify(a)}, 'ghost.φ'), 'w') as f:
    f.write('X = 1\\n')
importlib.invalidate_caches()
spec = importlib.util.find_spec('ghost')
os.remove(spec.origin)
try:
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
except OSError as error:
    print(type(error).__name__, errno.errorcode[error.errno], os.path.basename(error.filename))
print(late.VALUE, sorted(compiled))
print(children[0], file=sys.stderr)
`

test('the package converts each project with its own symbols, caches its bytecode in its own project, and the channel outlives the signals of its group', async () => {
  const dir = tempDir()
  const { a, b } = projects(dir)
  const env = { PHICODE_BIN: phicodeBin(dir) }
  for (const interpreter of [debianPython(), required('pypy3')]) {
    const expected = (compiled: string) => `a says hi\nb says hi\nc says hi\n'print(1)\\n' '✎(2)\\n'\nSyntaxError at broken.φ 1\nFileNotFoundError ENOENT ghost.φ\nlate ${compiled}\n`
    const first = await python(interpreter, PROGRAM(a, b), dir, env)
    expect(first).toMatchObject({ code: 0, stdout: expected("['late.φ', 'moda.φ', 'modb.φ', 'modc.φ']") })
    expect(await gone(Number(first.stderr.trim()))).toBe(true)
    const kind = bytecodeKind(interpreter)
    expect(readdirSync(join(a, '.(φ)cache'))).toContain(kind)
    expect(readdirSync(join(b, '.(φ)cache'))).toContain(kind)
    // The second time every φ module's code comes from the projects' caches.
    const second = await python(interpreter, PROGRAM(a, b), dir, env)
    expect(second).toMatchObject({ code: 0, stdout: expected('[]') })
  }
})

/** Speaks the channel's frames: `G` for a module, then `P` with code to keep under its key, then closes. */
const DRIVER = (phicode: string, module: string) => `
import os, socket, subprocess, sys
ours, theirs = socket.socketpair()
ours.settimeout(20)
child = subprocess.Popen([${JSON.stringify(phicode)}, '--python-channel'], stdin=theirs.fileno())
theirs.close()
def frame(op, payload):
    return op + len(payload).to_bytes(4, 'big') + payload
def reply():
    head = b''
    while len(head) < 5:
        head += ours.recv(5 - len(head))
    body = b''
    size = int.from_bytes(head[1:], 'big')
    while len(body) < size:
        body += ours.recv(size - len(body))
    return head[:1], body
# Code under a key this channel never served is dropped: no project to keep it in.
ours.sendall(frame(b'P', b'MAGI0' + b'0' * 32 + b'code'))
ours.sendall(frame(b'H', b'0'))
print(reply())
ours.sendall(frame(b'G', b'\\x00' + ${JSON.stringify(module)}.encode()))
tag, body = reply()
print(tag.decode(), body[32:].decode())
ours.sendall(frame(b'P', b'MAGI0' + body[:32] + b'code'))
ours.sendall(frame(b'G', b'\\x00' + ${JSON.stringify(module)}.encode()))
reply()  # answered before the code that came with the request is kept
ours.sendall(frame(b'G', b'\\x00' + ${JSON.stringify(module)}.encode()))
tag, again = reply()
print(tag.decode(), again[32:37].decode(), again[37:69] == body[:32], again[69:].decode())
ours.close()
print(child.wait())
`

test('a hello gets an empty M (nothing to push); without a kind the bytecode goes to comφled_cpython_0; code kept under a key is what a later request gets', async () => {
  const dir = tempDir()
  const { b } = projects(dir)
  const result = await python(debianPython(), DRIVER(phicodeBin(dir), join(b, 'modb.φ')), dir)
  expect(result).toEqual({ code: 0, stderr: '', stdout: `(b'M', b'')\nS def hello():\n    print("b says hi")\n\nC MAGI0 True code\n0\n` })
  expect(readdirSync(join(b, '.(φ)cache'))).toContain('comφled_cpython_0')
})

test('started by hand on /dev/null instead of a socket, the channel has nothing to serve: it ends at once, silently, with 0', async () => {
  const dir = tempDir('phicode-channel-file-')
  const run = await runCommand([process.execPath, CLI, '--python-channel'], { cwd: dir, env: { PHICODE_HOME: join(dir, '.home') } })
  expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 0, stdout: '', stderr: '' })
})
