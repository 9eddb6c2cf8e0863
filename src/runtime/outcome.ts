import type { RunOutcome } from './types'

/** How a child ended; a signal without a name (real-time signals) is reported as shells do: 128 + n. */
export function childOutcome(signal: NodeJS.Signals | number | null, exitCode: number | null): RunOutcome {
  if (typeof signal === 'string') return { signal }
  if (typeof signal === 'number') return { exitCode: 128 + signal }
  return { exitCode: exitCode ?? 1 }
}
