/**
 * editors/vim in a real Vim (`vim -es`, no user config): filetype detection by phicode's
 * dialect rule, the `\keyword` insert mappings, and the symbol highlighting.
 */
import { expect, test } from 'bun:test'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_SYMBOLS } from '../../../src/transpile/symbols'
import { ROOT } from '../../helpers/root'
import { required } from '../../helpers/prerequisites'
import { tempDir } from '../../helpers/tmp'

const dir = tempDir('phicode-vim-')

/** Opens `file` in Vim with editors/vim on the runtimepath, types `keys` on line 1, and reports. */
function probe(file: string, keys: string): { filetype: string; dialect: string; line: string; group: string } {
  const script = join(dir, 'probe.vim')
  const out = join(dir, 'out.txt')
  writeFileSync(script, [
    'set encoding=utf-8',
    `set rtp^=${join(ROOT, 'editors/vim')}`,
    'filetype plugin indent on',
    'syntax on',
    'execute "edit " . fnameescape($PHI_FILE)',
    `execute "normal ggcc${keys}\\<Esc>"`,
    "call writefile([&filetype, get(b:, 'phi_dialect', ''), getline(1), synIDattr(synID(1, 1, 1), 'name')], $PHI_OUT)",
    'qa!',
  ].join('\n'))
  const r = Bun.spawnSync([required('vim'), '-Nu', 'NONE', '-i', 'NONE', '-es', '-S', script], { env: { ...process.env, PHI_FILE: file, PHI_OUT: out }, stdout: 'pipe', stderr: 'pipe' })
  expect(r.exitCode).toBe(0)
  const [filetype, dialect, line, group] = readFileSync(out, 'utf8').split('\n')
  return { filetype: filetype!, dialect: dialect!, line: line!, group: group! }
}

test('a φ file in a Python project is φ-Python: \\def types ƒ, highlighted as a definition', () => {
  mkdirSync(join(dir, 'py'))
  writeFileSync(join(dir, 'py/pyproject.toml'), '')
  writeFileSync(join(dir, 'py/app.φ'), 'x\n')
  expect(probe(join(dir, 'py/app.φ'), '\\\\def f(): \\\\return \\\\None')).toEqual({
    filetype: 'python.phi', dialect: 'python', line: 'ƒ f(): ⟲ Ø', group: 'phiDefine',
  })
})

test('a φ file in a package.json project is φ-TypeScript, with the TypeScript table', () => {
  mkdirSync(join(dir, 'ts'))
  writeFileSync(join(dir, 'ts/package.json'), '{}')
  writeFileSync(join(dir, 'ts/app.phi'), 'x\n')
  expect(probe(join(dir, 'ts/app.phi'), '\\\\function f() { \\\\console.log(\\\\true \\\\&& \\\\null) }')).toEqual({
    filetype: 'typescriptreact.phi', dialect: 'typescript', line: 'ƒ f() { π(✓ ∧ Ø) }', group: 'phiDefine',
  })
})

test('a pragma wins over the project marker', () => {
  writeFileSync(join(dir, 'ts/script.φ'), '# phicode: python\n')
  expect(probe(join(dir, 'ts/script.φ'), '# phicode: python').dialect).toBe('python')
})

test("the ftplugin's tables are phicode's default tables", () => {
  const vim = readFileSync(join(ROOT, 'editors/vim/ftplugin/phi.vim'), 'utf8')
  for (const dialect of ['python', 'typescript'] as const) {
    const block = vim.slice(vim.indexOf(`'${dialect}': {`)).split('}')[0]!
    const pairs = [...block.matchAll(/'([^']+)': '([^']+)'/g)].map((m) => ({ keyword: m[1], symbol: m[2] }))
    expect(pairs).toEqual(DEFAULT_SYMBOLS[dialect].map(({ keyword, symbol }) => ({ keyword, symbol })))
  }
})
