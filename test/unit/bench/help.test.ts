/**
 * `--help` on the developer benchmarks (bench/_cli.ts): each prints what it measures and every
 * option it reads, and starts no work. Real `bun` processes on the real scripts; the options
 * expected are read from each script's own calls, not from the help code.
 */
import { describe, expect, test } from 'bun:test'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dir, '../../..')
const BUN = process.execPath

const SCRIPTS = ['api.ts', 'cache.ts', 'npm-launcher.ts', 'revisions.ts', 'sample-report.ts', 'startup-version.ts', 'startup.ts', 'transpile.ts']

const optionsRead = (source: string): string[] => [...source.matchAll(/(?:stringOption|numberOption|flag)\('(--[\w-]+)'/g)].map((m) => m[1]!)

describe('bench scripts answer --help', () => {
  for (const script of SCRIPTS) {
    test(`${script}: its description and every option it reads, exit 0`, () => {
      const path = join(ROOT, 'bench', script)
      const r = Bun.spawnSync([BUN, path, '--help'], { cwd: ROOT, stdout: 'pipe', stderr: 'pipe' })
      const out = r.stdout.toString()
      expect(r.exitCode).toBe(0)
      expect(out).not.toContain(' * ')
      expect(out.length).toBeGreaterThan(80)
      for (const option of optionsRead(readFileSync(path, 'utf8'))) expect(out).toContain(option)
    })
  }

  test('startup.ts -h: the first line of its description, and the --dir it names is not made', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'phicode-help-')), 'never')
    const r = Bun.spawnSync([BUN, join(ROOT, 'bench', 'startup.ts'), '--dir', dir, '-h'], { cwd: ROOT, stdout: 'pipe', stderr: 'pipe' })
    expect(r.exitCode).toBe(0)
    expect(r.stdout.toString()).toStartWith("Start-to-exit of `phicode` beside the plain runtimes, issue 16's table, in one run")
    expect(existsSync(dir)).toBe(false)
  })
})
