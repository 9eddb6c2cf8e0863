/**
 * Tools that read modules see φ modules as Python's own: inspect's source functions return the
 * φ lines (the loader's get_source and linecache agree), pkgutil and importlib.resources list φ
 * modules and __init__.φ packages, and a UTF-8 BOM is accepted. Expected outputs hand-written.
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { runCommand, runPhicode } from '../../helpers/binary'
import { debianPython } from '../../helpers/prerequisites'
import { tempProject } from '../../helpers/tmp'

setDefaultTimeout(60_000)

const SHAPES = [
  'ℂ Square:',
  '    ƒ __init__(self, side):',
  '        self.side = side',
  '',
  '    ƒ area(self):',
  '        ⟲ self.side ** 2',
  '',
  '',
  'ƒ helper(x):',
  '    ¿ x:',
  '        ⟲ 1',
  '    ⟲ 2',
  '',
].join('\n')

describe('python: introspection of φ modules', () => {
  test('inspect.getsource / getsourcelines of φ functions, methods and classes are the φ lines', async () => {
    const main = [
      '⇒ inspect, linecache, shapes',
      'π(inspect.getsource(shapes.helper), end="")',
      'π(inspect.getsourcelines(shapes.Square.area))',
      'π(inspect.getsource(shapes.Square), end="")',
      'π(shapes.__loader__.get_source("shapes") == "".join(linecache.getlines(shapes.__file__)) == open(shapes.__file__).read())',
      '',
    ].join('\n')
    const dir = tempProject({ 'shapes.φ': SHAPES, 'main.φ': main })
    const result = await runPhicode(['main.φ'], { cwd: dir, env: { PHITON_PATH: debianPython() } })
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe(
      [
        'ƒ helper(x):',
        '    ¿ x:',
        '        ⟲ 1',
        '    ⟲ 2',
        "(['    ƒ area(self):\\n', '        ⟲ self.side ** 2\\n'], 5)",
        'ℂ Square:',
        '    ƒ __init__(self, side):',
        '        self.side = side',
        '',
        '    ƒ area(self):',
        '        ⟲ self.side ** 2',
        'True',
        '',
      ].join('\n'),
    )
  })

  test('pkgutil.iter_modules and importlib.resources see φ modules and __init__.φ packages', async () => {
    const main = [
      '⇒ pkgutil, importlib.resources, pkg',
      'π(sorted((m.name, m.ispkg) ∀ m ∈ pkgutil.iter_modules(pkg.__path__)))',
      'π(importlib.resources.files("pkg").joinpath("data.txt").read_text(), end="")',
      'π(importlib.resources.files("pkg.sub").joinpath("inner.txt").read_text(), end="")',
      '',
    ].join('\n')
    const dir = tempProject({
      'pkg/__init__.φ': '',
      'pkg/alpha.φ': 'A = 1\n',
      'pkg/beta.py': 'B = 2\n',
      'pkg/sub/__init__.φ': '',
      'pkg/sub/inner.txt': 'inner\n',
      'pkg/data.txt': 'data\n',
      'main.φ': main,
    })
    const result = await runPhicode(['main.φ'], { cwd: dir, env: { PHITON_PATH: debianPython() } })
    expect(result).toEqual({ code: 0, stdout: "[('alpha', False), ('beta', False), ('sub', True)]\ndata\ninner\n", stderr: '' })
  })

  test('a UTF-8 BOM is accepted in an entry and in an imported φ module, as Python accepts it in .py', async () => {
    const bom = '\uFEFF'
    const dir = tempProject({ 'main.φ': `${bom}⇒ other\nπ("main", other.NAME)\n`, 'other.φ': `${bom}NAME = "other"\n` })
    const result = await runPhicode(['main.φ'], { cwd: dir, env: { PHITON_PATH: debianPython() } })
    expect(result).toEqual({ code: 0, stdout: 'main other\n', stderr: '' })
  })

  test('coverage run / report count φ lines as coverage.py counts the .py twin\'s', async () => {
    const python = debianPython('coverage')
    const source = 'ƒ used(x):\n    ¿ x > 0:\n        ⟲ "pos"\n    ⟲ "neg"\n\nπ(used(1))\n'
    const twin = 'def used(x):\n    if x > 0:\n        return "pos"\n    return "neg"\n\nprint(used(1))\n'
    const phi = tempProject({ 'cov.φ': source })
    const py = tempProject({ 'cov.py': twin })
    const rows = (report: string) => report.split('\n').filter((line) => line.startsWith('cov.')).map((line) => line.replace(/^cov\.(φ|py) +/, 'cov '))
    await runCommand([python, '-m', 'coverage', 'run', 'cov.py'], { cwd: py })
    const expected = await runCommand([python, '-m', 'coverage', 'report', '-m'], { cwd: py })
    expect(rows(expected.stdout)).toEqual(['cov 5      1    80%   4'])
    const ran = await runPhicode(['-m', 'coverage', 'run', 'cov.φ'], { cwd: phi, env: { PHITON_PATH: python } })
    expect(ran).toEqual({ code: 0, stdout: 'pos\n', stderr: '' })
    const report = await runPhicode(['-m', 'coverage', 'report', '-m'], { cwd: phi, env: { PHITON_PATH: python } })
    expect(report.code).toBe(0)
    // Only the program's file is measured: not phicode's own package.
    expect(report.stdout.split('\n').filter((line) => /^\S+\.(py|φ) /.test(line)).map((line) => line.split(' ')[0])).toEqual(['cov.φ'])
    expect(rows(report.stdout)).toEqual(rows(expected.stdout))
  })

  test('pdb steps φ lines: phicode -m pdb x.φ and breakpoint() show what python3 -m pdb shows for the .py twin, on φ lines', async () => {
    const python = debianPython()
    const phi = tempProject({ 'st.φ': 'ƒ f(a):\n    b = a * 2\n    ⟲ b\n\nπ(f(3))\nbreakpoint()\nπ("end")\n' })
    const py = tempProject({ 'st.py': 'def f(a):\n    b = a * 2\n    return b\n\nprint(f(3))\nbreakpoint()\nprint("end")\n' })
    const commands = 's\ns\nn\nn\np b\nc\nn\nc\nq\n'
    const expected = await runCommand([python, '-m', 'pdb', 'st.py'], { cwd: py, stdin: commands })
    // The twin's report, with its file and source lines written as the φ file's (lines never move).
    const asPhi = expected.stdout
      .replaceAll(`${py}/st.py`, `${phi}/st.φ`)
      .replaceAll('-> def f(a):', '-> ƒ f(a):')
      .replaceAll('-> return b', '-> ⟲ b')
      .replaceAll('-> print(', '-> π(')
    expect(asPhi).toContain('-> ⟲ b')
    const result = await runPhicode(['-m', 'pdb', 'st.φ'], { cwd: phi, stdin: commands, env: { PHITON_PATH: python } })
    expect(result.stdout).toBe(asPhi)
    expect(result.code).toBe(expected.code)
  })
})
