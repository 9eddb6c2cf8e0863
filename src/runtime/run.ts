import { runBun } from './bun'
import { runNode } from './node'
import { runPython } from './python'
import type { RunOptions, RunOutcome } from './types'

/**
 * Runs the entry on its interpreter. `in-process` means the module now owns this process (Bun):
 * its exit code is whatever it sets when the event loop ends.
 */
export function runEntry(options: RunOptions): Promise<RunOutcome | 'in-process'> {
  switch (options.interpreter.kind) {
    case 'cpython':
    case 'pypy':
      return runPython(options)
    case 'node':
      return runNode(options)
    case 'bun':
      return runBun(options)
  }
}
