/**
 * An expected failure is one line; what caused it (the system call's own error) is shown under
 * --debug only, below that line.
 */
import { afterAll, expect, test } from 'bun:test'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'

const dir = tempDir('phicode-cause-')

test('a missing file: one line, and the ENOENT behind it only with --debug', async () => {
  const missing = join(dir, 'missing.py')
  const plain = await runPhicode(['--convert', missing])
  expect(plain.code).toBe(66)
  expect(plain.stderr).toBe(`phicode: error: ${missing}: no such file\n`)
  const debug = await runPhicode(['--convert', missing, '--debug'])
  expect(debug.code).toBe(66)
  const lines = debug.stderr.trimEnd().split('\n')
  expect(lines[0]).toBe(`phicode: error: ${missing}: no such file`)
  expect(lines).toContain(`phicode: debug: caused by Error: ENOENT: no such file or directory, open '${missing}'`)
})

let busy: Server | undefined
afterAll(() => busy?.close())

test('a port in use: the listener\'s error and its errno only with --debug', async () => {
  busy = createServer()
  const port = await new Promise<number>((resolve) => busy!.listen(0, '127.0.0.1', () => resolve((busy!.address() as { port: number }).port)))
  const plain = await runPhicode(['--api-server', '--api-port', String(port)], { env: { TMPDIR: '/tmp' } })
  expect(plain.code).toBe(69)
  expect(plain.stderr).toContain(`phicode: error: cannot listen on 127.0.0.1:${port}: the address is in use\n`)
  expect(plain.stderr).not.toContain('caused by')
  const debug = await runPhicode(['--api-server', '--api-port', String(port), '--debug'], { env: { TMPDIR: '/tmp' } })
  expect(debug.code).toBe(69)
  expect(debug.stderr).toMatch(/\nphicode: debug: caused by \w+ \(EADDRINUSE\): .+\n/)
})
