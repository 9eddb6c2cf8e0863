import { afterEach, describe, expect, test } from 'bun:test'
import { cpus } from 'node:os'
import { PhicodeError } from '../../../src/errors'
import { resolveServerOptions } from '../../../src/server/options'
import { thrown } from '../../helpers/thrown'

// Expected values are docs/api.md's "Limits and settings" table, written out here.
const DEFAULT_LIMITS = {
  bodyBytes: 1_048_576,
  concurrency: Math.max(2, cpus().length),
  queue: 64,
  queueWaitMs: 30_000,
  defaultTimeoutMs: 5_000,
  maxTimeoutMs: 30_000,
  outputBytes: 1_048_576,
  graceMs: 10_000,
  drainDelayMs: 0,
  processes: 128,
  memoryBytes: 1_073_741_824,
  fileBytes: 67_108_864,
}

const resolve = (env: Record<string, string> = {}, flags: Record<string, unknown> = {}) => resolveServerOptions({ cwd: '/srv/project', ...flags }, { PHICODE_API_SANDBOX: 'process-group', ...env })
const refusal = (env: Record<string, string>, flags: Record<string, unknown> = {}) => {
  const error = thrown(PhicodeError, () => resolve(env, flags))
  expect(error.exitCode).toBe(64)
  return error.message
}

describe('defaults', () => {
  test('every setting as the docs table gives it', () => {
    expect(resolve()).toEqual({
      host: '127.0.0.1',
      port: 8000,
      token: undefined,
      limits: DEFAULT_LIMITS,
      scan: true,
      sandbox: 'process-group',
      network: false,
      unsafeSandbox: false,
      uidBase: 2_000_000_000,
      cwd: '/srv/project',
    })
  })

  test('--bypass turns the scan off; --unsafe-sandbox is kept', () => {
    expect(resolve({}, { bypass: true, unsafeSandbox: true })).toMatchObject({ scan: false, unsafeSandbox: true })
    expect(resolve({}, { bypass: false, unsafeSandbox: false })).toMatchObject({ scan: true, unsafeSandbox: false })
  })
})

describe('each PHICODE_API_* variable', () => {
  const cases: Array<[variable: string, value: string, limit: keyof typeof DEFAULT_LIMITS, expected: number]> = [
    ['PHICODE_API_MAX_BODY', '2000', 'bodyBytes', 2000],
    ['PHICODE_API_CONCURRENCY', '7', 'concurrency', 7],
    ['PHICODE_API_QUEUE', '3', 'queue', 3],
    ['PHICODE_API_QUEUE', '0', 'queue', 0],
    ['PHICODE_API_QUEUE_WAIT_MS', '250', 'queueWaitMs', 250],
    ['PHICODE_API_TIMEOUT_MS', '400', 'defaultTimeoutMs', 400],
    ['PHICODE_API_MAX_TIMEOUT_MS', '60000', 'maxTimeoutMs', 60_000],
    ['PHICODE_API_MAX_OUTPUT', '4096', 'outputBytes', 4096],
    ['PHICODE_API_GRACE_MS', '0', 'graceMs', 0],
    ['PHICODE_API_GRACE_MS', '1500', 'graceMs', 1500],
    ['PHICODE_API_DRAIN_DELAY_MS', '800', 'drainDelayMs', 800],
    ['PHICODE_API_MAX_PROCESSES', '0', 'processes', 0],
    ['PHICODE_API_MAX_PROCESSES', '16', 'processes', 16],
    ['PHICODE_API_MAX_MEMORY', '0', 'memoryBytes', 0],
    ['PHICODE_API_MAX_MEMORY', '5000000', 'memoryBytes', 5_000_000],
    ['PHICODE_API_MAX_FILE', '0', 'fileBytes', 0],
    ['PHICODE_API_MAX_FILE', '4096', 'fileBytes', 4096],
    // Below the least each accepts: the default, with a warning.
    ['PHICODE_API_MAX_BODY', '0', 'bodyBytes', 1_048_576],
    ['PHICODE_API_CONCURRENCY', '0', 'concurrency', Math.max(2, cpus().length)],
    ['PHICODE_API_QUEUE', '-1', 'queue', 64],
    ['PHICODE_API_QUEUE_WAIT_MS', '0', 'queueWaitMs', 30_000],
    ['PHICODE_API_TIMEOUT_MS', '0', 'defaultTimeoutMs', 5_000],
    ['PHICODE_API_MAX_TIMEOUT_MS', '0', 'maxTimeoutMs', 30_000],
    ['PHICODE_API_MAX_OUTPUT', '0', 'outputBytes', 1_048_576],
    ['PHICODE_API_GRACE_MS', '-1', 'graceMs', 10_000],
    ['PHICODE_API_DRAIN_DELAY_MS', '-1', 'drainDelayMs', 0],
    ['PHICODE_API_MAX_PROCESSES', '-1', 'processes', 128],
    ['PHICODE_API_MAX_MEMORY', '-1', 'memoryBytes', 1_073_741_824],
    ['PHICODE_API_MAX_FILE', '-1', 'fileBytes', 67_108_864],
  ]
  for (const [variable, value, limit, expected] of cases) {
    test(`${variable}=${value} → ${limit} ${expected}`, () => {
      expect(resolve({ [variable]: value }).limits).toEqual({ ...DEFAULT_LIMITS, [limit]: expected })
    })
  }

  test('the default timeout never passes the maximum', () => {
    expect(resolve({ PHICODE_API_TIMEOUT_MS: '50000' }).limits).toMatchObject({ defaultTimeoutMs: 30_000, maxTimeoutMs: 30_000 })
    expect(resolve({ PHICODE_API_TIMEOUT_MS: '9000', PHICODE_API_MAX_TIMEOUT_MS: '3000' }).limits).toMatchObject({ defaultTimeoutMs: 3000, maxTimeoutMs: 3000 })
  })

  test('PHICODE_API_UID_BASE: at least 1000', () => {
    expect(resolve({ PHICODE_API_UID_BASE: '1000' }).uidBase).toBe(1000)
    expect(resolve({ PHICODE_API_UID_BASE: '999' }).uidBase).toBe(2_000_000_000)
  })

  test('PHICODE_API_TOKEN: set, or empty as unset', () => {
    expect(resolve({ PHICODE_API_TOKEN: 'abc' }).token).toBe('abc')
    expect(resolve({ PHICODE_API_TOKEN: '' }).token).toBeUndefined()
  })

  test('PHICODE_API_NETWORK: on or off only', () => {
    expect(resolve({ PHICODE_API_NETWORK: 'on' }).network).toBe(true)
    expect(resolve({ PHICODE_API_NETWORK: 'off' }).network).toBe(false)
    for (const value of ['yes', 'ON', '1', '']) expect(refusal({ PHICODE_API_NETWORK: value })).toBe(`PHICODE_API_NETWORK must be on or off, got ${JSON.stringify(value)}`)
  })

  test('PHICODE_API_SANDBOX: auto, uid or process-group only', () => {
    expect(resolve({ PHICODE_API_SANDBOX: 'process-group' }).sandbox).toBe('process-group')
    // auto and uid depend on the host (root, util-linux): either the mode, or the host's refusal
    // (exit 69), never the usage refusal of an unknown value. Unset is auto.
    const accepted: Array<[env: Record<string, string | undefined>, modes: string[]]> = [
      [{ PHICODE_API_SANDBOX: 'uid' }, ['uid']],
      [{ PHICODE_API_SANDBOX: 'auto' }, ['uid', 'process-group']],
      [{ PHICODE_API_SANDBOX: undefined }, ['uid', 'process-group']],
    ]
    for (const [env, modes] of accepted) {
      try {
        expect(modes).toContain(resolveServerOptions({ cwd: '/srv/project' }, env).sandbox)
      } catch (error) {
        expect(error).toBeInstanceOf(PhicodeError)
        expect((error as PhicodeError).exitCode).toBe(69)
      }
    }
    expect(refusal({ PHICODE_API_SANDBOX: 'none' })).toBe('PHICODE_API_SANDBOX must be auto, uid or process-group, got "none"')
    expect(refusal({ PHICODE_API_SANDBOX: '' })).toBe('PHICODE_API_SANDBOX must be auto, uid or process-group, got ""')
  })
})

describe('the default concurrency: the host\'s cores, at least 2', () => {
  const real = Object.getOwnPropertyDescriptor(navigator, 'hardwareConcurrency')!
  afterEach(() => Object.defineProperty(navigator, 'hardwareConcurrency', real))
  for (const [cores, expected] of [[1, 2], [2, 2], [8, 8]] as const) {
    test(`${cores} cores → ${expected}`, () => {
      Object.defineProperty(navigator, 'hardwareConcurrency', { value: cores, configurable: true })
      expect(resolve().limits.concurrency).toBe(expected)
    })
  }
})

describe('--api-port', () => {
  const accepted: Array<[string, number]> = [
    ['0', 0],
    ['1', 1],
    ['080', 80],
    ['65535', 65_535],
  ]
  for (const [raw, port] of accepted) test(`${raw} → ${port}`, () => expect(resolve({}, { port: raw }).port).toBe(port))
  for (const raw of ['65536', '-1', 'http', '8o', ' 80', '80 ', '1e3', '0x50', '']) {
    test(`${JSON.stringify(raw)} is refused`, () => {
      expect(refusal({}, { port: raw })).toBe(`--api-port must be a port number 0–65535 (0 picks a free one), got ${JSON.stringify(raw)}`)
    })
  }
})

describe('--api-host', () => {
  for (const host of ['', 'a b', 'tab\there', 'a/b', 'http://x']) {
    test(`${JSON.stringify(host)} is refused`, () => {
      expect(refusal({}, { host })).toBe(`--api-host must be an address or host name, got ${JSON.stringify(host)}`)
    })
  }

  // Loopback: only this machine can reach it, so no token is needed.
  for (const host of ['localhost', '[localhost]', '127.0.0.1', '127.200.3.4', '::1', '[::1]', '::ffff:127.0.0.1', '::FFFF:127.9.9.9']) {
    test(`${host} needs no token`, () => expect(resolve({}, { host }).host).toBe(host))
  }

  // Brackets only around the whole address; the IPv4-mapped loopback only as a valid address's start.
  for (const host of ['0.0.0.0', '10.0.0.1', '128.0.0.1', '::', '::2', '[::2]', '::ffff:10.0.0.1', 'example.com', 'localhost.example', '127.0.0.1.nip.io', 'local[host', 'local]host', '1::ffff:127.0.0.1', '::ffff:127.example']) {
    test(`${host} needs a token`, () => {
      expect(refusal({}, { host })).toBe(
        `refusing to listen on ${host} without PHICODE_API_TOKEN: anyone who can reach it could run code here (set a token, or keep the default 127.0.0.1)`,
      )
      expect(resolve({ PHICODE_API_TOKEN: 't' }, { host }).host).toBe(host)
    })
  }
})
