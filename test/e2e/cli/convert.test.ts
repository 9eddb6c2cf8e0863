import { describe, expect, test } from 'bun:test'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../../../src/config'
import { defaultTable } from '../../../src/transpile'
import { runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'

const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/^\s+at .+\(.*:\d+:\d+\)$/m)

describe('phicode --convert', () => {
  test("the seed's example through stdin", async () => {
    const r = await runPhicode(['--convert', '-', '--to', 'python', '--dialect', 'python'], { stdin: 'ƒ test(): ⟲ 42' })
    expect([r.code, r.stdout]).toEqual([0, 'def test(): return 42'])
  })

  test('direction and dialect from the file name', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a.φ'), 'ƒ f():\n    ⟲ ¬x\n')
    writeFileSync(join(dir, 'b.py'), 'def f():\n    return not x\n')
    writeFileSync(join(dir, 'c.ts'), 'export function f() { return !x && y }\n')
    expect((await runPhicode(['--convert', 'a.φ'], { cwd: dir })).stdout).toBe('def f():\n    return not x\n')
    expect((await runPhicode(['--convert', 'b.py'], { cwd: dir })).stdout).toBe('ƒ f():\n    ⟲ ¬ x\n')
    expect((await runPhicode(['--convert', 'c.ts'], { cwd: dir })).stdout).toBe('export ƒ f() { ⟲ ¬x ∧ y }\n')
  })

  test('stdin: direction from the content, dialect from the content rule', async () => {
    const ts = await runPhicode(['--convert', '-'], { stdin: 'const f = (x) => {\n  ⟲ ¬x;\n};\n' })
    expect(ts.stdout).toBe('const f = (x) => {\n  return !x;\n};\n')
    const py = await runPhicode(['--convert', '-'], { stdin: 'def f(x):\n    return not x\n' })
    expect(py.stdout).toBe('ƒ f(x):\n    ⟲ ¬ x\n')
    const pragma = await runPhicode(['--convert', '-'], { stdin: '// phicode: typescript\n¿ (x) ⟲\n' })
    expect(pragma.stdout).toBe('// phicode: typescript\nif (x) return\n')
  })

  test('-o writes the file; --json describes the conversion', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'm.φ'), 'π(⟪(3))\n')
    const r = await runPhicode(['--convert', 'm.φ', '-o', 'out/m.py', '--json'], { cwd: dir })
    expect(r.code).toBe(0)
    expect(readFileSync(join(dir, 'out/m.py'), 'utf8')).toBe('print(range(3))\n')
    expect(JSON.parse(r.stdout)).toEqual({
      input: join(dir, 'm.φ'),
      output: join(dir, 'out/m.py'),
      direction: 'phicode→code',
      dialect: 'python',
      symbols_used: ['π', '⟪'],
      converted: null,
    })
  })

  test('a conversion error names file, line and column, exits 65 and writes nothing', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'bad.φ'), 'ƒ f():\n    ⟲ "open\n')
    const r = await runPhicode(['--convert', 'bad.φ', '-o', 'bad.py'], { cwd: dir })
    expect(r.code).toBe(65)
    expect(r.stderr).toContain(`${join(dir, 'bad.φ')}:2:7: unterminated string literal`)
    noStackTrace(r.stderr)
    expect(existsSync(join(dir, 'bad.py'))).toBe(false)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  test('python code that already uses a symbol is refused with its line', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'pi.py'), 'import math\nπ = math.pi\n')
    const r = await runPhicode(['--convert', 'pi.py'], { cwd: dir })
    expect(r.code).toBe(65)
    expect(r.stderr).toContain("pi.py:2:1: 'π' is already used in code here")
  })

  test('bad input: missing file, directory, disagreeing flags, unknown option', async () => {
    const dir = tempDir()
    const missing = await runPhicode(['--convert', 'nope.φ'], { cwd: dir })
    expect([missing.code, missing.stderr.includes('nope.φ: no such file')]).toEqual([66, true])
    // A directory is a tree to convert now; this one holds no source.
    const directory = await runPhicode(['--convert', '.'], { cwd: dir })
    expect(directory.code).toBe(0)
    expect(directory.stderr).toMatch(/^phicode: converted 0 files, 0 B in [\d.]+ s/)
    const disagree = await runPhicode(['--convert', '-', '--to', 'python', '--dialect', 'typescript'], { stdin: 'x', cwd: dir })
    expect(disagree.code).toBe(64)
    const unknown = await runPhicode(['--convrt', 'x'], { cwd: dir })
    expect([unknown.code, unknown.stderr.includes('unknown option --convrt')]).toEqual([64, true])
    const badEnum = await runPhicode(['--convert', '-', '--to', 'rust'], { cwd: dir, stdin: '' })
    expect(badEnum.code).toBe(64)
    for (const r of [missing, directory, disagree, unknown, badEnum]) noStackTrace(r.stderr)
  })

  test("the project's custom symbols apply", async () => {
    const dir = tempDir()
    mkdirSync(join(dir, '.(φ)'))
    writeFileSync(join(dir, '.(φ)', 'config.json'), JSON.stringify({ symbols: { def: 'fn' } }))
    writeFileSync(join(dir, 'm.φ'), 'fn f(): ⟲ 1\n')
    expect((await runPhicode(['--convert', 'm.φ'], { cwd: dir })).stdout).toBe('def f(): return 1\n')
  })
})

describe('phicode --config-generate / --config-reset', () => {
  test('the generated config loads back to the default tables', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'package.json'), '{}')
    const r = await runPhicode(['--config-generate'], { cwd: dir })
    expect(r.code).toBe(0)
    const file = join(dir, '.(φ)', 'config.json')
    const generated = JSON.parse(readFileSync(file, 'utf8'))
    expect(generated.file_extension).toBe('.φ')
    expect(Object.keys(generated.symbols)).toHaveLength(48)
    const loaded = loadConfig(dir, {})
    expect(loaded.warnings).toEqual([])
    expect(loaded.tables.python.id).toBe(defaultTable('python').id)
    expect(loaded.tables.typescript.id).toBe(defaultTable('typescript').id)
  })

  test('an existing config is kept unless --force; --config-reset removes it', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'package.json'), '{}')
    expect((await runPhicode(['--config-generate'], { cwd: dir })).code).toBe(0)
    const again = await runPhicode(['--config-generate'], { cwd: dir })
    expect(again.code).toBe(73)
    expect(again.stderr).toContain('already exists; pass --force')
    expect((await runPhicode(['--config-generate', '--force'], { cwd: dir })).code).toBe(0)
    const reset = await runPhicode(['--config-reset', '--json'], { cwd: dir })
    expect(JSON.parse(reset.stdout)).toEqual({ removed: join(dir, '.(φ)', 'config.json') })
    expect(existsSync(join(dir, '.(φ)'))).toBe(false)
  })
})

describe('phicode --version and --help', () => {
  test('--version and --version --json', async () => {
    const plain = await runPhicode(['--version'])
    expect(plain.stdout).toMatch(/^phicode \d+\.\d+\.\d+ \((?:[0-9a-f]+|unknown|source), bun \d+\.\d+\.\d+, linux-x64\)\n$/)
    const info = JSON.parse((await runPhicode(['--version', '--json'])).stdout)
    expect(Object.keys(info)).toEqual(['version', 'commit', 'bun', 'target', 'date'])
    expect(info.target).toBe(`${process.platform}-${process.arch}`)
  })
  test('--help lists every option', async () => {
    const r = await runPhicode(['--help'])
    expect(r.code).toBe(0)
    for (const flag of ['--convert', '--to', '--dialect', '--output', '--config-generate', '--config-reset', '--version', '--json', '--debug']) {
      expect(r.stdout).toContain(flag)
    }
    expect(r.stdout).not.toContain('\u001b[')
  })
})
