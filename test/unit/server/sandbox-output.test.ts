import { describe, expect, test } from 'bun:test'
import { captureOutput } from '../../../src/server/sandbox/_output'

const bytes = (text: string) => new TextEncoder().encode(text)

/** A stream of `chunks`, then its end (or an error, or nothing: it stays open). */
function stream(chunks: string[], then: 'end' | 'error' | 'open' = 'end'): ReadableStream<Uint8Array> {
  const left = [...chunks]
  return new ReadableStream({
    pull(controller) {
      const next = left.shift()
      if (next !== undefined) return controller.enqueue(bytes(next))
      if (then === 'end') controller.close()
      if (then === 'error') controller.error(new Error('pipe broke'))
      return new Promise(() => {})
    },
  })
}

describe('captureOutput: stdout and stderr share one byte budget', () => {
  test('within the budget, to the byte: everything kept, nothing truncated, onFull never called', () => {
    let full = 0
    const out = captureOutput(10, () => full++)
    out.push('stdout', bytes('abcd'))
    out.push('stderr', bytes('efg'))
    out.push('stdout', bytes('hij'))
    expect([out.text('stdout'), out.text('stderr'), out.truncated, full]).toStrictEqual(['abcdhij', 'efg', false, 0])
  })

  test('one byte past it: the chunk cut at the budget, truncated set, onFull called once whatever follows', () => {
    let full = 0
    const out = captureOutput(10, () => full++)
    out.push('stdout', bytes('abcdef'))
    out.push('stderr', bytes('ghijk'))
    out.push('stdout', bytes('lmn'))
    out.push('stderr', bytes('o'))
    expect([out.text('stdout'), out.text('stderr'), out.truncated, full]).toStrictEqual(['abcdef', 'ghij', true, 1])
  })

  test('a full budget keeps nothing more, even an empty chunk does not call onFull again', () => {
    let full = 0
    const out = captureOutput(3, () => full++)
    out.push('stdout', bytes('abcd'))
    out.push('stdout', bytes(''))
    out.push('stderr', bytes('x'))
    expect([out.text('stdout'), out.text('stderr'), full]).toStrictEqual(['abc', '', 1])
  })

  test('a character cut by the cap decodes as U+FFFD', () => {
    const out = captureOutput(4, () => {})
    out.push('stdout', bytes('abcé'))
    expect(out.text('stdout')).toBe('abc\uFFFD')
  })

  test('drain reads a stream to its end into its own side', async () => {
    const out = captureOutput(100, () => {})
    await Promise.all([out.drain('stdout', stream(['one ', 'two'])), out.drain('stderr', stream(['err']))])
    expect([out.text('stdout'), out.text('stderr'), out.truncated]).toStrictEqual(['one two', 'err', false])
  })

  test('drain over the budget stops keeping, and calls onFull once', async () => {
    let full = 0
    const out = captureOutput(5, () => full++)
    await out.drain('stdout', stream(['abc', 'def', 'ghi']))
    expect([out.text('stdout'), out.truncated, full]).toStrictEqual(['abcde', true, 1])
  })

  test('a broken pipe: drain resolves with what was read before it broke', async () => {
    const out = captureOutput(100, () => {})
    await out.drain('stderr', stream(['before'], 'error'))
    expect(out.text('stderr')).toBe('before')
  })

  test('cancel ends a drain whose stream never ends; a drain that already ended is not disturbed', async () => {
    const out = captureOutput(100, () => {})
    await out.drain('stdout', stream(['done']))
    const open = out.drain('stderr', stream(['held'], 'open'))
    await Bun.sleep(0)
    out.cancel()
    await open
    expect([out.text('stdout'), out.text('stderr')]).toStrictEqual(['done', 'held'])
  })
})
