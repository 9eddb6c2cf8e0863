import { describe, expect, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'

describe('phicode --benchmark usage', () => {
  test('an unknown scenario names the known ones; exit 64, nothing written', async () => {
    const dir = tempDir()
    const r = await runPhicode(['--benchmark', '--scenarios', 'startup,warp'], { cwd: dir })
    expect([r.code, r.stderr.trim()]).toEqual([
      64,
      'phicode: error: --scenarios: unknown scenario warp (choose from transpile, startup, cache, imports, concurrency, api, user)',
    ])
  })

  test('--full and --scenarios go with --benchmark; --benchmark takes no module', async () => {
    expect((await runPhicode(['--full'])).stderr.trim()).toBe('phicode: error: --full needs --benchmark')
    expect((await runPhicode(['--scenarios', 'user', 'main.φ'])).code).toBe(64)
    const r = await runPhicode(['--benchmark', 'main.φ'])
    expect([r.code, r.stderr.trim()]).toEqual([64, 'phicode: error: --benchmark takes no module (main.φ): put your own benchmarks in .(φ)/benchmarks/'])
  })

  test('--help lists the options', async () => {
    const r = await runPhicode(['--help'])
    for (const option of ['--benchmark', '--full', '--scenarios']) expect(r.stdout).toContain(option)
  })

  test('a project without .(φ)/benchmarks: the user scenario is skipped with a hint, the report still written', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'package.json'), '{}')
    const r = await runPhicode(['--benchmark', '--scenarios', 'user', '--json'], { cwd: dir })
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report.scenarios).toEqual([
      expect.objectContaining({ id: 'user', status: 'skipped', notes: [expect.stringContaining('put φ or plain modules there to have them timed')] }),
    ])
    expect(report.results_dir.startsWith(dir)).toBe(true)
  })
})
