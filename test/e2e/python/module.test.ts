/**
 * `phicode -m MODULE args…` as `python3 -m MODULE args…`, with φ modules importable; and
 * `phicode NAME` of an installed module. Expected outputs are hand-written or Python's own.
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { PHICODE, runCommand, runPhicode } from '../../helpers/binary'
import { debianPython } from '../../helpers/prerequisites'
import { tempProject } from '../../helpers/tmp'

setDefaultTimeout(60_000)

describe('python: phicode -m', () => {
  test('-m pkg.tool runs a φ module of a φ package as __main__, with its arguments, as python3 -m runs the .py twin', async () => {
    const python = debianPython()
    const tool = '⇒ sys\n← . ⇒ helper\nπ(__name__, __package__, helper.NAME, sys.argv[1:])\n'
    const phi = tempProject({ 'pkg/__init__.φ': '', 'pkg/helper.φ': 'NAME = "helper"\n', 'pkg/tool.φ': tool })
    const py = tempProject({ 'pkg/__init__.py': '', 'pkg/helper.py': 'NAME = "helper"\n', 'pkg/tool.py': tool.replace('⇒', 'import').replace('←', 'from').replace('⇒', 'import').replace('π', 'print') })
    const expected = await runCommand([python, '-m', 'pkg.tool', 'a', '--flag'], { cwd: py })
    expect(expected.stdout).toBe("__main__ pkg helper ['a', '--flag']\n")
    const result = await runPhicode(['-m', 'pkg.tool', 'a', '--flag'], { cwd: phi, env: { PHITON_PATH: python } })
    expect(result).toEqual({ code: 0, stdout: expected.stdout, stderr: '' })
  })

  test('-m unittest discover -p "test_*.φ" finds φ tests in an __init__.φ package', async () => {
    const python = debianPython()
    const dir = tempProject({
      'tests/__init__.φ': '',
      'tests/test_numbers.φ': '⇒ unittest\n\nℂ Numbers(unittest.TestCase):\n    ƒ test_add(self):\n        self.assertEqual(2 + 2, 4)\n\n    ƒ test_len(self):\n        self.assertEqual(ℓ("abc"), 3)\n',
    })
    const result = await runPhicode(['-m', 'unittest', 'discover', '-s', '.', '-p', 'test_*.φ', '-v'], { cwd: dir, env: { PHITON_PATH: python } })
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('test_add (tests.test_numbers.Numbers')
    expect(result.stderr).toContain('test_len (tests.test_numbers.Numbers')
    expect(result.stderr).toContain('Ran 2 tests')
  })

  test('-m http.server serves the working directory', async () => {
    const python = debianPython()
    const dir = tempProject({ 'hello.φ': 'π("hi")\n' })
    const proc = Bun.spawn([PHICODE, '-m', 'http.server', '0', '--bind', '127.0.0.1'], {
      cwd: dir, env: { ...process.env, PHITON_PATH: python, PYTHONUNBUFFERED: '1' }, stdout: 'pipe', stderr: 'ignore',
    })
    try {
      const reader = proc.stdout.getReader()
      let text = ''
      while (!/port (\d+)/.test(text)) {
        const { value, done } = await reader.read()
        if (done) throw new Error(`http.server ended: ${text}`)
        text += new TextDecoder().decode(value)
      }
      reader.releaseLock()
      const port = text.match(/port (\d+)/)![1]
      const response = await fetch(`http://127.0.0.1:${port}/hello.φ`)
      expect(response.status).toBe(200)
      expect(await response.text()).toBe('π("hi")\n')
    } finally {
      proc.kill('SIGTERM')
      await proc.exited
    }
  })

  test('-m of a module nobody has: Python\'s own message and exit code', async () => {
    const python = debianPython()
    const dir = tempProject({})
    const expected = await runCommand([python, '-m', 'no_such_module_here'], { cwd: dir })
    const result = await runPhicode(['-m', 'no_such_module_here'], { cwd: dir, env: { PHITON_PATH: python } })
    expect(result).toEqual(expected)
    expect(result.code).toBe(1)
  })

  test('phicode NAME of an installed module (no such file here) runs it as -m does', async () => {
    const python = debianPython('pytest')
    const dir = tempProject({})
    const expected = await runCommand([python, '-m', 'pytest', '--version'], { cwd: dir })
    expect(expected.stdout + expected.stderr).toMatch(/^pytest \d/)
    const result = await runPhicode(['pytest', '--version'], { cwd: dir, env: { PHITON_PATH: python } })
    expect(result).toEqual(expected)
  })
})
