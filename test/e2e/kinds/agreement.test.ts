import { describe, expect, test } from 'bun:test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../../../src/config'
import { dialectOfExtension, isPhiFile, jsxOf } from '../../../src/convert/infer'
import { kindOf, nodeCompiledExtensions, plainExtensionFor } from '../../../src/kinds'
import { resolveEntry } from '../../../src/runtime/resolve'
import { BUN_TEST_EXTENSIONS } from '../../../src/testing/_discover'
import { runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'

interface Expected {
  kind: 'phi' | 'python' | 'typescript' | 'javascript'
  /** For φ: what its dialect depends on. */
  dialect: 'python' | 'typescript' | undefined
  jsx: boolean
  loader: 'ts' | 'tsx' | 'js' | 'jsx' | undefined
}

/** Written by hand from Bun's and Python's own rules: Bun reads JSX in every JavaScript file and in .tsx. */
const TABLE: Record<string, Expected> = {
  '.φ': { kind: 'phi', dialect: undefined, jsx: true, loader: 'tsx' },
  '.phi': { kind: 'phi', dialect: undefined, jsx: true, loader: 'tsx' },
  '.py': { kind: 'python', dialect: 'python', jsx: false, loader: undefined },
  '.pyw': { kind: 'python', dialect: 'python', jsx: false, loader: undefined },
  '.ts': { kind: 'typescript', dialect: 'typescript', jsx: false, loader: 'ts' },
  '.mts': { kind: 'typescript', dialect: 'typescript', jsx: false, loader: 'ts' },
  '.cts': { kind: 'typescript', dialect: 'typescript', jsx: false, loader: 'ts' },
  '.tsx': { kind: 'typescript', dialect: 'typescript', jsx: true, loader: 'tsx' },
  '.js': { kind: 'javascript', dialect: 'typescript', jsx: true, loader: 'js' },
  '.mjs': { kind: 'javascript', dialect: 'typescript', jsx: true, loader: 'js' },
  '.cjs': { kind: 'javascript', dialect: 'typescript', jsx: true, loader: 'js' },
  '.jsx': { kind: 'javascript', dialect: 'typescript', jsx: true, loader: 'jsx' },
}

const root = tempDir('phicode-kinds-')
mkdirSync(join(root, 'e'))
writeFileSync(join(root, 'pyproject.toml'), '')

describe('every place that decides a file kind agrees, extension by extension', () => {
  for (const [ext, want] of Object.entries(TABLE)) {
    test(ext, () => {
      expect(kindOf(`a${ext}`)).toMatchObject({ kind: want.kind, dialect: want.dialect, jsx: want.jsx, loader: want.loader })
      // conversion
      expect(isPhiFile(`a${ext}`)).toBe(want.kind === 'phi')
      expect(dialectOfExtension(`a${ext}`)).toBe(want.dialect)
      expect(jsxOf(`a${ext}`)).toBe(want.jsx)
      // a run: the entry's kind and dialect (φ here by its project's marker)
      const file = join(root, 'e', `a${ext}`)
      writeFileSync(file, '')
      expect(resolveEntry({ spec: file, cwd: root, config: loadConfig(root, {}) })).toMatchObject({ kind: want.kind, dialect: want.dialect ?? 'python' })
      // bun test runs TypeScript and JavaScript itself; --node compiles what Node cannot run
      expect(BUN_TEST_EXTENSIONS.includes(ext)).toBe(want.loader !== undefined && want.kind !== 'phi')
      expect(nodeCompiledExtensions('cjs').includes(ext)).toBe(want.kind === 'typescript' || want.loader === 'jsx')
    })
  }

  test('an unknown extension is no kind, and a project\'s own φ extension is φ', () => {
    expect(kindOf('a.txt')).toBeUndefined()
    expect(kindOf('a.phx', ['.φ', '.phi', '.phx'])).toMatchObject({ kind: 'phi', jsx: true })
    expect(isPhiFile('a.phx', '.phx')).toBe(true)
  })

  test('plain extension of converted φ', () => {
    expect([plainExtensionFor('python'), plainExtensionFor('typescript'), plainExtensionFor('typescript', true)]).toEqual(['.py', '.ts', '.tsx'])
  })
})

describe('--convert reads JSX exactly where Bun does', () => {
  const dir = tempDir('phicode-kinds-jsx-')
  // In a JSX file the element's text is text; in .ts `<number>` is a cast and `if` a keyword.
  const JSX = 'const a = <p>if return</p>\n'
  const CAST = 'const a = <number>b; if (a) {}\n'
  for (const [ext, want] of Object.entries(TABLE).filter(([, w]) => w.dialect === 'typescript')) {
    test(ext, async () => {
      writeFileSync(join(dir, `x${ext}`), want.jsx ? JSX : CAST)
      const r = await runPhicode(['--convert', `x${ext}`], { cwd: dir })
      expect(r).toMatchObject({ code: 0, stdout: want.jsx ? JSX : 'const a = <number>b; ¿ (a) {}\n' })
    })
  }
})
