import { describe, expect, test } from 'bun:test'
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { PHICODE, ROOT, runCommand, runPhicode } from '../../helpers/binary'
import { pythonExecutable } from '../../../bench/python'
import { tempDir, writeFiles } from '../../helpers/tmp'
import { onTerminal } from '../../helpers/terminal'

/** Every regular file below `dir`, as sorted paths relative to it. */
function listFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) out.push(relative(dir, path))
    }
  }
  walk(dir)
  return out.sort()
}

const SUMMARY = /^phicode: converted (\d+) files, [\d.]+ (?:B|KiB|MiB) in [\d.]+ s \([\d.]+ (?:B|KiB|MiB)\/s(?:, \d threads)?\)/m

/** Converts `src` into `phi`, back into `back`, and compares every source byte for byte. */
async function roundTrip(src: string, work: string, sourceExt: string, back: string[], env: Record<string, string> = {}) {
  const phi = join(work, 'phi')
  const there = await runPhicode(['--convert', src, '-o', phi], { env })
  expect(there.stderr).toMatch(SUMMARY)
  expect(there.code).toBe(0)
  // No progress bar when stderr is not a terminal: one summary line, no carriage returns.
  expect(there.stderr).not.toContain('\r')
  expect(there.stderr.trim().split('\n')).toHaveLength(1)
  if (env.PHICODE_CONVERT_THREADS) expect(there.stderr).toContain(`, ${env.PHICODE_CONVERT_THREADS} threads)`)
  const sources = listFiles(src).filter((f) => f.endsWith(sourceExt))
  const phiFiles = listFiles(phi)
  expect(phiFiles).toEqual(sources.map((f) => f.slice(0, -sourceExt.length) + '.φ').sort())
  expect(Number(SUMMARY.exec(there.stderr)![1])).toBe(sources.length)
  const converted = phiFiles.filter((f) => /[ƒ⟲π¿]/.test(readFileSync(join(phi, f), 'utf8'))).length
  expect(converted).toBeGreaterThan(sources.length / 2)
  const again = await runPhicode(['--convert', phi, '-o', join(work, 'back'), ...back])
  expect([again.code, again.stderr.match(SUMMARY)?.[1]]).toEqual([0, String(sources.length)])
  for (const f of sources) expect({ f, same: readFileSync(join(work, 'back', f)).equals(readFileSync(join(src, f))) }).toEqual({ f, same: true })
  return sources.length
}

describe('--convert of trees', () => {
  test('a module tree of the Python standard library (a few hundred files) round-trips byte for byte', async () => {
    const stdlib = Bun.spawnSync([pythonExecutable(), '-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])']).stdout.toString().trim()
    const work = tempDir()
    const src = join(work, 'src')
    for (const pkg of ['email', 'asyncio', 'json', 'importlib', 'unittest', 'concurrent', 'logging', 'http', 'urllib', 'xml', 'multiprocessing', 'lib2to3']) {
      cpSync(join(stdlib, pkg), join(src, pkg), { recursive: true, filter: (p) => !p.endsWith('__pycache__') })
    }
    // Back with --to python: a φ file alone does not say its dialect, and some of these read as TypeScript.
    const count = await roundTrip(src, work, '.py', ['--to', 'python'])
    // pyenv's 3.11 has 298 such files, Debian's /usr/bin/python3 241 (Debian packages the tests apart).
    expect(count).toBeGreaterThan(200)
  }, 120_000)

  test('a TypeScript package from node_modules round-trips byte for byte, converted on worker threads', async () => {
    const work = tempDir()
    const src = join(work, 'zod')
    cpSync(join(ROOT, 'node_modules/zod/src'), src, { recursive: true })
    writeFileSync(join(work, 'package.json'), '{}')
    const count = await roundTrip(src, work, '.ts', [], { PHICODE_CONVERT_THREADS: '2' })
    expect(count).toBeGreaterThan(250)
  }, 120_000)

  test('several files and a directory, as the issue tried: all converted, the tree mirrored', async () => {
    const dir = tempDir()
    writeFiles(dir, { 'a.py': 'x = None\n', 'b.py': 'y = True\n', 'lib/c.py': 'def c(): pass\n' })
    const r = await runPhicode(['--convert', 'a.py', 'b.py', 'lib', '-o', 'out/'], { cwd: dir })
    expect([r.code, r.stdout]).toEqual([0, ''])
    expect(listFiles(join(dir, 'out'))).toEqual(['a.φ', 'b.φ', 'c.φ'])
    expect(readFileSync(join(dir, 'out/b.φ'), 'utf8')).toBe('y = ✓\n')
    expect(readFileSync(join(dir, 'out/c.φ'), 'utf8')).toBe('ƒ c(): ⋯\n')
  })

  test('skips node_modules, .git, virtualenvs, __pycache__ and what .gitignore ignores (git agrees)', async () => {
    const dir = tempDir()
    const py = 'x = None\n'
    writeFiles(dir, {
      'app/main.py': py,
      'app/util.py': py,
      'app/gen_models.py': py,
      'app/keep_models.py': py,
      'app/build/out.py': py,
      'app/sub/local.py': py,
      'app/sub/deep/local.py': py,
      'app/sub/.gitignore': '/local.py\n',
      'app/sub/other.py': py,
      'node_modules/dep/index.ts': 'export const x = null\n',
      '.git/hooks/h.py': py,
      '.venv/lib/site.py': py,
      'venv/lib/site.py': py,
      'env3/pyvenv.cfg': 'home = /usr/bin\n',
      'env3/lib/site.py': py,
      'app/__pycache__/main.py': py,
      'notes.txt': 'not code\n',
      '.gitignore': '*_models.py\n!keep_*.py\nbuild/\n',
    })
    const r = await runPhicode(['--convert', '.', '-o', 'out', '--json'], { cwd: dir })
    expect(r.code).toBe(0)
    const converted = JSON.parse(r.stdout).files.map((f: { input: string }) => relative(dir, f.input)).sort()
    expect(converted).toEqual(['app/keep_models.py', 'app/main.py', 'app/sub/deep/local.py', 'app/sub/other.py', 'app/util.py'])
    expect(listFiles(join(dir, 'out'))).toEqual(['app/keep_models.φ', 'app/main.φ', 'app/sub/deep/local.φ', 'app/sub/other.φ', 'app/util.φ'])
    // The output directory lies inside the tree: a second run does not take its own results as input.
    const again = await runPhicode(['--convert', '.', '-o', 'out', '--json'], { cwd: dir })
    expect(JSON.parse(again.stdout).files.map((f: { status: string }) => f.status)).toEqual(Array(5).fill('unchanged'))
    // The .gitignore part, against git itself (the directory rules are phicode's own, above).
    const git = tempDir()
    cpSync(dir, git, { recursive: true, filter: (p) => !p.includes('/out') })
    Bun.spawnSync(['git', 'init', '-q'], { cwd: git })
    const listed = Bun.spawnSync(['git', 'ls-files', '--others', '--exclude-standard', 'app'], { cwd: git }).stdout.toString()
    const gitPy = listed.split('\n').filter((f) => f.endsWith('.py') && !f.includes('__pycache__')).sort()
    expect(gitPy).toEqual(converted)
  })

  test('keeps file modes and turns env shebangs into phicode and back; the φ script runs by its shebang', async () => {
    const dir = tempDir()
    writeFiles(dir, {
      'src/tool.py': '#!/usr/bin/env python3\nprint("tool ran")\n',
      'src/private.py': 'x = None\n',
      'web/package.json': '{}',
      'web/cli.ts': '#! /usr/bin/env node\nconsole.log("cli ran")\n',
    })
    chmodSync(join(dir, 'src/tool.py'), 0o755)
    chmodSync(join(dir, 'src/private.py'), 0o600)
    expect((await runPhicode(['--convert', 'src', 'web', '-o', 'phi'], { cwd: dir })).code).toBe(0)
    const mode = (p: string) => statSync(join(dir, p)).mode & 0o777
    expect([mode('phi/tool.φ'), mode('phi/private.φ')]).toEqual([0o755, 0o600])
    expect(readFileSync(join(dir, 'phi/tool.φ'), 'utf8')).toBe('#!/usr/bin/env phicode\nπ("tool ran")\n')
    expect(readFileSync(join(dir, 'phi/cli.φ'), 'utf8')).toBe('#! /usr/bin/env phicode\nπ("cli ran")\n')
    // Run by the kernel through the shebang, phicode found on PATH.
    const byShebang = await runCommand([join(dir, 'phi/tool.φ')], { cwd: dir, env: { PATH: `${dirname(PHICODE)}:${process.env.PATH}` } })
    expect([byShebang.code, byShebang.stdout]).toEqual([0, 'tool ran\n'])
    expect((await runPhicode(['--convert', 'phi/tool.φ', 'phi/private.φ', '-o', 'back'], { cwd: dir })).code).toBe(0)
    expect((await runPhicode(['--convert', 'phi/cli.φ', '--to', 'typescript', '-o', 'back/'], { cwd: dir })).code).toBe(0)
    expect(readFileSync(join(dir, 'back/tool.py'), 'utf8')).toBe('#!/usr/bin/env python3\nprint("tool ran")\n')
    expect(readFileSync(join(dir, 'back/cli.ts'), 'utf8')).toBe('#! /usr/bin/env bun\nconsole.log("cli ran")\n')
    expect([mode('back/tool.py'), mode('back/private.py')]).toEqual([0o755, 0o600])
    expect((await runCommand([join(dir, 'back/tool.py')], { cwd: dir })).stdout).toBe('tool ran\n')
  })

  test('--in-place writes beside each source and keeps the source', async () => {
    const dir = tempDir()
    writeFiles(dir, { 'pkg/a.py': 'x = None\n', 'pkg/b/c.py': 'y = False\n' })
    expect((await runPhicode(['--convert', 'pkg', '--in-place'], { cwd: dir })).code).toBe(0)
    expect(listFiles(join(dir, 'pkg'))).toEqual(['a.py', 'a.φ', 'b/c.py', 'b/c.φ'])
    expect(readFileSync(join(dir, 'pkg/b/c.φ'), 'utf8')).toBe('y = ⊥\n')
  })
})

describe('--convert progress', () => {
  test('a progress bar on a terminal (a pseudo-terminal from script(1)), none on a pipe', async () => {
    const dir = tempDir()
    writeFiles(dir, Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`src/m${k}.py`, 'x = None\n'])))
    const tty = await runCommand(onTerminal([PHICODE, '--convert', 'src', '-o', 'out']), { cwd: dir })
    expect(tty.code).toBe(0)
    expect(tty.stdout).toMatch(/█+ 40\/40 files/)
    expect(tty.stdout).toMatch(/converted 40 files/)
    const pipe = await runPhicode(['--convert', 'src', '-o', 'out2'], { cwd: dir })
    expect(pipe.stderr).not.toMatch(/█|░|\/40 files/)
  })
})

describe('--convert config warnings', () => {
  for (const threads of ['1', '2']) {
    test(`a config problem is reported once for the whole tree (${threads} thread(s))`, async () => {
      const dir = tempDir()
      writeFiles(dir, { '.(φ)/config.json': '{"cache_sise": 1}', ...Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`m${k}.py`, 'x = None\n'])) })
      const r = await runPhicode(['--convert', '.', '-o', 'out'], { cwd: dir, env: { PHICODE_CONVERT_THREADS: threads } })
      expect(r.code).toBe(0)
      expect(r.stderr.split('\n').filter((l) => l.includes('warning'))).toEqual([`phicode: warning: ${join(dir, '.(φ)', 'config.json')}: unknown field 'cache_sise' ignored`])
    })
  }
})

describe('--convert refuses to clobber', () => {
  test('φ text over the Python source itself, or over other Python, needs --force; nothing is written', async () => {
    const dir = tempDir()
    writeFiles(dir, { 'models.py': 'x = None\n', 'other.py': 'keep = True\n' })
    const self = await runPhicode(['--convert', 'models.py', '-o', 'models.py'], { cwd: dir })
    expect(self.code).toBe(73)
    expect(self.stderr).toContain(`${join(dir, 'models.py')}: holds plain code; φ text would replace it`)
    const over = await runPhicode(['--convert', 'models.py', '-o', 'other.py'], { cwd: dir })
    expect(over.code).toBe(73)
    expect(over.stderr).toContain(`${join(dir, 'other.py')}: holds plain code; φ text would replace it`)
    expect(readFileSync(join(dir, 'models.py'), 'utf8')).toBe('x = None\n')
    expect(readFileSync(join(dir, 'other.py'), 'utf8')).toBe('keep = True\n')
    const forced = await runPhicode(['--convert', 'models.py', '-o', 'other.py', '--force'], { cwd: dir })
    expect(forced.code).toBe(0)
    expect(readFileSync(join(dir, 'other.py'), 'utf8')).toBe('x = Ø\n')
    // Asked for with --force, a file is replaced by its own conversion (read whole before writing).
    expect((await runPhicode(['--convert', 'models.py', '-o', 'models.py', '--force'], { cwd: dir })).code).toBe(0)
    expect(readFileSync(join(dir, 'models.py'), 'utf8')).toBe('x = Ø\n')
  })

  test('in a tree, one refused file stops the run before any file is written', async () => {
    const dir = tempDir()
    writeFiles(dir, { 'src/a.φ': 'x = Ø\n', 'src/b.φ': 'y = ✓\n', 'src/c.φ': 'z = ⊥\n', 'out/b.py': 'ƒ hand_written(): ⋯\n' })
    const r = await runPhicode(['--convert', 'src', '-o', 'out', '--to', 'python'], { cwd: dir })
    expect(r.code).toBe(73)
    expect(r.stderr).toContain(`${join(dir, 'out/b.py')}: holds φ code; plain code would replace it`)
    expect(listFiles(join(dir, 'out'))).toEqual(['b.py'])
    expect(readFileSync(join(dir, 'out/b.py'), 'utf8')).toBe('ƒ hand_written(): ⋯\n')
    expect(readdirSync(join(dir, 'out')).some((f) => f.endsWith('.tmp'))).toBe(false)
  })
})

describe('--convert errors and --check', () => {
  test.each(['1', '2'])('a file that fails is reported with file:line:col, the others are converted, exit 65 (%s thread(s))', async (threads) => {
    const dir = tempDir()
    // Enough files for two worker threads to share them.
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`src/many/m${k}.φ`, 'x = Ø\n']))
    writeFiles(dir, { 'src/a.φ': 'x = Ø\n', 'src/bad.φ': 'ƒ f():\n    ⟲ "open\n', 'src/z/c.φ': 'y = ✓\n', ...many })
    const r = await runPhicode(['--convert', 'src', '-o', 'out', '--to', 'python'], { cwd: dir, env: { PHICODE_CONVERT_THREADS: threads } })
    expect(r.code).toBe(65)
    expect(r.stderr).toContain(`${join(dir, 'src/bad.φ')}:2:7: unterminated string literal`)
    expect(r.stderr).toMatch(new RegExp(`converted 42 files, .*${threads === '2' ? ', 2 threads' : ''}\\); 1 failed`))
    const expected = ['a.py', 'z/c.py', ...Object.keys(many).map((f) => f.slice('src/'.length).replace('.φ', '.py'))]
    expect(listFiles(join(dir, 'out'))).toEqual(expected.sort())
  })

  test('--check lists the files whose conversion differs, exits 1, writes nothing', async () => {
    const dir = tempDir()
    writeFiles(dir, { 'a.py': 'x = None\n', 'b.py': 'y = True\n', 'c.py': 'z = False\n' })
    expect((await runPhicode(['--convert', '.', '--in-place'], { cwd: dir })).code).toBe(0)
    const clean = await runPhicode(['--convert', '.', '--check', '--to', 'phicode'], { cwd: dir })
    expect([clean.code, clean.stdout]).toEqual([0, ''])
    writeFileSync(join(dir, 'b.py'), 'y = None\n')
    writeFileSync(join(dir, 'd.py'), 'w = 1\n')
    const before = readFileSync(join(dir, 'b.φ'), 'utf8')
    const dirty = await runPhicode(['--convert', '.', '--check', '--to', 'phicode'], { cwd: dir })
    expect([dirty.code, dirty.stdout]).toEqual([1, 'b.φ\nd.φ\n'])
    expect(readFileSync(join(dir, 'b.φ'), 'utf8')).toBe(before)
    expect(existsSync(join(dir, 'd.φ'))).toBe(false)
  })

  test('--json gives every file with its status and the summary', async () => {
    const dir = tempDir()
    writeFiles(dir, { 'a.py': 'x = None\n', 'bad.py': 'π = 3\n' })
    const r = await runPhicode(['--convert', 'a.py', 'bad.py', '-o', 'out', '--json'], { cwd: dir })
    expect(r.code).toBe(65)
    const report = JSON.parse(r.stdout)
    expect(report.files).toEqual([
      { input: join(dir, 'a.py'), output: join(dir, 'out/a.φ'), status: 'converted', direction: 'code→phicode', dialect: 'python', bytes: 9, error: null },
      { input: join(dir, 'bad.py'), output: null, status: 'failed', direction: null, dialect: null, bytes: 7, error: expect.stringContaining("bad.py:1:1: 'π' is already used in code here") },
    ])
    expect(report.summary).toMatchObject({ files: 1, failed: 1, differs: 0, bytes: 9, threads: 0 })
    expect(typeof report.summary.bytes_per_s).toBe('number')
  })
})
