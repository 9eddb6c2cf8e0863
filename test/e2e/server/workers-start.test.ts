/**
 * --workers when a worker cannot start. Expected texts are written by hand.
 */
import { describe, expect, test } from 'bun:test'
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'

/** A TMPDIR for a server: sandbox uids must pass through it to their own directory. */
function serverTmp(): string {
  const dir = tempDir('phicode-api-test-')
  chmodSync(dir, 0o711)
  return dir
}

describe('--workers when a worker cannot start', () => {
  test('a worker whose metrics socket is taken exits 69 naming it, instead of hanging with its sandbox up', async () => {
    const dir = tempDir('phicode-workers-sock-')
    writeFileSync(join(dir, '1.sock'), '')
    const run = await runPhicode(['--api-server', '--api-port', '0'], { env: { PHICODE_API_WORKER: '1', PHICODE_API_WORKER_DIR: dir, TMPDIR: serverTmp() }, timeout: 20_000 })
    expect(run.stderr).toBe(`phicode: error: cannot listen on ${join(dir, '1.sock')}: the address is in use\n`)
    expect(run.code).toBe(69)
    expect(run.stdout).toBe('')
  }, 30_000)
})
