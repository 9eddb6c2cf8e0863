import { expect, test } from 'bun:test'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { renameRetrying } from '../../../src/util/atomic-write'
import { tempDir } from '../../helpers/tmp'

const dir = tempDir('phicode-rename-')

/** The real rename, after `holds` failures as Windows reports a file another process holds open. */
function heldFor(holds: number, code = 'EPERM') {
  let calls = 0
  const rename = (from: string, to: string) => {
    calls++
    if (calls <= holds) throw Object.assign(new Error(`${code}: operation not permitted, rename '${from}' -> '${to}'`), { code })
    renameSync(from, to)
  }
  return { rename, calls: () => calls }
}

function files(name: string) {
  const from = join(dir, `${name}.tmp`)
  const to = join(dir, name)
  writeFileSync(from, name)
  writeFileSync(to, 'old')
  return { from, to }
}

test('on Windows, a rename refused while the target is held (EPERM, EACCES, EBUSY) succeeds once it is let go', () => {
  for (const code of ['EPERM', 'EACCES', 'EBUSY']) {
    const { from, to } = files(`held-${code}`)
    const held = heldFor(3, code)
    renameRetrying(from, to, { platform: 'win32', rename: held.rename })
    expect(held.calls()).toBe(4)
    expect(readFileSync(to, 'utf8')).toBe(`held-${code}`)
    expect(existsSync(from)).toBe(false)
  }
})

test('on Windows, a hold that outlasts the retries is reported, after 8 attempts', () => {
  const { from, to } = files('forever')
  const held = heldFor(100)
  expect(() => renameRetrying(from, to, { platform: 'win32', rename: held.rename })).toThrow('EPERM')
  expect(held.calls()).toBe(8)
  expect(readFileSync(to, 'utf8')).toBe('old')
})

test('other errors, and every error on Linux and macOS, are reported at once', () => {
  for (const [platform, code] of [['win32', 'ENOENT'], ['linux', 'EPERM'], ['darwin', 'EACCES']] as const) {
    const { from, to } = files(`once-${platform}`)
    const held = heldFor(1, code)
    expect(() => renameRetrying(from, to, { platform, rename: held.rename })).toThrow(code)
    expect(held.calls()).toBe(1)
  }
})
