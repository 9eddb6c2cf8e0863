/**
 * A module name (`phicode tool`) is looked for in the project root's folders that hold φ files,
 * in name order (src/runtime/resolve.ts). A remembered run plan must not outlive a change to
 * what that search read: a new folder in the root, or a φ file new in a folder. Expected outputs
 * are written by hand.
 */
import { expect, test } from 'bun:test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { tempProject } from '../../helpers/tmp'

async function run(dir: string, args: string[]) {
  const result = await runPhicode(args, { cwd: dir, env: { PHICODE_HOME: join(dir, '.home'), PHICODE_SLOW_START_MS: '600000' } })
  return { code: result.code, stdout: result.stdout, stderr: result.stderr }
}

test('a new folder holding the module, earlier in name order, is found by the next run', async () => {
  const dir = tempProject({ 'package.json': '{}', 'src/tool.φ': 'π("src")\n' }, 'phicode-plan-')
  expect(await run(dir, ['tool'])).toEqual({ code: 0, stdout: 'src\n', stderr: '' })
  expect(await run(dir, ['tool'])).toEqual({ code: 0, stdout: 'src\n', stderr: '' })
  mkdirSync(join(dir, 'lib'))
  writeFileSync(join(dir, 'lib/tool.φ'), 'π("lib")\n')
  expect(await run(dir, ['tool'])).toEqual({ code: 0, stdout: 'lib\n', stderr: '' })
})

test('a folder that held no φ file and now holds the module is found by the next run', async () => {
  const dir = tempProject({ 'package.json': '{}', 'a/readme.txt': '', 'src/tool.φ': 'π("src")\n' }, 'phicode-plan-')
  expect(await run(dir, ['tool'])).toEqual({ code: 0, stdout: 'src\n', stderr: '' })
  expect(await run(dir, ['tool'])).toEqual({ code: 0, stdout: 'src\n', stderr: '' })
  writeFileSync(join(dir, 'a/tool.φ'), 'π("a")\n')
  expect(await run(dir, ['tool'])).toEqual({ code: 0, stdout: 'a\n', stderr: '' })
})
