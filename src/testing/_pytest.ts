import type { LoadedConfig } from '../config/types'
import { nearestMarker } from '../kinds/markers'
import type { RunOutcome } from '../runtime/types'

/** A Python project: its config says so, or its nearest project marker is Python's (pyproject.toml …). */
export function isPythonProject(base: string, config: LoadedConfig): boolean {
  return (config.config.language ?? nearestMarker(base)?.dialect) === 'python'
}

/** `phicode -m pytest <args>`: pytest with φ test collection, every word after --test pytest's. */
export async function runPytest(args: string[], cwd: string): Promise<RunOutcome> {
  const { startModule } = await import('../runtime')
  const outcome = await startModule({ spec: 'pytest', pythonModule: true, args, flags: {}, cwd, debug: false })
  return outcome === 'in-process' ? { exitCode: 0 } : outcome
}
