/**
 * φ-Python through the compiled binary, side by side with the real interpreters running the
 * same programs as plain `.py` (each φ fixture's twin, written by hand in test/fixtures/twins/).
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { PHICODE, ROOT, runCommand, runPhicode } from '../../helpers/binary'
import { pythonExecutable } from '../../../bench/python'
import { required } from '../../helpers/prerequisites'
import { tempDir } from '../../helpers/tmp'
import { readActingOnce } from '../../helpers/ready'
import { onTerminal } from '../../helpers/terminal'

// bunfig's [test] timeout is not applied (bun 1.4.5); real interpreters on a busy 2-core machine
// can take a few seconds.
setDefaultTimeout(30_000)

const FIXTURES = join(ROOT, 'test/fixtures')
const PROJECT = join(FIXTURES, 'python-project')
/** Looked up in each PyPy test, which fails (never skips) where pypy3 is missing. */
const pypy = () => required('pypy3')
const PYTHON = pythonExecutable()

/** Copies a fixture folder's φ files to `<tmp>/phi` and its hand-written plain twins to `<tmp>/py`. */
function twins(fixture: string): { phi: string; py: string; root: string } {
  const root = tempDir()
  const phi = join(root, 'phi')
  const py = join(root, 'py')
  mkdirSync(phi)
  for (const name of readdirSync(join(FIXTURES, fixture)).filter((f) => f.endsWith('.φ'))) {
    cpSync(join(FIXTURES, fixture, name), join(phi, name))
  }
  cpSync(join(FIXTURES, 'twins', fixture), py, { recursive: true })
  return { phi, py, root }
}

/** `File "<tmp>/phi/boom.φ"` and `File "<tmp>/py/boom.py"` both become `File "boom"`. */
function frames(stderr: string, root: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.trimStart().startsWith('File '))
    .map((line) => line.replaceAll(new RegExp(`${root}/(?:phi|py)/([\\w]+)\\.(?:φ|py)`, 'g'), '$1'))
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1)

/** Lines made only of carets and tildes: the column markers of a traceback or SyntaxError. */
const caretLines = (stderr: string) => stderr.split('\n').filter((line) => /^\s*[\^~]+\s*$/.test(line))

/** The character a SyntaxError's caret points at, on the source line printed above it. */
function caretTarget(stderr: string): string | undefined {
  const lines = stderr.split('\n')
  const at = lines.findIndex((line) => /^\s*\^+\s*$/.test(line))
  return at > 0 ? [...lines[at - 1]!][lines[at]!.indexOf('^')] : undefined
}

describe('python: modules and imports', () => {
  test('the seed example prints 120 (`phicode example`)', async () => {
    const result = await runPhicode(['example'], { cwd: PROJECT })
    expect(result).toEqual({ code: 0, stdout: '120\n', stderr: '' })
  })

  const EXPECTED = [
    'main __main__ Entry of the multi-module project',
    'pkg 1.0 pkg True',
    'util 6 pkg.util',
    'plain py sees deep:20 and 10',
    'deep deep:20 pkg.sub',
    'namespace hello from a namespace package _NamespacePath',
    'shadow φ wins over .py',
    "files ['__init__.φ', 'util.φ', 'plain.py', 'deep.φ', 'mod.φ']",
    'loader PhiLoader False',
    '',
  ].join('\n')

  test('a φ package, relative imports, .py ⇄ .φ, namespace packages: CPython', async () => {
    expect(await runPhicode(['main.φ'], { cwd: PROJECT })).toEqual({ code: 0, stdout: EXPECTED, stderr: '' })
  })

  test('the same project gives the same output on PyPy', async () => {
    pypy()
    expect(await runPhicode(['--pypy', 'main.φ'], { cwd: PROJECT })).toEqual({ code: 0, stdout: EXPECTED, stderr: '' })
  })

  test('a dotted name or a package runs as `python3 -m` would', async () => {
    const [tool, main] = await Promise.all([
      runPhicode(['pkg.tool', 'a', 'b'], { cwd: PROJECT }),
      runPhicode(['pkg', 'x'], { cwd: PROJECT }),
    ])
    expect(tool).toEqual({ code: 0, stdout: "tool __main__ pkg pkg.tool 42 ['a', 'b']\n", stderr: '' })
    expect(main).toEqual({ code: 0, stdout: "package main __main__ pkg.__main__ 1.0 ['x']\n", stderr: '' })
  })

  const scratch = tempDir()
  test('φ modules never get a __pycache__ entry (x.py\'s would collide)', async () => {
    const copy = join(scratch, 'project')
    // Without the bytecode other runs in the fixture may have left (where PYTHONDONTWRITEBYTECODE is unset).
    cpSync(PROJECT, copy, { recursive: true, filter: (path) => basename(path) !== '__pycache__' })
    const result = await runPhicode(['main.φ'], { cwd: copy, env: { PYTHONDONTWRITEBYTECODE: undefined } })
    expect(result.code).toBe(0)
    const cached = (readdirSync(copy, { recursive: true }) as string[]).filter((f) => f.endsWith('.pyc'))
    expect(cached.map((f) => basename(f).split('.')[0]).sort()).toEqual(['__init__', 'plain'])
    for (const pyc of cached) {
      const stem = basename(pyc).split('.')[0]!
      expect(existsSync(join(copy, pyc, '../..', `${stem}.φ`))).toBe(false)
    }
  })
})

describe('python: program semantics beside `python3 x.py`', () => {
  const { phi, py } = twins('python-run')
  const stdin = 'piped input\nsecond line\n'

  const cases: [string, string[], Record<string, string>][] = [
    ['no arguments', [], {}],
    ['exit 0', ['exit', '0'], {}],
    ['exit 3', ['exit', '3'], {}],
    ['exit 42', ['exit', '42'], {}],
    ['uncaught exception', ['raise'], {}],
    ['sys.exit(message)', ['message'], {}],
    ['-O strips asserts and docstrings', [], { PYTHONOPTIMIZE: '2' }],
  ]
  for (const [name, args, env] of cases) {
    test(name, async () => {
      const [plain, phicode] = await Promise.all([
        runCommand([PYTHON, join(py, 'program.py'), ...args], { cwd: py, stdin, env }),
        runPhicode([join(phi, 'program.φ'), ...args], { cwd: phi, stdin, env }),
      ])
      expect(phicode.code).toBe(plain.code)
      expect(phicode.stdout).toBe(plain.stdout)
      expect(lastLine(phicode.stderr)).toBe(lastLine(plain.stderr))
    })
  }

  test('sys.argv is [path, *args], and phicode\'s flags are not the module\'s', async () => {
    const result = await runPhicode([join(phi, 'program.φ'), 'one', 'two words', '--'], { cwd: phi, stdin: '' })
    expect(result.stdout).toStartWith("argv ['one', 'two words']\nname __main__ program True\npath0 True\n")
  })
})

describe('python: tracebacks and syntax errors name the φ file and line', () => {
  const { phi, py, root } = twins('python-errors')
  const interpreters = [
    { name: 'CPython', flags: [] as string[], plain: () => PYTHON },
    { name: 'PyPy', flags: ['--pypy'], plain: pypy },
  ]

  for (const { name, flags, plain } of interpreters) {
    test(`an exception in an imported φ module (${name})`, async () => {
      const [python, phicode] = await Promise.all([
        runCommand([plain(), join(py, 'raises.py')], { cwd: py }),
        runPhicode([...flags, join(phi, 'raises.φ')], { cwd: phi }),
      ])
      expect(phicode.code).toBe(1)
      expect(phicode.stdout).toBe('before\n')
      expect(frames(phicode.stderr, root)).toEqual(frames(python.stderr, root))
      expect(frames(phicode.stderr, root)).toEqual(['  File "raises", line 4, in <module>', '  File "boom", line 2, in explode'])
      expect(phicode.stderr).toContain('\n    ⟲ helper(x) / 0\n')
      expect(caretLines(phicode.stderr)).toEqual([])
      expect(lastLine(phicode.stderr)).toBe('ZeroDivisionError: division by zero')
      expect(phicode.stderr).not.toMatch(/<phicode>|<string>|importlib|runpy/)
    })

    test(`a SyntaxError in the entry shows the φ line, caret on the same character (${name})`, async () => {
      const [python, phicode] = await Promise.all([
        runCommand([plain(), join(py, 'syntax.py')], { cwd: py }),
        runPhicode([...flags, join(phi, 'syntax.φ')], { cwd: phi }),
      ])
      expect(phicode.code).toBe(1)
      expect(phicode.stdout).toBe('')
      expect(phicode.stderr).toStartWith(`  File "${join(phi, 'syntax.φ')}", line 2\n    ƒ broken(:\n`)
      expect(caretTarget(phicode.stderr)).toBe(caretTarget(python.stderr))
      expect(lastLine(phicode.stderr)).toBe(lastLine(python.stderr))
    })

    test(`a SyntaxError in an imported φ module (${name})`, async () => {
      const phicode = await runPhicode([...flags, join(phi, 'imports_syntax.φ')], { cwd: phi })
      expect(phicode.code).toBe(1)
      expect(frames(phicode.stderr, root)).toEqual(['  File "imports_syntax", line 1, in <module>', '  File "bad_syntax", line 3'])
      expect(phicode.stderr).toContain('\n    ¿ x ≡ 1 ⟲ 2\n')
      expect(caretTarget(phicode.stderr)).toBe('⟲')
      expect(lastLine(phicode.stderr)).toBe('SyntaxError: invalid syntax')
      expect(phicode.stderr).not.toMatch(/<phicode>|importlib/)
    })

    test(`a φ file the transpiler rejects is a SyntaxError at its line (${name})`, async () => {
      const [entry, imported] = await Promise.all([
        runPhicode([...flags, join(phi, 'unterminated.φ')], { cwd: phi }),
        runPhicode([...flags, join(phi, 'imports_unterminated.φ')], { cwd: phi }),
      ])
      const message = 'SyntaxError: unterminated string literal: the line ends before its closing quote'
      expect(entry.code).toBe(1)
      expect(entry.stderr).toBe(`  File "${join(phi, 'unterminated.φ')}", line 2\n    π("abc)\n      ^\n${message}\n`)
      expect(imported.code).toBe(1)
      expect(imported.stdout).toBe('start\n')
      expect(frames(imported.stderr, root)).toEqual(['  File "imports_unterminated", line 2, in <module>', '  File "unterminated", line 2'])
      expect(lastLine(imported.stderr)).toBe(message)
    })
  }
})

interface Signalled {
  exitCode: number | null
  signalCode: string | null
  stdout: string
  stderr: string
}

/** Starts `cmd`, waits for its `ready` line, sends `signal` to that process alone, collects the end. */
async function signalled(cmd: string[], signal: NodeJS.Signals, cwd: string): Promise<Signalled> {
  const proc = Bun.spawn(cmd, { cwd, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe', timeout: 30_000 })
  const stderr = new Response(proc.stderr).text()
  const stdout = await readActingOnce(proc.stdout, /ready\n/, () => proc.kill(signal))
  await proc.exited
  return { exitCode: proc.exitCode, signalCode: proc.signalCode as string | null, stdout, stderr: await stderr }
}

describe('python: signals sent to phicode reach the module once, as with `python3 x.py`', () => {
  const { phi, py } = twins('python-run')
  const cases: [string, NodeJS.Signals][] = [
    ['plain', 'SIGINT'],
    ['plain', 'SIGTERM'],
    ['catch', 'SIGINT'],
    ['handlers', 'SIGTERM'],
    ['handlers', 'SIGHUP'],
  ]
  for (const [mode, signal] of cases) {
    test(`kill -${signal.slice(3)} <pid>, ${mode}`, async () => {
      const [python, phicode] = await Promise.all([
        signalled([PYTHON, join(py, 'signals.py'), mode], signal, py),
        signalled([PHICODE, join(phi, 'signals.φ'), mode], signal, phi),
      ])
      expect({ ...phicode, stderr: lastLine(phicode.stderr) }).toEqual({ ...python, stderr: lastLine(python.stderr) })
    })
  }

  test('kill -INT <pid> on PyPy: KeyboardInterrupt, then death by SIGINT', async () => {
    const [python, phicode] = await Promise.all([
      signalled([pypy(), join(py, 'signals.py'), 'plain'], 'SIGINT', py),
      signalled([PHICODE, '--pypy', join(phi, 'signals.φ'), 'plain'], 'SIGINT', phi),
    ])
    expect(phicode.signalCode).toBe('SIGINT')
    expect({ ...phicode, stderr: lastLine(phicode.stderr) }).toEqual({ ...python, stderr: lastLine(python.stderr) })
  })

  /** Ctrl-C typed on a real terminal (a pty from `script`): the whole process group gets SIGINT. */
  async function ctrlC(cmd: string[], cwd: string): Promise<string> {
    const proc = Bun.spawn(onTerminal(cmd), { cwd, stdin: 'pipe', stdout: 'pipe', timeout: 30_000 })
    const output = await readActingOnce(proc.stdout, /ready/, () => {
      proc.stdin.write('\x03')
      void proc.stdin.flush()
    })
    await proc.exited
    return output.replaceAll('\r', '')
  }

  test('Ctrl-C on a terminal reaches the module once, not twice', async () => {
    required('script')
    const [python, phicode] = await Promise.all([
      ctrlC([PYTHON, join(py, 'signals.py'), 'catch'], py),
      ctrlC([PHICODE, join(phi, 'signals.φ'), 'catch'], phi),
    ])
    // Where the terminal echoes ^C among the output lines varies from run to run.
    const summary = (output: string) => ({ interruptions: output.match(/interrupted/g)?.length ?? 0, traceback: output.includes('Traceback') })
    expect(summary(python)).toEqual({ interruptions: 1, traceback: false })
    expect(summary(phicode)).toEqual(summary(python))
  })
})
