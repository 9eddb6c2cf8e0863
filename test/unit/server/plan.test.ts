import { describe, expect, test } from 'bun:test'
import { loadConfig } from '../../../src/config'
import { planExecution } from '../../../src/server/plan'
import { tempProject } from '../../helpers/tmp'

// The file an execution is written to, whether it is φ, its dialect and the interpreter flag,
// as docs/api.md's `type` field describes them; each expected plan is written out by hand.
const plain = loadConfig(tempProject({ '.(φ)/config.json': '{}' }), {})
const typescriptProject = loadConfig(tempProject({ '.(φ)/config.json': '{"language": "typescript"}' }), {})

const PY = { file: 'main.py', phi: false, dialect: 'python', flag: '--cpython' }
const TS = { file: 'main.ts', phi: false, dialect: 'typescript', flag: '--bun' }
const PHI_PY = { file: 'main.φ', phi: true, dialect: 'python', flag: '--cpython' }
const PHI_TS = { file: 'main.φ', phi: true, dialect: 'typescript', flag: '--bun' }

describe('planExecution', () => {
  const cases: Array<[name: string, code: string, type: 'auto' | 'phicode' | 'python' | 'typescript', expected: object]> = [
    ['auto, plain Python', 'def f():\n    return 1\nprint(f())\n', 'auto', PY],
    ['auto, plain TypeScript by its lines', 'const x = 1;\nconsole.log(x);\n', 'auto', TS],
    ['auto, a tie goes to Python', 'print(1)\n', 'auto', PY],
    ['auto, a python-only glyph', 'x = ∑([1, 2])\n', 'auto', PHI_PY],
    ['auto, a glyph of both tables', '¿ x:\n    π(1)\n', 'auto', PHI_PY],
    ['auto, φ TypeScript by its lines', 'const x = 1;\nπ(x);\n', 'auto', PHI_TS],
    ['auto, a python pragma beats TypeScript lines', '# phicode: python\nx = 1;\ny = 2;\n', 'auto', PHI_PY],
    ['auto, a typescript pragma alone', '// phicode: typescript\nprint(1)\n', 'auto', PHI_TS],
    ['phicode without a glyph', 'print(1)\n', 'phicode', PHI_PY],
    ['phicode, TypeScript by its lines', 'const x = 1;\nconsole.log(x);\n', 'phicode', PHI_TS],
    ['python over TypeScript lines', 'x = 1;\ny = 2;\n', 'python', PY],
    ['typescript over Python content', 'def f():\n    return 1\n', 'typescript', TS],
    ['python keeps glyphs plain', 'π(1)\n', 'python', PY],
    ['typescript keeps glyphs plain', 'π(1);\n', 'typescript', TS],
  ]
  for (const [name, code, type, expected] of cases) {
    test(name, () => expect(planExecution(code, type, plain)).toEqual(expected as never))
  }

  test('the project\'s language decides φ code without a pragma, not plain code', () => {
    expect(planExecution('π(1)\n', 'auto', typescriptProject)).toEqual(PHI_TS as never)
    expect(planExecution('print(1)\n', 'phicode', typescriptProject)).toEqual(PHI_TS as never)
    expect(planExecution('# phicode: python\nπ(1)\n', 'auto', typescriptProject)).toEqual(PHI_PY as never)
    expect(planExecution('print(1)\n', 'auto', typescriptProject)).toEqual(PY as never)
  })
})
