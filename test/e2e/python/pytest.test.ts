/**
 * pytest on φ tests under `phicode -m pytest`: test_*.φ and *_test.φ collected, conftest.φ
 * fixtures, asserts rewritten so a failure shows the compared values. The oracle is Debian's
 * real pytest on the hand-written .py twin of the same suite.
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { runCommand, runPhicode } from '../../helpers/binary'
import { debianPython } from '../../helpers/prerequisites'
import { tempProject } from '../../helpers/tmp'

setDefaultTimeout(60_000)

const PHI = {
  'conftest.φ': '⇒ pytest\n\n@pytest.fixture\nƒ base():\n    ⟲ 40\n',
  'test_calc.φ': 'ƒ add(a, b):\n    ⟲ a + b\n\nƒ test_ok(base):\n    ‼ add(base, 2) == 42\n\nƒ test_bad(base):\n    total = add(base, 1)\n    ‼ total == 42\n',
  'words_test.φ': 'ƒ test_words():\n    ‼ ["a", "b"] == ["a", "c"]\n',
  'helper.φ': 'ƒ test_not_collected():\n    ‼ ⊥\n',
}
const PY = {
  'conftest.py': 'import pytest\n\n@pytest.fixture\ndef base():\n    return 40\n',
  'test_calc.py': 'def add(a, b):\n    return a + b\n\ndef test_ok(base):\n    assert add(base, 2) == 42\n\ndef test_bad(base):\n    total = add(base, 1)\n    assert total == 42\n',
  'words_test.py': 'def test_words():\n    assert ["a", "b"] == ["a", "c"]\n',
  'helper.py': 'def test_not_collected():\n    assert False\n',
}

/** The lines that carry a report's substance: test outcomes, `E` explanations, locations and the summary. */
function substance(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => /^(E |[^\s:]+:\d+: |FAILED |PASSED |\d+ (failed|passed))|::/.test(line))
    // The short summary is cut to the terminal's width: .φ is one character shorter than .py.
    .map((line) => line.replace(/\.(py|φ)(?=[:\s]|$)/g, '.X').replace(/ in [\d.]+s/, '').replace(/^(FAILED \S+ - .{20}).*/, '$1'))
}

describe('python: pytest on φ tests', () => {
  test('phicode -m pytest reports as pytest does for the .py twin: values compared, φ file and line', async () => {
    const python = debianPython('pytest')
    const args = ['-p', 'no:cacheprovider', '-rA', '-q']
    const expected = await runCommand([python, '-m', 'pytest', ...args], { cwd: tempProject(PY) })
    const result = await runPhicode(['-m', 'pytest', ...args], { cwd: tempProject(PHI), env: { PHITON_PATH: python } })
    expect(expected.code).toBe(1)
    expect(result.code).toBe(1)
    // Hand-checked anchors, then the whole report against real pytest's.
    expect(result.stdout).toContain('E       assert 41 == 42')
    expect(result.stdout).toContain('test_calc.φ:9: AssertionError')
    expect(result.stdout).toContain('>       ‼ total == 42')
    expect(substance(result.stdout)).toEqual(substance(expected.stdout))
  })

  test('phicode --test in a Python project (pyproject.toml) is pytest with φ collection; its words are pytest\'s', async () => {
    const python = debianPython('pytest')
    const dir = tempProject({ ...PHI, 'pyproject.toml': '[project]\nname = "calc"\n' })
    const result = await runPhicode(['--test', '-p', 'no:cacheprovider', '-q', '-k', 'ok'], { cwd: dir, env: { PHITON_PATH: python } })
    expect(result.stdout).toContain('1 passed, 2 deselected')
    expect(result.code).toBe(0)
    const all = await runPhicode(['--test', '-p', 'no:cacheprovider', '-q'], { cwd: dir, env: { PHITON_PATH: python } })
    expect(all.stdout).toContain('2 failed, 1 passed')
    expect(all.code).toBe(1)
  })
})
