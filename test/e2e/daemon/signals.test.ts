/**
 * Issue 12 item 8, the Phiemon sender: `--phiemon-stop` signals the app's process group; the
 * program (test/fixtures/signals-once: counts SIGTERM/SIGINT handler runs) must see one.
 */
import { afterAll, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../helpers/binary'
import { TIMEOUT, cleanup, world } from './_helpers'

afterAll(cleanup)

const FIXTURES = join(ROOT, 'test/fixtures/signals-once')

for (const [runtime, folder, flags] of [['--cpython', 'python', ['--cpython']], ['--node', 'typescript', ['--node']]] as const) {
  test.concurrent(`${runtime}: --phiemon-stop reaches the program once, and it ends with 0`, async () => {
    const w = world()
    w.write('count.φ', readFileSync(join(FIXTURES, folder, 'count.φ'), 'utf8'))
    await w.start([...flags, 'count.φ', '--name', 'count'])
    await w.untilLog('count', /\[out\] ready \d+\n/)
    expect((await w.run(['--phiemon-stop', 'count'])).code).toBe(0)
    expect(w.log('count').match(/handled \d+/g)).toEqual(['handled 1'])
    expect(w.state('count').history.map((run) => [run.exitCode, run.signal])).toEqual([[0, null]])
  }, TIMEOUT)
}
