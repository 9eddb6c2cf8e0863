/**
 * Phiemon's small rules, against values written out by hand from their documentation: the
 * backoff steps, the duration, size and count flags, daemon names, and the texts of durations
 * and ends that its notes and errors show.
 */
import { describe, expect, test } from 'bun:test'
import { describeEnd, formatDuration } from '../../../src/daemon/_format'
import { checkName, nameFromEntry } from '../../../src/daemon/names'
import { backoffDelay, backoffUnitFromEnv, DEFAULTS, parseCount, parseDuration, parseSize } from '../../../src/daemon/policy'
import { EXIT, PhicodeError } from '../../../src/errors'

/** The message of the usage error `run` throws (exit code 64). */
function usageError(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(PhicodeError)
    expect((error as PhicodeError).exitCode).toBe(EXIT.USAGE)
    return (error as Error).message
  }
  throw new Error('no error thrown')
}

describe('backoff', () => {
  test('1, 2, 4, 8, 16, then 30 units for every later restart', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((streak) => backoffDelay(streak, 1000))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000])
    expect(backoffDelay(2, 10)).toBe(40)
  })
  test('PHIEMON_BACKOFF_MS sets the unit: fractions allowed, below 1 ms or malformed means 1000', () => {
    expect(backoffUnitFromEnv({})).toBe(1000)
    expect(backoffUnitFromEnv({ PHIEMON_BACKOFF_MS: '20' })).toBe(20)
    expect(backoffUnitFromEnv({ PHIEMON_BACKOFF_MS: '1' })).toBe(1)
    expect(backoffUnitFromEnv({ PHIEMON_BACKOFF_MS: '2.5' })).toBe(2.5)
    expect(backoffUnitFromEnv({ PHIEMON_BACKOFF_MS: '0.5' })).toBe(1000)
    expect(backoffUnitFromEnv({ PHIEMON_BACKOFF_MS: 'soon' })).toBe(1000)
  })
  test('the defaults', () => {
    expect(DEFAULTS).toEqual({
      maxRestarts: 5,
      graceMs: 5000,
      stableMs: 30000,
      startupGraceMs: 1000,
      backoffUnitMs: 1000,
      logMaxBytes: 10485760,
      logFiles: 3,
    })
  })
})

describe('flags', () => {
  test('durations: seconds by default, or ms, s, m', () => {
    const cases: Array<[string, number]> = [
      ['5', 5000],
      ['2.5', 2500],
      ['500ms', 500],
      ['10s', 10000],
      ['2m', 120000],
      [' 1.5m ', 90000],
      ['0.0004', 0],
      ['0.0006', 1],
      ['0', 0],
    ]
    for (const [raw, ms] of cases) expect([raw, parseDuration('grace', raw)]).toEqual([raw, ms])
  })
  test('a malformed duration is a usage error naming the flag and the value', () => {
    for (const raw of ['', 'soon', '5h', '-1', '.5', '5.', '1 s', 'x5', '5sx', '1e3']) {
      expect(usageError(() => parseDuration('grace', raw))).toBe(`--grace takes a duration such as 5, 2.5, 500ms, 10s or 2m, not ${JSON.stringify(raw)}`)
    }
  })
  test('sizes: bytes, or K, M, G (any case, with an optional B); at least 1K', () => {
    const cases: Array<[string, number]> = [
      ['1048576', 1048576],
      ['1024', 1024],
      ['512K', 524288],
      ['512kb', 524288],
      ['10M', 10485760],
      ['10mB', 10485760],
      ['1G', 1073741824],
      [' 2k ', 2048],
      ['1K', 1024],
    ]
    for (const [raw, bytes] of cases) expect([raw, parseSize('log-max-size', raw)]).toEqual([raw, bytes])
    for (const raw of ['1023', '0K', '7B']) expect(usageError(() => parseSize('log-max-size', raw))).toBe('--log-max-size must be at least 1K')
    for (const raw of ['', 'big', '1T', '1.5M', '-1K', 'K', '1KK', 'x1K', '1Kx']) {
      expect(usageError(() => parseSize('log-max-size', raw))).toBe(`--log-max-size takes a size such as 1048576, 512K, 10M or 1G, not ${JSON.stringify(raw)}`)
    }
  })
  test('counts: whole numbers from min to max, both included', () => {
    expect(parseCount('max-restarts', '0', 0, 100)).toBe(0)
    expect(parseCount('max-restarts', '100', 0, 100)).toBe(100)
    expect(parseCount('max-restarts', ' 7 ', 0, 100)).toBe(7)
    for (const raw of ['101', '-1', '1.5', 'five', '', '1e2', '0x10', '7 7']) {
      expect(usageError(() => parseCount('max-restarts', raw, 0, 100))).toBe(`--max-restarts takes a whole number from 0 to 100, not ${JSON.stringify(raw)}`)
    }
    expect(usageError(() => parseCount('log-files', '0', 1, 9))).toBe('--log-files takes a whole number from 1 to 9, not "0"')
  })
})

describe('daemon names', () => {
  test('letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64 characters', () => {
    for (const name of ['app', 'A', '7', 'web.api_2-b', 'x'.repeat(64), '0..-_']) expect(checkName(name)).toBe(name)
    for (const name of ['', '.', '..', '-v', '_x', '.hidden', 'a/b', 'a b', 'café', 'a\n', '\na']) {
      expect(usageError(() => checkName(name))).toBe(
        `invalid daemon name ${JSON.stringify(name)}: use letters, digits, '.', '_' and '-', starting with a letter or digit`,
      )
    }
    expect(usageError(() => checkName('x'.repeat(65)))).toBe('daemon name is 65 characters long; the limit is 64')
  })
  test('from the entry: its file name without the extension, other characters as "-", trimmed; "app" if nothing is left', () => {
    const cases: Array<[string, string]> = [
      ['my app!.py', 'my-app'],
      ['/srv/web/server.φ', 'server'],
      ['worker', 'worker'],
      ['a.b.py', 'a.b'],
      ['__main__.py', 'app'],
      ['/srv/shop/__main__.py', 'shop'],
      ['/srv/my tool/__init__.φ', 'my-tool'],
      ['--x--.py', 'x'],
      ['.._x_..py', 'x'],
      ['résumé.py', 'r-sum'],
      ['!!!.py', 'app'],
      [`${'a'.repeat(70)}.py`, 'a'.repeat(64)],
      [`${'a'.repeat(63)}--b.py`, 'a'.repeat(63)],
      ['_a-b_.py', 'a-b'],
      ['a !?b.py', 'a-b'],
      ['x  y  z.py', 'x-y-z'],
    ]
    for (const [entry, name] of cases) expect([entry, nameFromEntry(entry)]).toEqual([entry, name])
  })
})

describe('texts', () => {
  test('durations as notes show them', () => {
    const cases: Array<[number, string]> = [
      [0, '0 ms'],
      [849.6, '850 ms'],
      [999, '999 ms'],
      [1000, '1.0 s'],
      [4200, '4.2 s'],
      [9949, '9.9 s'],
      [10_000, '10 s'],
      [59_499, '59 s'],
      [60_000, '1m 00s'],
      [185_000, '3m 05s'],
      [3_599_999, '59m 59s'],
      [3_600_000, '1h 00m'],
      [7_800_000, '2h 10m'],
      [86_399_999, '23h 59m'],
      [86_400_000, '1d 0h'],
      [273_600_000, '3d 4h'],
    ]
    for (const [ms, text] of cases) expect([ms, formatDuration(ms)]).toEqual([ms, text])
  })
  test('how an app ended', () => {
    expect(describeEnd(3, null)).toBe('exited with code 3')
    expect(describeEnd(0, undefined)).toBe('exited with code 0')
    expect(describeEnd(null, null)).toBe('exited with code ?')
    expect(describeEnd(undefined, 'SIGKILL')).toBe('was killed by SIGKILL')
    expect(describeEnd(1, 'SIGTERM')).toBe('was killed by SIGTERM')
  })
})
