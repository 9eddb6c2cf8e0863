/**
 * bench/revisions.ts's summary of several builds of one revision: per row, the median of the
 * builds' medians and their range (hand-computed figures), and its refusal of a command line
 * that names fewer than two revisions (a real `bun` process, no build started).
 */
import { expect, test } from 'bun:test'
import { resolve } from 'node:path'
import { balancedOrder, rankTestP, summarize } from '../../../bench/revisions'

test('each row gets the median of its builds and their lowest and highest', () => {
  // Three builds (rows: hello ts, hello py, --version), the middle build slowest on the first row.
  const byBuild = [[8.1, 44.0, 5.9], [9.0, 43.5, 5.8], [8.4, 44.8, 6.1]]
  expect(summarize(byBuild)).toEqual([
    { median: 8.4, low: 8.1, high: 9.0, builds: [8.1, 9.0, 8.4] },
    { median: 44.0, low: 43.5, high: 44.8, builds: [44.0, 43.5, 44.8] },
    { median: 5.9, low: 5.8, high: 6.1, builds: [5.9, 5.8, 6.1] },
  ])
})

// Of the 252 ways to deal ten values into two fives: 2 part them wholly (U = 0 or 25), 2 more
// leave one pair crossed (U = 1 or 24); identical groups are as likely as any deal.
test('the rank test: parted groups p = 2/252, one pair crossed 4/252, the same values 1', () => {
  expect(rankTestP([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])).toBeCloseTo(2 / 252, 12)
  expect(rankTestP([6, 7, 8, 9, 10], [1, 2, 3, 4, 5])).toBeCloseTo(2 / 252, 12)
  expect(rankTestP([1, 2, 3, 4, 6], [5, 7, 8, 9, 10])).toBeCloseTo(4 / 252, 12)
  expect(rankTestP([7, 7, 7], [7, 7, 7])).toBe(1)
  // Three against three, one pair crossed (U = 1): 4 of the 20 deals lie as far out (U = 0, 1, 8, 9).
  expect(rankTestP([1, 2, 4], [3, 5, 6])).toBeCloseTo(4 / 20, 12)
})

test('one revision named is refused with exit 2 and a hint, before anything is built', () => {
  const script = resolve(import.meta.dir, '../../../bench/revisions.ts')
  const r = Bun.spawnSync([process.execPath, script, 'HEAD', '--builds', '2'], { stdout: 'pipe', stderr: 'pipe' })
  expect(r.exitCode).toBe(2)
  expect(r.stderr.toString()).toContain('name two revisions')
  expect(r.stdout.toString()).toBe('')
})

test('the builds are written again in the order A B B A A B …: each side as often first as last', () => {
  expect(balancedOrder(4)).toEqual([[0, 0], [1, 0], [1, 1], [0, 1], [0, 2], [1, 2], [1, 3], [0, 3]])
  expect(balancedOrder(1)).toEqual([[0, 0], [1, 0]])
})
