/**
 * Start-up cost is paid by every run. In the single-file bundle a static import of a node:
 * module is loaded at start whoever uses it (node:net, node:crypto and node:util each cost
 * milliseconds), so only the modules every run needs may be imported statically; the rest are
 * required where they are used.
 */
import { expect, test } from 'bun:test'
import { join } from 'node:path'
import { ROOT } from '../../helpers/binary'

const ALLOWED = new Set(['fs', 'path', 'node:fs', 'node:path'])

test('the compiled entry imports no node: module beyond fs and path statically', async () => {
  const result = await Bun.build({ entrypoints: [join(ROOT, 'src/cli/index.ts')], target: 'bun', format: 'esm' })
  expect(result.success).toBe(true)
  const code = await result.outputs[0]!.text()
  // Top-level import declarations only: text embedded in strings (bootstrap.py, hooks.mjs) is indented or quoted.
  const imported = [...code.matchAll(/^import [^;]*? from "([^"]+)";$/gm)].map((m) => m[1]!)
  const builtins = imported.filter((name) => !name.startsWith('.') && !name.startsWith('/'))
  expect(builtins.filter((name) => !ALLOWED.has(name))).toEqual([])
  // A named import is read when the bundle starts: fs's `promises` getter loads node:fs/promises then.
  const fromFs = imported.length > 0 ? [...code.matchAll(/^import \{([^}]*)\} from "(?:node:)?fs";$/gm)].flatMap((m) => m[1]!.split(',')) : []
  expect(fromFs.map((name) => name.trim().split(/\s+as\s+/)[0]).filter((name) => name === 'promises')).toEqual([])
})
