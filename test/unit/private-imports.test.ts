/**
 * A `_`-prefixed file is its folder's internal helper: only files in the same folder (or below
 * it) import it. Anything else imports the folder's public modules, so a helper can change
 * without a search through the whole tree. One exception: tests may import src/'s helpers, as a
 * unit test of a helper has to. Python files (embedded as text) follow Python's convention instead.
 */
import { expect, test } from 'bun:test'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'

const ROOT = resolve(import.meta.dir, '../..')
const DIRS = ['src', 'plugins', 'build', 'bench', 'npm', 'test']
const SKIP = new Set(['node_modules', 'fixtures', 'generated'])
const SOURCE = /\.(ts|tsx|mts|js|mjs|cjs)$/
/** `from '…'`, `import '…'`, `import('…')`, `require('…')`: relative specifiers only. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\1/g

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) sources(path, out)
    else if (SOURCE.test(entry.name)) out.push(path)
  }
  return out
}

function isUnder(root: string, dir: string, path: string): boolean {
  return path.startsWith(join(root, dir) + sep)
}


/** Offending imports as `importer -> specifier`, paths relative to the repository. */
function privateImportViolations(root: string): string[] {
  const found: string[] = []
  for (const dir of DIRS) {
    if (!existsSync(join(root, dir))) continue
    for (const file of sources(join(root, dir))) {
      for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
        const target = resolve(dirname(file), match[2]!)
        // A Python module embedded as text: its `_` is Python's own mark of a package's private module.
        if (!basename(target).startsWith('_') || target.endsWith('.py')) continue
        const home = dirname(target)
        if (dirname(file) === home || dirname(file).startsWith(home + sep)) continue
        if (isUnder(root, 'test', file) && isUnder(root, 'src', target)) continue
        found.push(`${relative(root, file)} -> ${match[2]}`)
      }
    }
  }
  return found
}

test('_-prefixed files are imported only from within their own folder', () => {
  expect(privateImportViolations(ROOT)).toEqual([])
})
