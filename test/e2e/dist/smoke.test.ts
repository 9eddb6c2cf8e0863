import { expect, test } from 'bun:test'
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PHICODE, ROOT } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'

/** The release workflow runs build/smoke.ts on macOS and Windows; here it runs against dist/phicode, once per column of the platform table. */
const CHECKS = [
  'version',
  'convert φ to Python from stdin',
  'φ-TypeScript with an npm package',
  'φ-TypeScript saved by a Windows editor (BOM, CRLF)',
  'cache hit on the second run',
  'φ-Python',
  'API /execute of TypeScript and Python',
  'Phiemon start, list, stop',
]

async function smoke(binary: string, platform?: string) {
  const env: Record<string, string | undefined> = { ...process.env, PHICODE_TEST_PLATFORM: platform }
  const proc = Bun.spawn([process.execPath, join(ROOT, 'build/smoke.ts'), binary], { env, stdout: 'pipe', stderr: 'pipe' })
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
  return { stdout, stderr, code }
}

for (const platform of [undefined, 'darwin', 'win32']) {
  test(`the smoke list passes${platform ? ` under ${platform}'s rules` : ''}`, async () => {
    const r = await smoke(PHICODE, platform)
    expect(r.stdout).toBe(`${CHECKS.map((name) => `ok    ${name}\n`).join('')}8 passed, 0 failed\n`)
    expect(r.code).toBe(0)
  }, 60_000)
}

test('a binary that does nothing fails every check, and the script exits 1', async () => {
  const fake = join(tempDir('phicode-smoke-fake-'), 'phicode')
  writeFileSync(fake, '#!/bin/sh\nexit 0\n')
  chmodSync(fake, 0o755)
  const r = await smoke(fake)
  expect(r.stdout.split('\n').filter((line) => line.startsWith('FAIL  ')).map((line) => line.slice(6).split(':')[0])).toEqual(CHECKS)
  expect(r.stdout).toEndWith('0 passed, 8 failed\n')
  expect(r.code).toBe(1)
}, 60_000)
