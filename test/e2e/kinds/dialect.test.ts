import { describe, expect, test } from 'bun:test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'

function tree(files: Record<string, string>): string {
  const root = tempDir('phicode-dialect-')
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), content)
  }
  return root
}

/**
 * Valid in both dialects, with different output: Python prints `[1, 2, 3]`, TypeScript `1,23`.
 * The content rule calls the first Python (a tie), the second TypeScript (a line ending in `;`),
 * so a marker is seen to decide only where it contradicts the content.
 */
const EITHER = 'π([1, 2] + [3])\n'
const EITHER_TS_LOOKING = 'π([1, 2] + [3]);\n'
const AS_PYTHON = '[1, 2, 3]\n'
const AS_TYPESCRIPT = '1,23\n'

/** What `app.φ` (EITHER unless given) printed when run from `dir`. */
async function output(dir: string, file = 'app.φ', args: string[] = []): Promise<string> {
  const r = await runPhicode([...args, file], { cwd: dir })
  expect(r.stderr).toBe('')
  return r.stdout
}

describe('the nearest project marker decides a φ file\'s dialect', () => {
  const markers: Array<[string, string]> = [
    ['package.json', AS_TYPESCRIPT], ['tsconfig.json', AS_TYPESCRIPT], ['bunfig.toml', AS_TYPESCRIPT],
    ['pyproject.toml', AS_PYTHON], ['setup.py', AS_PYTHON], ['setup.cfg', AS_PYTHON], ['requirements.txt', AS_PYTHON],
  ]
  for (const [marker, expected] of markers) {
    test(`${marker} ⇒ ${expected === AS_PYTHON ? 'python' : 'typescript'}`, async () => {
      const source = expected === AS_PYTHON ? EITHER_TS_LOOKING : EITHER
      const dir = tree({ [marker]: marker.endsWith('.json') ? '{}\n' : '', 'src/app.φ': source })
      expect(await output(dir, 'src/app.φ')).toBe(expected)
    })
  }

  test('the nearest directory wins, both ways', async () => {
    const py = tree({ 'pyproject.toml': '', 'web/package.json': '{}\n', 'web/app.φ': EITHER, 'tools/app.φ': EITHER_TS_LOOKING })
    expect(await output(join(py, 'web'))).toBe(AS_TYPESCRIPT)
    expect(await output(join(py, 'tools'))).toBe(AS_PYTHON)
    const ts = tree({ 'package.json': '{}\n', 'ml/requirements.txt': '', 'ml/deep/app.φ': EITHER_TS_LOOKING, 'app.φ': EITHER })
    expect(await output(join(ts, 'ml/deep'))).toBe(AS_PYTHON)
    expect(await output(ts)).toBe(AS_TYPESCRIPT)
  })

  test('markers of both languages in one directory, or only above the repository, leave it to the content rule (python on a tie)', async () => {
    const both = tree({ 'package.json': '{}\n', 'pyproject.toml': '', 'app.φ': EITHER })
    expect(await output(both)).toBe(AS_PYTHON)
    const above = tree({ 'package.json': '{}\n', 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/app.φ': EITHER })
    expect(await output(join(above, 'repo'))).toBe(AS_PYTHON)
  })

  test('a flag, a pragma and the config\'s language come before the marker', async () => {
    const dir = tree({
      'package.json': '{}\n',
      'app.φ': EITHER,
      'pinned.φ': `# phicode: python\n${EITHER}`,
      'py/.(φ)/config.json': '{"language": "python"}',
      'py/app.φ': EITHER,
    })
    expect(await output(dir, 'app.φ', ['--python'])).toBe(AS_PYTHON)
    expect(await output(dir, 'pinned.φ')).toBe(AS_PYTHON)
    expect(await output(join(dir, 'py'))).toBe(AS_PYTHON)
  })

  test('--convert of a φ file decides as a run does', async () => {
    const dir = tree({ 'package.json': '{}\n', 'app.φ': EITHER })
    expect(await runPhicode(['--convert', 'app.φ'], { cwd: dir })).toMatchObject({ code: 0, stdout: 'console.log([1, 2] + [3])\n' })
  })

  test('modules the Python runner imports stay Python, whatever their folder\'s marker or content', async () => {
    const dir = tree({
      'pyproject.toml': '',
      'main.φ': '← web.helper ⇒ twice, VALUES\nπ(twice(VALUES["a"]))\n',
      'web/__init__.φ': '',
      'web/package.json': '{}\n',
      // Two lines the content rule counts as TypeScript, one as Python.
      'web/helper.φ': 'VALUES = {\n    "a": 21,\n}\nƒ twice(n):\n    ⟲ n * 2\n',
    })
    expect(await output(dir, 'main.φ')).toBe('42\n')
  })
})

describe('the content rule', () => {
  test('an import of a quoted module without semicolons is TypeScript', async () => {
    const dir = tree({ 'app.φ': '⇒ { sep } ← "node:path"\nπ(sep)\n', 'zod.φ': '⇒ { z } ← "zod"\nπ(z)\n' })
    expect(await output(dir)).toBe('/\n')
    expect(await runPhicode(['--convert', 'zod.φ'], { cwd: dir })).toMatchObject({ code: 0, stdout: 'import { z } from "zod"\nconsole.log(z)\n' })
  })
})

describe('a guessed dialect that fails says it was guessed, from what, and how to pin it', () => {
  test('TypeScript in a Python project', async () => {
    const dir = tree({ 'pyproject.toml': '', 'app.φ': '⇒ { sep } ← "node:path"\nπ(sep)\n' })
    const r = await runPhicode(['app.φ'], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('SyntaxError')
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(
      'phicode: app.φ was read as Python, a guess from the nearest project marker, pyproject.toml. If it is TypeScript, ' +
        'pin it: a first line "// phicode: typescript", --bun on the command line, or "language": "typescript" in the project\'s .(φ)/config.json',
    )
    // Pinned as the hint says, it runs.
    writeFileSync(join(dir, 'app.φ'), '// phicode: typescript\n⇒ { sep } ← "node:path"\nπ(sep)\n')
    expect(await runPhicode(['app.φ'], { cwd: dir })).toMatchObject({ code: 0, stdout: '/\n', stderr: '' })
  })

  test('a Python settings file in a TypeScript project', async () => {
    const dir = tree({ 'package.json': '{}\n', 'conf/settings.φ': 'SETTINGS = {\n    "debug": ✓,\n    "hosts": ["a", "b"],\n}\nπ(SETTINGS["hosts"])\n' })
    const r = await runPhicode(['conf/settings.φ'], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(
      'phicode: settings.φ was read as TypeScript, a guess from the nearest project marker, package.json. If it is Python, ' +
        'pin it: a first line "# phicode: python", --python on the command line, or "language": "python" in the project\'s .(φ)/config.json',
    )
    expect(await runPhicode(['--python', 'conf/settings.φ'], { cwd: dir })).toMatchObject({ code: 0, stdout: "['a', 'b']\n" })
  })

  test('a guess from the content', async () => {
    const dir = tree({ 'app.φ': 'π(1 ? 2 : 3)\n' })
    const r = await runPhicode(['app.φ'], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('phicode: app.φ was read as Python, a guess from its content (no flag, pragma, config "language" or project marker decided).')
  })

  test('no hint for a real mistake in its own dialect, nor for a pinned file', async () => {
    const dir = tree({ 'pyproject.toml': '', 'bad.φ': 'ƒ broken(:\n    ⟲ 1\n', 'pinned.φ': '# phicode: python\n⇒ { sep } ← "node:path"\n' })
    for (const file of ['bad.φ', 'pinned.φ']) {
      const r = await runPhicode([file], { cwd: dir })
      expect(r.code).toBe(1)
      expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('SyntaxError: invalid syntax')
    }
  })
})
