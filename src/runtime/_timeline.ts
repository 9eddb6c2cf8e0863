/** Where start-up time went, for --debug and the slow-start warning. */
export interface Timeline {
  mark(label: string): void
  total(): number
  report(): string
}

export function createTimeline(): Timeline {
  // performance.now() counts from process start, so the runtime's own start-up is included.
  const marks: Array<[string, number]> = []
  let last = 0
  return {
    mark(label) {
      const now = performance.now()
      marks.push([label, now - last])
      last = now
    },
    total: () => last,
    report: () => marks.map(([label, ms]) => `${label} ${ms.toFixed(1)} ms`).join(', '),
  }
}
