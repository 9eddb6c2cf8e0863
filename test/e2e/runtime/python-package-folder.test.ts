/**
 * Where the compiled binary writes the `phicode` Python package it carries
 * (src/runtime/python/package.ts): `$PHICODE_HOME/python/<hash>/`, else the temp folder's
 * `phicode-<uid>/python/<hash>/`, else nowhere (the program then runs without it). The files
 * are compared with the repository's python/ folder, the name with Bun's hash of them.
 */
import { expect, setDefaultTimeout, test } from 'bun:test'
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { debianPython } from '../../helpers/prerequisites'
import { tempDir, tempProject } from '../../helpers/tmp'

setDefaultTimeout(60_000)

const REPO_PYTHON = resolve(import.meta.dir, '../../../python')
/** The package's files, in the order the binary hashes them (the last, `__init__.py`, marks the folder complete). */
const FILES = [
  'phicode/_importer.py', 'phicode/_errors.py', 'phicode/_auto.py', 'phicode/_patches.py', 'phicode/_ipython.py',
  'phicode/pytest_plugin.py', 'phicode/__main__.py', 'sitecustomize.py', 'phicode/__init__.py',
]
const NAME = Bun.hash(FILES.map((path) => `${path}\0${readFileSync(join(REPO_PYTHON, path), 'utf8')}`).join('\0')).toString(36)
const UID = process.getuid?.()

/** The PYTHONPATH the φ program sees: the package folder the binary gave it. */
const PROGRAM = { 'where.φ': '⇒ os\nπ(os.environ.get("PYTHONPATH"))\n' }

async function where(env: Record<string, string>) {
  const dir = tempProject(PROGRAM)
  return runPhicode(['where.φ'], { cwd: dir, env: { PHITON_PATH: debianPython(), PYTHONPATH: undefined, ...env } })
}

test('written once under PHICODE_HOME, named by its content; rewritten only when __init__.py, written last, is missing', async () => {
  const home = tempDir()
  const folder = join(home, 'python', NAME)
  const first = await where({ PHICODE_HOME: home })
  expect(first).toEqual({ code: 0, stdout: `${folder}\n`, stderr: '' })
  for (const path of FILES) expect(readFileSync(join(folder, path), 'utf8')).toBe(readFileSync(join(REPO_PYTHON, path), 'utf8'))

  // A complete folder is left as it is.
  appendFileSync(join(folder, 'phicode/__main__.py'), '# changed\n')
  expect(await where({ PHICODE_HOME: home })).toEqual(first)
  expect(readFileSync(join(folder, 'phicode/__main__.py'), 'utf8')).toEndWith('# changed\n')

  // One that lost its last file is written again, all of it.
  rmSync(join(folder, 'phicode/__init__.py'))
  expect(await where({ PHICODE_HOME: home })).toEqual(first)
  for (const path of FILES) expect(readFileSync(join(folder, path), 'utf8')).toBe(readFileSync(join(REPO_PYTHON, path), 'utf8'))
})

test('an unwritable PHICODE_HOME gives the temp folder; neither writable, the program runs without the package', async () => {
  const dir = tempDir()
  const notDir = join(dir, 'a-file')
  writeFileSync(notDir, '')
  const tmp = join(dir, 'tmp')
  const fallback = await where({ PHICODE_HOME: notDir, TMPDIR: tmp })
  expect(fallback).toEqual({ code: 0, stdout: `${join(tmp, `phicode-${UID}`, 'python', NAME)}\n`, stderr: '' })
  expect(existsSync(join(tmp, `phicode-${UID}`, 'python', NAME, 'phicode/__init__.py'))).toBe(true)

  const none = await where({ PHICODE_HOME: notDir, TMPDIR: notDir })
  expect(none).toEqual({ code: 0, stdout: 'None\n', stderr: '' })
})

test("the loader's code the interpreter compiled is kept under PHICODE_HOME/python/ and run by the next start; a damaged one is replaced", async () => {
  const home = tempDir()
  const kept = () => readdirSync(join(home, 'python')).filter((name) => name.startsWith('loader.'))
  const magic = Bun.spawnSync([debianPython(), '-c', 'import sys, importlib.util; sys.stdout.buffer.write(importlib.util.MAGIC_NUMBER)']).stdout
  const first = await where({ PHICODE_HOME: home })
  expect(first.code).toBe(0)
  const names = kept()
  expect(names).toEqual([expect.stringMatching(/^loader[.][0-9a-z]+[.]comφled_cpython_3\d+$/)])
  const file = join(home, 'python', names[0]!)
  const code = readFileSync(file)
  expect(code.subarray(0, 4)).toEqual(Buffer.from(magic))
  // Run from the file, not compiled and sent back: the file is not written again.
  const written = statSync(file).mtimeMs
  expect(await where({ PHICODE_HOME: home })).toEqual(first)
  expect(statSync(file).mtimeMs).toBe(written)
  for (const damaged of ['not code', '']) {
    writeFileSync(file, damaged)
    expect(await where({ PHICODE_HOME: home })).toEqual(first)
    expect(readFileSync(file)).toEqual(code)
  }
  // Without a bytecode cache, none is kept or read.
  const uncached = tempDir()
  expect(await where({ PHICODE_HOME: uncached, PHICODE_CACHE_BYTECODE: '0' })).toEqual({ ...first, stdout: first.stdout.replace(home, uncached) })
  expect(readdirSync(join(uncached, 'python')).filter((name) => name.startsWith('loader.'))).toEqual([])
})
