import { describe, expect, test } from 'bun:test'
import { codeMask, decodeSource, TranspileError } from '../../../src/transpile'
import { thrown } from '../../helpers/thrown'
import { pythonExecutable } from '../../../bench/python'

const blank = (s: string) => s.replace(/[^\n]/g, ' ')

describe('codeMask', () => {
  test('python: comments, strings, bytes, docstrings and f-string text are blanked; fields stay', () => {
    const source = `import os  # os.system("x")\ns = 'eval(' + b"exec("\nf"{eval(a)} eval(" + """\neval(\n"""\nos.system(cmd)\n`
    expect(codeMask(source, 'python')).toBe(
      `import os${blank('  # os.system("x")')}\ns = '${blank('eval(')}' + b"${blank('exec(')}"\nf"{eval(a)}${blank(' eval(')}" + """\n${blank('eval(')}\n"""\nos.system(cmd)\n`,
    )
  })

  test('typescript: comments, strings, regex bodies, template text, JSX text, hashbang', () => {
    const source = "#!/usr/bin/env bun eval(\nconst a = 'child_process' // exec(\nconst r = /exec\\(/g; const t = `run( ${ spawn(x) } go(`\nconst j = <p title=\"eval(\">exec( {run(z)}</p>\n"
    const mask = codeMask(source, 'typescript', { jsx: true })
    expect(mask.length).toBe(source.length)
    expect(mask).toContain('spawn(x)')
    expect(mask).toContain('{run(z)}')
    for (const hidden of ['eval(', 'child_process', 'exec(', 'run( ', 'go(']) expect(mask).not.toContain(hidden)
  })

  test('keeps every offset: same length, line breaks in place, over the Python installation (every 8th file)', async () => {
    const prefix = Bun.spawnSync([pythonExecutable(), '-c', 'import sys; print(sys.prefix)']).stdout.toString().trim()
    let index = 0
    let checked = 0
    for await (const path of new Bun.Glob('**/*.py').scan({ cwd: prefix, absolute: true, followSymlinks: false })) {
      if (index++ % 8 !== 0) continue
      const { text } = decodeSource(await Bun.file(path).bytes())
      const mask = codeMask(text, 'python')
      expect(mask.length).toBe(text.length)
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i)
        if (c === 10 || c === 13) expect(mask.charCodeAt(i)).toBe(c)
      }
      checked++
    }
    // CPython's standard library alone holds over 2,000 .py files (2,231 in 3.12.1), site-packages more.
    expect(checked).toBeGreaterThan(250)
  }, 120_000)

  test('an unterminated string is the transpiler error, with its line', () => {
    const error = thrown(TranspileError, () => codeMask('x = 1\ny = "open\n', 'python'))
    expect([error.code, error.line]).toEqual(['UNTERMINATED_STRING', 2])
  })
})
