import { describe, expect, test } from 'bun:test'
import { PhicodeError } from '../../../src/errors'
import { requireIsolation } from '../../../src/server/options'
import { thrown } from '../../helpers/thrown'

const without = { filesystem: 'host' as const, missing: ['network namespace (bubblewrap missing)', 'private filesystem view (same cause)'] }
const isolated = { filesystem: 'private' as const, missing: [] }

describe('a non-loopback bind needs network and filesystem isolation or --unsafe-sandbox', () => {
  test('refused without isolation, naming the address, what is missing and the flag', () => {
    const error = thrown(PhicodeError, () => requireIsolation({ host: '0.0.0.0', unsafeSandbox: false }, without))
    expect(error.message).toContain('refusing to listen on 0.0.0.0')
    expect(error.message).toContain('network namespace (bubblewrap missing)')
    expect(error.message).toContain('--unsafe-sandbox')
  })

  test('accepted with --unsafe-sandbox, with isolation, or on loopback', () => {
    expect(() => requireIsolation({ host: '0.0.0.0', unsafeSandbox: true }, without)).not.toThrow()
    expect(() => requireIsolation({ host: '10.1.2.3', unsafeSandbox: false }, isolated)).not.toThrow()
    for (const host of ['127.0.0.1', '::1', 'localhost']) expect(() => requireIsolation({ host, unsafeSandbox: false }, without)).not.toThrow()
  })
})
