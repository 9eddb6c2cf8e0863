/**
 * The `phicode` package without the wheel: the folder a φ run writes out, put on PYTHONPATH of
 * a plain interpreter (CPython and PyPy), the executable named by PHICODE_BIN. Expected outputs
 * written by hand.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PHICODE, runCommand, runPhicode } from '../../helpers/binary'
import { debianPython, required } from '../../helpers/prerequisites'
import { tempDir } from '../../helpers/tmp'

setDefaultTimeout(60_000)

const dir = tempDir()
let folder: string

beforeAll(async () => {
  writeFileSync(join(dir, 'where.φ'), '⇒ os, phicode\nπ(os.path.dirname(os.path.dirname(phicode.__file__)))\n')
  writeFileSync(join(dir, 'mathx.φ'), 'ƒ double(x):\n    ⟲ x * 2\n')
  writeFileSync(join(dir, 'broken.φ'), 'ƒ f(:\n    ⟲ 1\n')
  const where = await runPhicode(['where.φ'], { cwd: dir, env: { PHITON_PATH: debianPython() } })
  expect(where.code).toBe(0)
  folder = where.stdout.trim()
})

const PROGRAM = [
  'import os, sys, phicode',
  'phicode.install()',
  'import mathx',
  'print(mathx.double(21), flush=True)',
  'pid = os.fork()',
  'if pid == 0:',
  '    with open("forked_%s.φ" % sys.implementation.name, "w") as f:',
  '        f.write("ƒ g(): ⟲ 7\\n")',
  '    forked = __import__("forked_%s" % sys.implementation.name)',
  '    print("child", forked.g(), flush=True)',
  '    os._exit(0)',
  'os.waitpid(pid, 0)',
  'try:',
  '    import broken',
  'except SyntaxError as error:',
  '    print("SyntaxError at", os.path.basename(error.filename), error.lineno)',
].join('\n')

describe('python: the phicode package on PYTHONPATH', () => {
  for (const [name, python] of [['CPython', () => debianPython()], ['PyPy', () => required('pypy3')]] as const) {
    test(`${name}: φ imports, a forked child importing a new φ module, a SyntaxError at the φ file and line`, async () => {
      // PyPy reads φ file names only in a UTF-8 locale (the README says so); CI may have none.
      const env = { PYTHONPATH: folder, PHICODE_BIN: PHICODE, LC_CTYPE: 'C.UTF-8', LC_ALL: undefined }
      const result = await runCommand([python(), '-c', PROGRAM], { cwd: dir, env })
      expect(result).toEqual({ code: 0, stdout: '42\nchild 7\nSyntaxError at broken.φ 1\n', stderr: '' })
    })
  }
})
