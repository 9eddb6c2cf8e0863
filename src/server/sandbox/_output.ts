/**
 * stdout and stderr of one execution, sharing one byte budget. Past it the rest is dropped,
 * `truncated` is set and `onFull` runs once (the caller stops the program: a gigabyte of output
 * should cost a megabyte, not a gigabyte).
 */
export interface OutputCapture {
  /** Reads `stream` to its end (or until `cancel`), keeping what fits the budget. */
  drain(which: 'stdout' | 'stderr', stream: ReadableStream<Uint8Array>): Promise<void>
  /** Keeps what of `chunk` fits the budget: output that arrives in frames (a warm slot's). */
  push(which: 'stdout' | 'stderr', chunk: Uint8Array): void
  /** Stops reading: for a pipe some escaped process still holds open. */
  cancel(): void
  text(which: 'stdout' | 'stderr'): string
  readonly truncated: boolean
}

export function captureOutput(budget: number, onFull: () => void): OutputCapture {
  const chunks = { stdout: [] as Uint8Array[], stderr: [] as Uint8Array[] }
  const readers = new Set<{ cancel(): Promise<void> }>()
  let left = budget
  let truncated = false
  const decoder = () => new TextDecoder('utf-8')
  const push = (which: 'stdout' | 'stderr', value: Uint8Array): void => {
    if (value.byteLength <= left) {
      chunks[which].push(value)
      left -= value.byteLength
      return
    }
    if (left > 0) chunks[which].push(value.subarray(0, left))
    left = 0
    if (!truncated) {
      truncated = true
      onFull()
    }
  }

  return {
    get truncated() {
      return truncated
    },
    async drain(which, stream) {
      const reader = stream.getReader()
      readers.add(reader)
      try {
        for (;;) {
          const { done, value } = await reader.read()
          if (done) return
          push(which, value)
        }
      } catch {
        // Cancelled, or the pipe broke: what was read so far stands.
      } finally {
        readers.delete(reader)
      }
    },
    push,
    cancel() {
      // A reader whose stream already ended rejects the cancel: nothing is left to stop.
      for (const reader of readers) reader.cancel().catch(() => {})
    },
    text(which) {
      // A multi-byte character cut by the cap decodes as U+FFFD rather than failing.
      return decoder().decode(Buffer.concat(chunks[which]))
    },
  }
}
