import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'

/** A stand-in engine: clean unless the code holds EVIL. */
const ENGINE = '#!/bin/sh\nif grep -q EVIL; then echo "EVIL marker"; exit 1; fi\nexit 0\n'
const sha256 = (text: string) => new Bun.CryptoHasher('sha256').update(text).digest('hex')

let asset: string
let release: ReturnType<typeof Bun.serve>
const hits = new Map<string, number>()
/** Per path: how many requests fail with 503 before one succeeds, and the SHA256SUMS to serve. */
const failFirst = new Map<string, number>()
let sums = ''

beforeAll(async () => {
  const target = JSON.parse((await runPhicode(['--version', '--json'])).stdout).target
  asset = `phimmuno-engine-${target}`
  release = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch(req) {
      const path = new URL(req.url).pathname
      const n = (hits.get(path) ?? 0) + 1
      hits.set(path, n)
      if (n <= (failFirst.get(path) ?? 0)) return new Response('busy', { status: 503 })
      if (path === '/rel/SHA256SUMS') return new Response(sums)
      if (path === `/rel/${asset}`) return new Response(ENGINE)
      return new Response('not found', { status: 404 })
    },
  })
})
afterAll(() => release.stop(true))

function setup(sumsText: string, failures: Record<string, number> = {}) {
  hits.clear()
  failFirst.clear()
  for (const [path, n] of Object.entries(failures)) failFirst.set(path, n)
  sums = sumsText
  const home = tempDir('phicode-sec-home-')
  const env = { PHICODE_HOME: home, PHICODE_RELEASES_URL: `http://127.0.0.1:${release.port}/rel/` }
  return { home, env, installed: join(home, 'bin', 'phimmuno-engine') }
}

describe('phicode --security-install', () => {
  test('downloads, verifies the checksum, retries a flaky server with backoff, installs executable', async () => {
    const { env, installed } = setup(`${sha256('other')}  other-file\n${sha256(ENGINE)}  ${asset}\n`, { [`/rel/${asset}`]: 2 })
    const before = await runPhicode(['--security-status', '--json'], { env })
    expect(JSON.parse(before.stdout).engine).toMatchObject({ installed: false, path: null, asset })
    const result = await runPhicode(['--security-install', '--json'], { env })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ path: installed, sha256: sha256(ENGINE), bytes: ENGINE.length })
    expect(hits.get(`/rel/${asset}`)).toBe(3)
    expect(await Bun.file(installed).text()).toBe(ENGINE)
    const status = JSON.parse((await runPhicode(['--security-status', '--json'], { env })).stdout)
    expect(status.engine).toMatchObject({ installed: true, path: installed })
    expect(status.scanner.rules.python.map((r: { id: string }) => r.id)).toContain('py-shell')
    const text = await runPhicode(['--security-status'], { env })
    expect(text.stdout).toContain(`phimmuno-engine at ${installed}`)
  })

  test('a checksum mismatch installs nothing (exit 74)', async () => {
    const { env, home } = setup(`${sha256('tampered')}  ${asset}\n`)
    const result = await runPhicode(['--security-install'], { env })
    expect(result.code).toBe(74)
    expect(result.stderr).toContain('checksum mismatch')
    expect(existsSync(join(home, 'bin')) ? readdirSync(join(home, 'bin')) : []).toEqual([])
  })

  test('no checksum for this platform, a missing file, or no server: one line, exit 69', async () => {
    const noEntry = setup(`${sha256(ENGINE)}  phimmuno-engine-plan9-mips\n`)
    const a = await runPhicode(['--security-install'], { env: noEntry.env })
    expect(a.code).toBe(69)
    expect(a.stderr).toContain(`lists no checksum for ${asset}`)
    const missing = setup('')
    const b = await runPhicode(['--security-install'], { env: { ...missing.env, PHICODE_RELEASES_URL: `http://127.0.0.1:${release.port}/nothing-here` } })
    expect(b.code).toBe(69)
    expect(b.stderr).toContain('HTTP 404')
    expect(hits.get('/nothing-here/SHA256SUMS')).toBe(1)
    const down = setup('')
    const c = await runPhicode(['--security-install'], { env: { ...down.env, PHICODE_RELEASES_URL: 'http://127.0.0.1:9/rel' } })
    expect(c.code).toBe(69)
    expect(c.stderr.trim().split('\n')).toHaveLength(2)
    expect(c.stderr).toContain('after 4 tries')
  })
})
