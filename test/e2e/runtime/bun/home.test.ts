/**
 * A service user's HOME=/dev/null: phicode's own folder (~/.phicode) then lies under a file. What
 * phicode looks up there is simply absent, and a run does what `bun` does (the output written by
 * hand), the first time and again from its remembered plan.
 */
import { describe, expect, test } from 'bun:test'
import { runPhicode } from '../../../helpers/binary'
import { tempDir, tempProject } from '../../../helpers/tmp'

describe('HOME=/dev/null', () => {
  test('a φ program runs, and runs again from its plan', async () => {
    const dir = tempProject({ 'package.json': '{}', 'main.φ': 'π("hi", 6 * 7)\n' })
    const env = { HOME: '/dev/null', PHICODE_HOME: undefined, TMPDIR: tempDir() }
    for (const run of ['first', 'from the plan']) {
      const result = await runPhicode(['main.φ'], { cwd: dir, env })
      expect({ run, ...result }).toEqual({ run, code: 0, stdout: 'hi 42\n', stderr: '' })
    }
  })
})
