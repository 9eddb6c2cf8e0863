import { expect, test } from 'bun:test'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { LIB_FILES } from '../../../src/lsp/typescript/_libs.js'

test('every lib file of the bundled TypeScript is embedded, and only those', () => {
  const dir = join(dirname(require.resolve('typescript6/package.json')), 'lib')
  const onDisk = readdirSync(dir).filter((name) => /^lib\..*\.d\.ts$/.test(name)).sort()
  expect(Object.keys(LIB_FILES).sort()).toEqual(onDisk)
  for (const name of onDisk) expect(LIB_FILES[name]).toBe(join(dir, name))
})
