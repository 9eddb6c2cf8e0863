/**
 * --help fits the terminal, colour follows NO_COLOR/FORCE_COLOR, a bare `phicode` with nothing
 * to run points at --help, and a malformed numeric setting is one warning and its default.
 */
import { describe, expect, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ARGS } from '../../../src/cli/args'
import { PHICODE, runCommand, runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'
import { onTerminal } from '../../helpers/terminal'

const widest = (text: string): number => Math.max(...text.split('\n').map((line) => Bun.stringWidth(line)))
const ESC = '\u001b['

describe('--help', () => {
  test('is 80 columns wide on a pipe, and uses them', async () => {
    const r = await runPhicode(['--help'], { env: { COLUMNS: undefined } })
    expect(r.code).toBe(0)
    expect(widest(r.stdout)).toBeLessThanOrEqual(80)
    expect(widest(r.stdout)).toBeGreaterThan(70)
  })

  test.each([60, 120, 200])('fits COLUMNS=%d', async (columns) => {
    const r = await runPhicode(['--help'], { env: { COLUMNS: String(columns) } })
    expect(widest(r.stdout)).toBeLessThanOrEqual(columns)
    expect(widest(r.stdout)).toBeGreaterThan(Math.min(columns, 150) - 15)
  })

  test('lists every option of the table and states the argument contract in one line', async () => {
    const r = await runPhicode(['--help'], { env: { COLUMNS: '400' } })
    for (const name of Object.keys(ARGS).filter((n) => n !== 'module')) expect(r.stdout).toContain(`--${name}`)
    const contract = r.stdout.split('\n').filter((line) => line.includes('after it only the runner flags'))
    expect(contract).toHaveLength(1)
    expect(contract[0]).toContain('-- ends')
  })

  test('is the program\'s after the module', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'hello.py'), 'import sys\nprint(sys.argv[1:])\n')
    const r = await runPhicode(['hello.py', '--help'], { cwd: dir })
    expect([r.code, r.stdout]).toEqual([0, "['--help']\n"])
  })
})

/** Runs phicode on a terminal; the output as the terminal got it. */
async function onPty(args: string[], env: Record<string, string>): Promise<string> {
  const command = onTerminal(['env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), PHICODE, ...args])
  const r = await runCommand(command, { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } })
  return r.stdout
}

describe('colour', () => {
  test('a terminal gets colour unless NO_COLOR is set', async () => {
    expect(await onPty(['--nope'], {})).toContain(`${ESC}31mphicode: error:`)
    const plain = await onPty(['--nope'], { NO_COLOR: '1' })
    expect(plain).toContain('phicode: error: unknown option --nope')
    expect(plain).not.toContain(ESC)
    expect(await onPty(['--help'], {})).toContain(`${ESC}36m`)
    expect(await onPty(['--help'], { NO_COLOR: '1' })).not.toContain(ESC)
  })

  test('FORCE_COLOR colours a pipe; FORCE_COLOR=0 keeps a terminal plain', async () => {
    const forced = await runPhicode(['--nope'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } })
    expect(forced.stderr).toStartWith(`${ESC}31mphicode: error:`)
    expect((await runPhicode(['--help'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } })).stdout).toContain(`${ESC}36m`)
    expect(await onPty(['--nope'], { FORCE_COLOR: '0' })).not.toContain(ESC)
  })
})

test('phicode with nothing to run points at --help', async () => {
  const r = await runPhicode([], { cwd: tempDir() })
  expect(r.code).toBe(66)
  expect(r.stderr).toContain("module 'main' not found")
  expect(r.stderr).toContain('phicode --help')
})

describe('malformed numeric settings: one warning naming the variable, then the default', () => {
  const dir = tempDir()
  writeFileSync(join(dir, 'hello.py'), 'print("hello")\n')

  test.each([
    ['PHICODE_CACHE_SIZE', 'abc'],
    ['PHICODE_BATCH_SIZE', '0'],
    ['PHICODE_CACHE_STALL_WRITE', '1.5'],
    ['PHICODE_SLOW_START_MS', 'x'],
  ])('%s=%s', async (name, value) => {
    const r = await runPhicode(['hello.py'], { cwd: dir, env: { [name]: value } })
    expect([r.code, r.stdout]).toEqual([0, 'hello\n'])
    const warnings = r.stderr.split('\n').filter((line) => line.startsWith('phicode: warning:'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(`${name}="${value}"`)
  })

  test('PHICODE_API_QUEUE=lots: the API server still starts, with the warning', async () => {
    const proc = Bun.spawn([PHICODE, '--api-server', '--api-port', '0', '--json'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', PHICODE_API_QUEUE: 'lots' },
      stdout: 'pipe',
      stderr: 'pipe',
    })
    try {
      const reader = proc.stdout.getReader()
      const first = new TextDecoder().decode((await reader.read()).value)
      expect(JSON.parse(first).url).toStartWith('http://127.0.0.1:')
    } finally {
      proc.kill('SIGTERM')
    }
    await proc.exited
    const stderr = await new Response(proc.stderr).text()
    expect(stderr).toContain('phicode: warning: PHICODE_API_QUEUE="lots"')
  })
})
