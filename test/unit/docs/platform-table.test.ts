import { expect, test } from 'bun:test'
import { join } from 'node:path'
import { ROOT } from '../../helpers/root'

const readme = await Bun.file(join(ROOT, 'README.md')).text()
const section = readme.slice(readme.indexOf('## Platforms\n'), readme.indexOf('\n## ', readme.indexOf('## Platforms\n') + 1))
const rows = section
  .split('\n')
  .filter((line) => line.startsWith('| '))
  .map((line) => line.slice(2, -2).split(' | '))
const [header, , ...features] = rows

/** Each not-supported cell and the test in test/e2e/platform/guards.test.ts that runs its guard. */
const NOT_SUPPORTED: Record<string, string> = {
  'φ-Python and `.py` entries (CPython, PyPy) / Windows': 'φ-Python and plain Python entries exit 69 naming the platform',
  'API `/execute` of Python / Windows': 'Python executions say why not',
  'Phiemon / Windows': 'Phiemon exits 69 naming the platform',
  'API `--workers` / macOS': '--workers exits 69 naming the platform',
  'API `--workers` / Windows': '--workers exits 69 naming the platform',
}

test('the README\'s platform table has one column per shipped OS, and every cell says works, works with limits, or not supported', () => {
  expect(header).toEqual(['feature', 'Linux (glibc, musl; x64, arm64)', 'macOS (arm64, x64)', 'Windows (x64)'])
  expect(features.length).toBeGreaterThan(5)
  for (const [feature, ...cells] of features) {
    expect(cells.length).toBe(3)
    for (const cell of cells) expect(`${feature}: ${cell}`).toMatch(/: (works( |$|;|\()|works with limits: |not supported: )/)
  }
})

test('every not-supported cell is one whose guard the platform tests run', async () => {
  const OS = ['Linux', 'macOS', 'Windows']
  const cells = features.flatMap(([feature, ...cells]) => cells.flatMap((cell, i) => (cell.startsWith('not supported') ? [`${feature} / ${OS[i]}`] : [])))
  expect(cells.sort()).toEqual(Object.keys(NOT_SUPPORTED).sort())
  const guards = await Bun.file(join(ROOT, 'test/e2e/platform/guards.test.ts')).text()
  for (const title of Object.values(NOT_SUPPORTED)) expect(guards).toContain(title)
})
