/**
 * The φ project layer a checker or language server reads (src/check/project.ts): virtual names,
 * the files it serves, and positions both ways. Columns are counted by hand in the texts below.
 */
import { expect, test } from 'bun:test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadPhiProject } from '../../../src/check'
import { tempDir } from '../../helpers/tmp'

const dir = tempDir('phicode-project-')
mkdirSync(join(dir, 'src'))
writeFileSync(join(dir, 'package.json'), '{}')
writeFileSync(join(dir, 'src/geometry.φ'), 'export ƒ sq(x: number): number { ⟲ x * x }\n')
writeFileSync(join(dir, 'src/main.φ'), "⇒ { sq } ← './geometry'\nπ(sq(2))\n")
writeFileSync(join(dir, 'src/tool.φ'), '# phicode: python\nƒ f():\n    ⟲ 1\n')

test('typescript modules are served as x.φ.tsx beside the φ file, extensionless φ imports named', () => {
  const project = loadPhiProject({ root: dir, dialect: 'typescript' })
  expect(project.modules.map((m) => m.virtualPath).sort()).toEqual([join(dir, 'src/geometry.φ.tsx'), join(dir, 'src/main.φ.tsx')])
  expect(project.files.readFile(join(dir, 'src/main.φ.tsx'))).toBe("import { sq } from './geometry.φ'\nconsole.log(sq(2))\n")
  expect(project.files.fileExists(join(dir, 'src/geometry.φ.tsx'))).toBe(true)
  expect(project.files.fileExists(join(dir, 'src/plain.ts'))).toBeUndefined()
  expect(project.files.getAccessibleEntries(join(dir, 'src'))?.files.sort()).toEqual(['geometry.φ', 'geometry.φ.tsx', 'main.φ', 'main.φ.tsx', 'tool.φ'])
})

test('checker positions map to φ: `return` code column 41 is `⟲` at φ column 34', () => {
  const project = loadPhiProject({ root: dir, dialect: 'typescript' })
  const phi = { path: join(dir, 'src/geometry.φ'), line: 1, column: 34 }
  const code = { path: join(dir, 'src/geometry.φ.tsx'), line: 1, column: 41 }
  expect(project.toPhi(code)).toEqual(phi)
  // `x * x` after the symbol: φ 36 ↔ code 48.
  expect(project.toPhi({ ...code, column: 48 })).toEqual({ ...phi, column: 36 })
})

test('python modules are x.py; update() converts an editor\'s text', () => {
  const project = loadPhiProject({ root: dir, dialect: 'python' })
  expect(project.modules.map((m) => m.virtualPath)).toEqual([join(dir, 'src/tool.py')])
  const updated = project.update(join(dir, 'src/tool.φ'), '# phicode: python\nƒ g(:\n')
  expect(updated.code).toBe('# phicode: python\ndef g(:\n')
  const broken = project.update(join(dir, 'src/tool.φ'), '# phicode: python\nπ("""open\n')
  expect(broken.error).toEqual({ line: 2, column: 3, message: 'unterminated triple-quoted string literal' })
  expect(project.files.readFile(join(dir, 'src/tool.py'))).toBeUndefined()
})
