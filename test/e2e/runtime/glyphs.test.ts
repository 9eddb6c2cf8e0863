/**
 * Every glyph of both default tables, run by the compiled binary: each program prints what only
 * the right keyword would print (`π(⭱(1, 2), ⭳(1, 2))` is `2 1`). The expected output is
 * written here by hand, and the plain twins written by hand beside the φ files print it too
 * under the real python3 and bun.
 */
import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pythonExecutable } from '../../../bench/python'
import { ROOT, runCommand, runPhicode } from '../../helpers/binary'
import { PYTHON_TABLE, TYPESCRIPT_TABLE } from '../../helpers/symbols'
import { BUN } from '../../helpers/root'

const DIR = join(ROOT, 'test/fixtures/glyphs')

const PYTHON_OUTPUT = `2 1
3 4 6
[0, 1, 2] [(0, 'a'), (1, 'b')] [('a', 'x'), ('b', 'y')]
int True False None
False True False True True
10
a/b
global 1
nonlocal 2
yield [1, 2]
class Box False
lambda 8
for [0, 2, 3]
while 3
caught v
finally
assert fired
enter
inside
exit
three
async done
`

const TYPESCRIPT_OUTPUT = `2 1 3
false true false null true false
number true
delete false
yield 1,2
class 7
neg zero pos
for 0,2,3
while 3
caught boom
finally
three
async done
globalThis 7
a/b
`

const cases = [
  { dialect: 'python', phi: 'all.φ', twin: 'all.py', table: PYTHON_TABLE, output: PYTHON_OUTPUT, plain: () => pythonExecutable() },
  { dialect: 'typescript', phi: 'all-ts.φ', twin: 'all-ts.ts', table: TYPESCRIPT_TABLE, output: TYPESCRIPT_OUTPUT, plain: () => BUN },
]

for (const { dialect, phi, twin, table, output, plain } of cases) {
  describe(`${dialect}: every glyph`, () => {
    test('appears in the program', () => {
      const source = readFileSync(join(DIR, phi), 'utf8')
      expect(Object.values(table).filter((symbol) => !source.includes(symbol))).toEqual([])
    })

    test('means its keyword when the binary runs the program', async () => {
      const result = await runPhicode([phi], { cwd: DIR })
      expect(result).toEqual({ code: 0, stdout: output, stderr: '' })
    })

    test('the hand-written plain twin prints the same under the real interpreter', async () => {
      const result = await runCommand([plain(), twin], { cwd: DIR })
      expect(result).toEqual({ code: 0, stdout: output, stderr: '' })
    })
  })
}
