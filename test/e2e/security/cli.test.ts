import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { post, startServer, stopAllServers, type TestServer } from '../../helpers/api'
import { runPhicode } from '../../helpers/binary'
import { tempDir, writeFiles } from '../../helpers/tmp'

function project(files: Record<string, string>): string {
  const root = tempDir('phicode-sec-')
  // A Python project: its φ files are Python.
  writeFileSync(join(root, 'pyproject.toml'), '')
  writeFiles(root, files)
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

describe('the project\'s "security" config', () => {
  const MAIN = (root: string) => join(root, 'main.py')
  const shellWarning = (root: string) => `phicode: warning: security: ${MAIN(root)}:2:1: py-shell (high): runs a shell command or another program — os.system(`

  test('warn: a file is warned about once per content; a changed file warns again', async () => {
    const root = project({ 'main.py': THREAT })
    const first = await runPhicode(['main.py'], { cwd: root })
    expect(first.code).toBe(0)
    expect(first.stdout).toBe('ran\n')
    expect(securityLines(first.stderr)).toEqual([shellWarning(root)])
    const again = await runPhicode(['main.py'], { cwd: root })
    expect(again.stdout).toBe('ran\n')
    expect(securityLines(again.stderr)).toEqual([])
    writeFileSync(MAIN(root), THREAT.replace('ran', 'ran again'))
    const changed = await runPhicode(['main.py'], { cwd: root })
    expect(changed.stdout).toBe('ran again\n')
    expect(securityLines(changed.stderr)).toEqual([shellWarning(root)])
  })

  test('warn, with the cache off: nothing is remembered, every run warns', async () => {
    const root = project({ 'main.py': THREAT })
    for (let k = 0; k < 2; k++) {
      const r = await runPhicode(['main.py'], { cwd: root, env: { PHICODE_CACHE: '0' } })
      expect(securityLines(r.stderr)).toEqual([shellWarning(root)])
    }
  })

  test('off: no check, no warning', async () => {
    const root = project({ 'main.py': THREAT, '.(φ)/config.json': '{"security": {"mode": "off"}}' })
    const r = await runPhicode(['main.py'], { cwd: root })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('ran\n')
    expect(securityLines(r.stderr)).toEqual([])
  })

  test('allow: an allowed rule\'s findings never count, other rules still do', async () => {
    const code = 'import subprocess\nimport os\nos.system("true")\nprint("ran")\n'
    const root = project({ 'main.py': code, '.(φ)/config.json': '{"security": {"mode": "block", "allow": ["py-subprocess"]}}' })
    const blocked = await runPhicode(['main.py'], { cwd: root })
    expect(blocked.code).toBe(79)
    expect(securityLines(blocked.stderr)[0]).toBe(`phicode: warning: security: ${MAIN(root)}:3:1: py-shell (high): runs a shell command or another program — os.system(`)
    expect(blocked.stderr).toContain('found 1 threat')
    expect(blocked.stderr).not.toContain('py-subprocess')
    writeFileSync(join(root, '.(φ)/config.json'), '{"security": {"mode": "block", "allow": ["py-subprocess", "py-shell"]}}')
    const allowed = await runPhicode(['main.py'], { cwd: root })
    expect(allowed.code).toBe(0)
    expect(allowed.stdout).toBe('ran\n')
    expect(securityLines(allowed.stderr)).toEqual([])
  })

  test('allowPaths: files matching a glob (relative to the project root) are never checked', async () => {
    const root = project({
      'main.py': THREAT,
      'scripts/deploy.py': THREAT,
      'scripts/sub/tool.py': THREAT,
      '.(φ)/config.json': '{"security": {"mode": "block", "allowPaths": ["scripts/**"]}}',
    })
    for (const script of ['scripts/deploy.py', 'scripts/sub/tool.py']) {
      const r = await runPhicode([script], { cwd: root })
      expect(r.code).toBe(0)
      expect(r.stdout).toBe('ran\n')
      expect(securityLines(r.stderr)).toEqual([])
    }
    const outside = await runPhicode(['main.py'], { cwd: root })
    expect(outside.code).toBe(79)
  })

  test('a bad setting is exit 78 naming the field, with a suggestion for a near miss', async () => {
    const cases: Array<[string, string]> = [
      ['{"security": {"mode": "strict"}}', 'security.mode: must be "off", "warn" or "block", got "strict"'],
      ['{"security": {"allow": ["py-shell", "py-subproces"]}}', 'security.allow[1]: "py-subproces" is not a rule (did you mean "py-subprocess"?); phicode --security-status lists them'],
      ['{"security": {"alow": ["py-shell"]}}', 'security.alow: is not a security setting (did you mean "allow"?); they are mode, allow, allowPaths'],
      ['{"security": {"allowPaths": "scripts/**"}}', 'security.allowPaths: must be a list of globs such as ["scripts/**"]'],
      ['{"security": {"allowPaths": [""]}}', 'security.allowPaths[0]: must be a non-empty string, got ""'],
    ]
    for (const [config, message] of cases) {
      const root = project({ 'main.py': 'print(1)\n', '.(φ)/config.json': config })
      const r = await runPhicode(['main.py'], { cwd: root })
      expect(r.code).toBe(78)
      expect(r.stderr).toContain(`${join(root, '.(φ)', 'config.json')}: ${message}`)
    }
  })

  test('--security-status shows the mode, the allowed rules and paths', async () => {
    const root = project({ '.(φ)/config.json': '{"security": {"mode": "off", "allow": ["ts-spawn"], "allowPaths": ["tools/*"]}}' })
    const r = await runPhicode(['--security-status', '--json'], { cwd: root })
    expect(JSON.parse(r.stdout)).toMatchObject({ mode: 'off', allow: ['ts-spawn'], allowPaths: ['tools/*'] })
  })
})

describe('the API ignores the project\'s security config', () => {
  let server: TestServer
  const root = project({ '.(φ)/config.json': '{"security": {"mode": "off", "allow": ["py-shell"], "allowPaths": ["**"]}}' })
  beforeAll(async () => {
    server = await startServer({ cwd: root })
  })
  afterAll(stopAllServers)

  test('a threat is still 403 when the project where the server runs turns the check off', async () => {
    const reply = await post(server.url, '/execute', { code: 'import os\nos.system("true")', type: 'python' })
    expect(reply.status).toBe(403)
    expect(reply.body.findings).toEqual([expect.objectContaining({ rule: 'py-shell', line: 2, column: 1 })])
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
