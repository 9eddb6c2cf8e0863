import { PLATFORM, unsupported } from '../util/platform'
import type { RunOptions, RunOutcome } from './types'

/** Until the bootstrap has a loopback or named-pipe channel (README, platform table). */
const PYTHON_ON_WINDOWS = 'the Python bootstrap talks to phicode over an inherited socket on fd 3, which Windows cannot hand to a child; run it under WSL'

/**
 * Runs the entry on its interpreter. `in-process` means the module now owns this process (Bun):
 * its exit code is whatever it sets when the event loop ends. Each runner is loaded only when
 * chosen: their modules (node:net, the plugin, the Node hooks) cost milliseconds of start-up.
 */
export async function runEntry(options: RunOptions): Promise<RunOutcome | 'in-process'> {
  switch (options.interpreter.kind) {
    case 'cpython':
    case 'pypy':
      if (PLATFORM === 'win32') throw unsupported('φ-Python', PYTHON_ON_WINDOWS)
      return (await import('./python')).runPython(options)
    case 'node':
      return (await import('./node')).runNode(options)
    case 'bun':
      return (await import('./bun')).runBun(options)
  }
}
