/**
 * The rounds of an interleaved benchmark (src/bench/proc.ts): one untimed warm-up round, then
 * each round starting one variant further on, so that no variant always runs first or always
 * right after the same other. Real processes (`true`); the order is read from each variant's
 * `before` hook, and the expected order is written by hand.
 */
import { expect, test } from 'bun:test'
import { exactly, interleaved, type Variant } from '../../../src/bench/proc'

test('three variants, three rounds: a warm-up in order, then rounds starting at a, b, c', () => {
  const order: string[] = []
  const variant = (name: string): Variant => ({ cmd: ['true'], before: () => order.push(name) })
  const samples = interleaved([variant('a'), variant('b'), variant('c')], exactly(3))
  // The warm-up round, then rounds 0, 1 and 2.
  expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b'])
  // Sample k of each variant is its run in round k.
  expect(samples.map((s) => s.length)).toEqual([3, 3, 3])
})
