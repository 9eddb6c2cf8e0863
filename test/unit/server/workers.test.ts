import { afterEach, describe, expect, test } from 'bun:test'
import { PhicodeError } from '../../../src/errors'
import { checkWorkersPlatform, parseWorkers, workerConcurrency } from '../../../src/server/workers'
import { thrown } from '../../helpers/thrown'

// The host's core count as navigator reports it, set per test so that the expected numbers
// (written by hand from docs/api.md's --workers rules) do not depend on this machine.
const real = Object.getOwnPropertyDescriptor(navigator, 'hardwareConcurrency')!
const cores = (n: number) => Object.defineProperty(navigator, 'hardwareConcurrency', { value: n, configurable: true })
afterEach(() => Object.defineProperty(navigator, 'hardwareConcurrency', real))

describe('--workers', () => {
  test('auto: one per core', () => {
    cores(6)
    expect(parseWorkers('auto')).toBe(6)
    cores(1)
    expect(parseWorkers('auto')).toBe(1)
  })

  for (const [raw, n] of [['1', 1], ['2', 2], ['08', 8], ['256', 256]] as const) {
    test(`${raw} → ${n}`, () => expect(parseWorkers(raw)).toBe(n))
  }

  for (const raw of ['0', '257', '-1', '1.5', '2e1', ' 2', '2 ', 'AUTO', 'two', '']) {
    test(`${JSON.stringify(raw)} is refused`, () => {
      const error = thrown(PhicodeError, () => parseWorkers(raw))
      expect(error.exitCode).toBe(64)
      expect(error.message).toBe(`--workers must be a number 1–256 or auto, got ${JSON.stringify(raw)}`)
    })
  }
})

describe('each worker\'s default concurrency: max(2, cores) split across the workers, at least 1', () => {
  const cases: Array<[cores: number, workers: number, each: number]> = [
    [1, 1, 2],
    [2, 1, 2],
    [2, 2, 1],
    [2, 3, 1],
    [8, 1, 8],
    [8, 3, 3],
    [8, 4, 2],
    [8, 16, 1],
    [16, 5, 4],
  ]
  for (const [n, workers, each] of cases) {
    test(`${n} cores, ${workers} workers → ${each} each`, () => {
      cores(n)
      expect(workerConcurrency(workers)).toBe(each)
    })
  }
})

test('--workers is accepted on Linux, the one platform that balances SO_REUSEPORT, and refused elsewhere (exit 69)', () => {
  if (process.platform === 'linux') expect(() => checkWorkersPlatform()).not.toThrow()
  else expect(thrown(PhicodeError, () => checkWorkersPlatform()).exitCode).toBe(69)
})
