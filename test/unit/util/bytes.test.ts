import { describe, expect, test } from 'bun:test'
import { formatBytes } from '../../../src/util/bytes'

describe('formatBytes: IEC units, three significant digits', () => {
  test.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [4311, '4.21 KiB'],
    [10_240, '10 KiB'],
    [102_400, '100 KiB'],
    [1_022_976, '999 KiB'],
    [1_024_000, '0.977 MiB'],
    [1_048_576, '1 MiB'],
    [64_226_918, '61.3 MiB'],
    [10 * 1024 * 1024, '10 MiB'],
    [114_890_375_168, '107 GiB'],
    [5 * 1024 ** 4, '5 TiB'],
  ])('%d bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})
