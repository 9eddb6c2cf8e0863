import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { post, startServer, stopAllServers, type TestServer } from '../helpers/api'
import { runPhicode } from '../helpers/binary'
import { tempDir } from '../helpers/tmp'

function project(files: Record<string, string>): string {
  const root = tempDir('phicode-sec-')
  // A Python project: its φ files are Python.
  writeFileSync(join(root, 'pyproject.toml'), '')
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

/** A PHICODE_HOME with a phimmuno-engine that flags EVIL, or never answers. */
function engineHome(kind: 'flags-evil' | 'hangs'): string {
  const home = tempDir('phicode-sec-home-')
  mkdirSync(join(home, 'bin'))
  const script = kind === 'hangs' ? '#!/bin/sh\nexec sleep 30\n' : '#!/bin/sh\nif grep -q EVIL; then echo "EVIL marker found"; exit 1; fi\nexit 0\n'
  writeFileSync(join(home, 'bin', 'phimmuno-engine'), script)
  chmodSync(join(home, 'bin', 'phimmuno-engine'), 0o755)
  return home
}

const THREAT = 'import os\nos.system("true")\nprint("ran")\n'
const securityLines = (stderr: string) => stderr.split('\n').filter((l) => l.includes('security'))

describe('CLI runs', () => {
  test('warn by default: each finding is a warning with file, line and column, and the module runs', async () => {
    const root = project({ 'main.py': THREAT, 'clean.py': 'print("os.system(1)")  # eval(x)\n' })
    const warned = await runPhicode(['main.py'], { cwd: root })
    expect(securityLines(warned.stderr)).toEqual([`phicode: warning: security: ${join(root, 'main.py')}:2:1: py-shell (high): runs a shell command or another program — os.system(`])
    expect(warned.code).not.toBe(79)
    const clean = await runPhicode(['clean.py'], { cwd: root })
    expect(securityLines(clean.stderr)).toEqual([])
  })

  test('security mode "block" stops the run with exit 79; --bypass skips the check', async () => {
    const root = project({ 'main.φ': '⇒ os\nos.system("true")\n', '.(φ)/config.json': '{"security": {"mode": "block"}}' })
    const blocked = await runPhicode(['main'], { cwd: root })
    expect(blocked.code).toBe(79)
    expect(blocked.stderr).toContain(`main.φ:2:1: py-shell`)
    expect(blocked.stderr).toContain('not run, the security scanner found 1 threat (security mode "block"; --bypass runs it anyway)')
    const bypassed = await runPhicode(['main', '--bypass'], { cwd: root })
    expect(bypassed.code).not.toBe(79)
    expect(securityLines(bypassed.stderr)).toEqual([])
  })

  test('phimmuno-engine is the second stage: its verdict is a finding; a hung engine warns, or blocks in block mode', async () => {
    const root = project({ 'main.py': 'print("EVIL")\n', 'strict/main.py': 'print(1)\n', 'strict/.(φ)/config.json': '{"security": {"mode": "block"}}' })
    const flagged = await runPhicode(['main.py'], { cwd: root, env: { PHICODE_HOME: engineHome('flags-evil') } })
    expect(securityLines(flagged.stderr)).toEqual([`phicode: warning: security: ${join(root, 'main.py')}:1:1: phimmuno (high): EVIL marker found`])
    const hung = { PHICODE_HOME: engineHome('hangs'), PHICODE_PHIMMUNO_TIMEOUT_MS: '200' }
    const warned = await runPhicode(['main.py'], { cwd: root, env: hung })
    expect(securityLines(warned.stderr)).toEqual(["phicode: warning: security: phimmuno-engine gave no answer within 200 ms; ran without the engine's check"])
    const blocked = await runPhicode(['main.py'], { cwd: join(root, 'strict'), env: hung })
    expect(blocked.code).toBe(79)
    expect(blocked.stderr).toContain('phimmuno-failed')
  })
})

describe('the API with phimmuno-engine', () => {
  let flags: TestServer
  let hangs: TestServer
  // Made here, not in beforeAll: tempDir registers its own afterAll.
  const homes = { flags: engineHome('flags-evil'), hangs: engineHome('hangs') }
  beforeAll(async () => {
    ;[flags, hangs] = await Promise.all([
      startServer({ env: { PHICODE_HOME: homes.flags } }),
      startServer({ env: { PHICODE_HOME: homes.hangs, PHICODE_PHIMMUNO_TIMEOUT_MS: '200' } }),
    ])
  })
  afterAll(stopAllServers)

  test('a threat the engine reports is 403; an engine that cannot answer fails closed', async () => {
    const flagged = await post(flags.url, '/execute', { code: 'print("EVIL")', type: 'python' })
    expect(flagged.status).toBe(403)
    expect(flagged.body.findings).toEqual([expect.objectContaining({ rule: 'phimmuno', message: 'EVIL marker found' })])
    expect((await post(flags.url, '/execute', { code: 'print("fine")', type: 'python' })).body.output).toBe('fine\n')
    const closed = await post(hangs.url, '/execute', { code: 'print(1)', type: 'python' })
    expect(closed.status).toBe(403)
    expect(closed.body.findings[0].rule).toBe('phimmuno-failed')
  })
})
