import { describe, expect, test } from 'bun:test'
import { PhicodeError } from '../../../src/errors'
import { requireIsolation } from '../../../src/server/options'
import { thrown } from '../../helpers/thrown'

const without = { filesystem: 'host' as const, missing: ['network namespace (bubblewrap missing)', 'private filesystem view (same cause)'] }
const isolated = { filesystem: 'private' as const, missing: [] }

describe('a non-loopback bind needs network and filesystem isolation or --unsafe-sandbox', () => {
  test('refused without isolation, naming the address, what is missing and the flag', () => {
    const error = thrown(PhicodeError, () => requireIsolation({ host: '0.0.0.0', unsafeSandbox: false }, without))
    expect(error.exitCode).toBe(64)
    expect(error.message).toBe(
      'refusing to listen on 0.0.0.0: executions here get no network or filesystem isolation (network namespace (bubblewrap missing); private filesystem view (same cause)); pass --unsafe-sandbox to accept that, or bind 127.0.0.1',
    )
  })

  test('accepted with --unsafe-sandbox, with isolation, or on loopback', () => {
    expect(() => requireIsolation({ host: '0.0.0.0', unsafeSandbox: true }, without)).not.toThrow()
    expect(() => requireIsolation({ host: '10.1.2.3', unsafeSandbox: false }, isolated)).not.toThrow()
    for (const host of ['127.0.0.1', '::1', 'localhost']) expect(() => requireIsolation({ host, unsafeSandbox: false }, without)).not.toThrow()
  })
})
