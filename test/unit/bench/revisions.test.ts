/**
 * bench/revisions.ts's summary of several builds of one revision: per row, the median of the
 * builds' medians and their range (hand-computed figures), and its refusal of a command line
 * that names fewer than two revisions (a real `bun` process, no build started).
 */
import { expect, test } from 'bun:test'
import { resolve } from 'node:path'
import { summarize } from '../../../bench/revisions'

test('each row gets the median of its builds and their lowest and highest', () => {
  // Three builds (rows: hello ts, hello py, --version), the middle build slowest on the first row.
  const byBuild = [[8.1, 44.0, 5.9], [9.0, 43.5, 5.8], [8.4, 44.8, 6.1]]
  expect(summarize(byBuild)).toEqual([
    { median: 8.4, low: 8.1, high: 9.0 },
    { median: 44.0, low: 43.5, high: 44.8 },
    { median: 5.9, low: 5.8, high: 6.1 },
  ])
})

test('one revision named is refused with exit 2 and a hint, before anything is built', () => {
  const script = resolve(import.meta.dir, '../../../bench/revisions.ts')
  const r = Bun.spawnSync([process.execPath, script, 'HEAD', '--builds', '2'], { stdout: 'pipe', stderr: 'pipe' })
  expect(r.exitCode).toBe(2)
  expect(r.stderr.toString()).toContain('name two revisions')
  expect(r.stdout.toString()).toBe('')
})
