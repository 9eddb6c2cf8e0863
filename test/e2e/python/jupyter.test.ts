/**
 * `%load_ext phicode` in a Jupyter kernel: a notebook with φ cells (symbols and plain Python,
 * a φ module import, an error) executed headless by Debian's nbclient and ipykernel, with the
 * `phicode` package the binary writes out. Expected outputs written by hand.
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PHICODE, runCommand, runPhicode } from '../../helpers/binary'
import { debianPython } from '../../helpers/prerequisites'
import { tempDir } from '../../helpers/tmp'

setDefaultTimeout(120_000)

const CELLS = [
  '%load_ext phicode',
  'ƒ double(x):\n    ⟲ x * 2\nπ(double(21))',
  'squares = [i * i for i in range(4)]\nprint(squares)',
  '⇒ tripler\ntripler.triple(5)',
  'ƒ boom():\n    ↑ ValueError("bad")\nboom()',
]

/** Runs the notebook and prints each output as one JSON line: type, text, and for errors the traceback without colours. */
const DRIVER = `
import json, re, sys
import nbclient, nbformat
nb = nbformat.v4.new_notebook()
nb.cells = [nbformat.v4.new_code_cell(source) for source in json.loads(sys.argv[1])]
nbclient.NotebookClient(nb, kernel_name='python3', timeout=60, allow_errors=True).execute()
for cell in nb.cells:
    for out in cell.outputs:
        text = out.get('text') or out.get('data', {}).get('text/plain') or out.get('ename')
        trace = [re.sub(r'\\x1b\\[[0-9;]*m', '', line) for line in out.get('traceback', [])]
        print(json.dumps([out['output_type'], text, trace], ensure_ascii=False))
`

describe('python: Jupyter', () => {
  test('a notebook with φ cells runs headless under %load_ext phicode; its traceback shows the φ cell lines', async () => {
    const python = debianPython('nbclient', 'ipykernel', 'nbformat', 'IPython')
    const dir = tempDir()
    writeFileSync(join(dir, 'tripler.φ'), 'ƒ triple(x):\n    ⟲ x * 3\n')
    // The package as the binary ships it: the folder a φ run puts on its children's PYTHONPATH.
    writeFileSync(join(dir, 'where.φ'), '⇒ os, phicode\nπ(os.path.dirname(os.path.dirname(phicode.__file__)))\n')
    const where = await runPhicode(['where.φ'], { cwd: dir, env: { PHITON_PATH: python } })
    expect(where.code).toBe(0)
    const result = await runCommand([python, '-Xfrozen_modules=off', '-c', DRIVER, JSON.stringify(CELLS)], {
      cwd: dir,
      env: { PYTHONPATH: where.stdout.trim(), PHICODE_BIN: PHICODE, PYDEVD_DISABLE_FILE_VALIDATION: '1' },
      timeout: 110_000,
    })
    expect(result.code).toBe(0)
    const outputs = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as [string, string, string[]])
    expect(outputs.slice(0, 3)).toEqual([
      ['stream', '42\n', []],
      ['stream', '[0, 1, 4, 9]\n', []],
      ['execute_result', '15', []],
    ])
    const [kind, name, trace] = outputs[3]!
    expect([kind, name]).toEqual(['error', 'ValueError'])
    expect(trace.join('\n')).toContain('----> 2     ↑ ValueError("bad")')
    expect(trace.at(-1)).toBe('ValueError: bad')
  })
})
