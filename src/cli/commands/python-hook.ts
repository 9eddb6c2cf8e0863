import { installPythonHook } from '../../runtime/python/install-hook'
import { logger, printJson } from '../output'

export function pythonInstallHookCommand(user: boolean, json: boolean): number {
  const installed = installPythonHook({ user, cwd: process.cwd() })
  if (json) printJson(installed)
  else logger.success(`${installed.path}: every start of ${installed.interpreter} now imports φ modules and runs φ scripts (delete the file to undo)`)
  return 0
}
