import type { StartedPython } from './python/start'
import { checkPythonPlatform } from './python-platform'
import type { RunOptions, RunOutcome } from './types'

/**
 * Runs the entry on its interpreter. `in-process` means the module now owns this process (Bun):
 * its exit code is whatever it sets when the event loop ends. Each runner is loaded only when
 * chosen: their modules (node:net, the plugin, the Node hooks) cost milliseconds of start-up.
 * `python`: the interpreter, when it was started before the config and cache were open.
 */
export async function runEntry(options: RunOptions, python?: StartedPython): Promise<RunOutcome | 'in-process'> {
  switch (options.interpreter.kind) {
    case 'cpython':
    case 'pypy':
      checkPythonPlatform()
      // Stryker disable next-line StringLiteral: a specifier bun build must resolve
      return (await import('./python')).runPython(options, python)
    case 'node':
      // Stryker disable next-line StringLiteral: a specifier bun build must resolve
      return (await import('./node')).runNode(options)
    case 'bun':
      // Stryker disable next-line StringLiteral: a specifier bun build must resolve
      return (await import('./bun')).runBun({ ...options, fileExtension: options.config.config.file_extension })
  }
}
