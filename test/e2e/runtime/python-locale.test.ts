/**
 * Without a UTF-8 locale (no LANG: a container, cron, `env -i`) CPython coerces LC_CTYPE to
 * C.UTF-8 itself (PEP 538); phicode gives PyPy the same coercion, without which PyPy cannot even
 * open a φ path. The oracle is CPython on hand-written `.py` twins, in the same environment.
 */
import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { pythonExecutable } from '../../../bench/python'
import { runCommand, runPhicode } from '../../helpers/binary'
import { required } from '../../helpers/prerequisites'
import { tempDir, writeFiles } from '../../helpers/tmp'

const LOCALE_UNSET = { LANG: undefined, LANGUAGE: undefined, LC_ALL: undefined, LC_CTYPE: undefined, PYTHONUTF8: undefined, PYTHONIOENCODING: undefined }
const SHOW = 'sys.getfilesystemencoding(), os.environ.get("LC_CTYPE"), os.path.basename(os.path.dirname(os.path.abspath(__file__))), helper.greet("ψ")'

const base = tempDir()
const project = join(base, 'φ-app')
/** The `.py` twins, in a folder of the same name. */
const twin = join(base, 'twin/φ-app')
writeFiles(project, {
  'main.φ': `⇒ os, sys\n⇒ helper\nπ(${SHOW})\n`,
  'helper.φ': 'ƒ greet(name):\n    ⟲ "hi " + name\n',
  'which.φ': '⇒ sys\n⇒ helper\nπ(sys.implementation.name, helper.greet("ψ"))\n',
})
writeFiles(twin, {
  'main.py': `import os, sys\nimport helper\nprint(${SHOW})\n`,
  'helper.py': 'def greet(name):\n    return "hi " + name\n',
})

describe('python without a UTF-8 locale', () => {
  test('no LANG: CPython and PyPy both run with LC_CTYPE=C.UTF-8, as python3 x.py does', async () => {
    const env = LOCALE_UNSET
    const python = await runCommand([pythonExecutable(), 'main.py'], { cwd: twin, env })
    expect(python).toEqual({ code: 0, stdout: 'utf-8 C.UTF-8 φ-app hi ψ\n', stderr: '' })
    expect(await runPhicode(['main.φ'], { cwd: project, env })).toEqual(python)
    required('pypy3')
    expect(await runPhicode(['--pypy', 'main.φ'], { cwd: project, env })).toEqual(python)
  })

  test('--python still finds that PyPy can run the program', async () => {
    required('pypy3')
    expect(await runPhicode(['--python', 'which.φ'], { cwd: project, env: LOCALE_UNSET })).toEqual({ code: 0, stdout: 'pypy hi ψ\n', stderr: '' })
  })

  test('an explicit LC_ALL is left as it is (CPython then runs in its UTF-8 mode)', async () => {
    const env = { ...LOCALE_UNSET, LC_ALL: 'C' }
    const python = await runCommand([pythonExecutable(), 'main.py'], { cwd: twin, env })
    expect(python).toEqual({ code: 0, stdout: 'utf-8 None φ-app hi ψ\n', stderr: '' })
    expect(await runPhicode(['main.φ'], { cwd: project, env })).toEqual(python)
  })
})
