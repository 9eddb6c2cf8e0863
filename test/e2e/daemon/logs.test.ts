import { afterAll, expect, test } from 'bun:test'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { APPS } from './_apps'
import { TIMEOUT, cleanup, world } from './_helpers'

afterAll(cleanup)

const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[(out|err|phiemon)\] /

test.concurrent('stdout and stderr are captured line by line with timestamps', async () => {
  const w = world()
  w.write('serve.ts', APPS.serve)
  const view = await w.start(['serve.ts'])
  await w.untilLog('serve', /\[err\] oops on stderr/)
  const r = await w.run(['--phiemon-logs', 'serve'])
  expect(r.code).toBe(0)
  const lines = r.stdout.trimEnd().split('\n')
  expect(lines.every((l) => STAMP.test(l))).toBe(true)
  expect(lines).toContainEqual(expect.stringMatching(new RegExp(`\\[out\\] up ${view.pid} serve$`)))
  expect(lines).toContainEqual(expect.stringMatching(new RegExp(`\\[err\\] oops on stderr ${view.pid}$`)))
  const json = JSON.parse((await w.run(['--phiemon-logs', 'serve', '--json', '--lines', '100'])).stdout)
  expect(json).toContainEqual({ time: expect.any(String), stream: 'err', text: `oops on stderr ${view.pid}` })
  expect((await w.run(['--phiemon-stop', 'serve'])).code).toBe(0)
}, TIMEOUT)

test.concurrent('the log rotates at its size cap, keeping the set number of files', async () => {
  const w = world()
  w.write('chatty.ts', APPS.chatty)
  await w.start(['--phiemon-log-size', '4K', '--phiemon-log-files', '2', 'chatty.ts'])
  await w.untilLog('chatty', /line 0399/)
  const dir = join(w.home, 'phiemon', 'logs')
  for (const file of ['chatty.log', 'chatty.log.1', 'chatty.log.2']) expect(statSync(join(dir, file)).size).toBeLessThanOrEqual(4096)
  expect(w.log('chatty', '.3')).toBe('')
  // Nothing lost across the seam: the last lines read through the rotated files run on without a gap.
  const r = await w.run(['--phiemon-logs', 'chatty', '--lines', '100'])
  const numbers = r.stdout.trimEnd().split('\n').map((l) => Number(/line (\d{4})/.exec(l)?.[1]))
  expect(numbers).toHaveLength(100)
  expect(numbers).toEqual(Array.from({ length: 100 }, (_, k) => 300 + k))
  expect((await w.run(['--phiemon-stop', 'chatty'])).code).toBe(0)
}, TIMEOUT)

test.concurrent('--follow streams new lines as they are written, across rotations', async () => {
  const w = world()
  w.write('ticker.ts', APPS.ticker)
  await w.start(['--phiemon-log-size', '1K', 'ticker.ts'])
  await w.untilLog('ticker', /\[out\] tick 2\n/)
  const follow = Bun.spawn([join(import.meta.dir, '../../../dist/phicode'), '--phiemon-logs', 'ticker', '--follow', '--lines', '1'], {
    cwd: w.app,
    env: { ...process.env, PHICODE_HOME: w.home },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  try {
    const reader = follow.stdout.getReader()
    const decoder = new TextDecoder()
    let text = ''
    const deadline = Date.now() + 10_000
    // The first line is the one already there; then ticks keep arriving (~20 fill a 1K log).
    while ((text.match(/\[out\] tick \d+\n/g) ?? []).length < 30 && Date.now() < deadline) {
      const { value, done } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
    }
    const ticks = [...text.matchAll(/tick (\d+)\n/g)].map((m) => Number(m[1]))
    expect(ticks.length).toBeGreaterThanOrEqual(30)
    expect(ticks).toEqual(Array.from({ length: ticks.length }, (_, k) => ticks[0]! + k))
    expect(w.log('ticker', '.1')).not.toBe('')
    follow.kill('SIGINT')
    expect(await follow.exited).toBe(0)
  } finally {
    follow.kill('SIGKILL')
  }
  expect((await w.run(['--phiemon-stop', 'ticker'])).code).toBe(0)
}, TIMEOUT)
