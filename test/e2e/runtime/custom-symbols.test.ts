/**
 * The compiled binary under a project config that replaces a default symbol (def → fn): both
 * spellings run, and an attribute spelled like the symbol stays an attribute. The conversions
 * themselves are unit-tested in test/unit/transpile/custom-symbols.test.ts.
 */
import { describe, expect, test } from 'bun:test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'

describe('the binary under a config with def → fn', () => {
  test('a φ file mixing ƒ and fn runs, and A.fn stays an attribute', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, '.(φ)'))
    writeFileSync(join(dir, '.(φ)', 'config.json'), JSON.stringify({ symbols: { def: 'fn' } }))
    writeFileSync(
      join(dir, 'main.φ'),
      'ƒ a():\n    ⟲ 1\n\nfn b():\n    ⟲ 2\n\nℂ A:\n    ⋯\n\nA.fn = 3\nπ(a(), b(), A.fn)\n',
    )
    const run = await runPhicode(['main.φ'], { cwd: dir })
    expect([run.code, run.stdout, run.stderr]).toEqual([0, '1 2 3\n', ''])
    const back = await runPhicode(['--convert', 'main.φ'], { cwd: dir })
    expect(back.stdout).toBe('def a():\n    return 1\n\ndef b():\n    return 2\n\nclass A:\n    pass\n\nA.fn = 3\nprint(a(), b(), A.fn)\n')
  })
})
