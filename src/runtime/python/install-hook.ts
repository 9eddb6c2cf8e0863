import { join } from 'node:path'
import { EXIT, PhicodeError } from '../../errors'
import { writeFileAtomicSync } from '../../util/atomic-write'
import { requireInterpreter } from '../interpreters/discover'
import type { Interpreter } from '../types'
import { pythonPackageFolder } from './package'

/** The .pth file's name: site.py runs its `import` line at every interpreter start. */
const PTH_NAME = 'phicode-hook.pth'

export interface InstalledHook {
  /** The .pth written. */
  path: string
  /** The interpreter whose environment it serves. */
  interpreter: string
}

/**
 * `--python-install-hook [--user]`: a .pth in the interpreter's site-packages (or its user
 * site) that puts the `phicode` package on sys.path and activates it at every start of that
 * environment, so `python3 app.φ` and `import x` of x.φ work without phicode in front.
 */
export function installPythonHook(options: { user: boolean; cwd: string; interpreter?: Interpreter }): InstalledHook {
  const interpreter = options.interpreter ?? requireInterpreter('cpython', options.cwd)
  const ask = options.user ? 'import site; print(site.getusersitepackages())' : "import sysconfig; print(sysconfig.get_paths()['purelib'])"
  const probe = Bun.spawnSync([interpreter.path, '-c', ask], { stderr: 'pipe' })
  const site = probe.stdout.toString().trim()
  if (!probe.success || !site) throw new PhicodeError(`${interpreter.path} did not name its site-packages: ${probe.stderr.toString().trim()}`, EXIT.UNAVAILABLE)
  const folder = pythonPackageFolder()
  if (!folder) throw new PhicodeError('cannot write the phicode Python package under PHICODE_HOME or the temp folder', EXIT.CANT_WRITE)
  const path = join(site, PTH_NAME)
  const activate = `import os; os.environ.setdefault('PHICODE_BIN', ${JSON.stringify(process.execPath)}); __import__('phicode._auto', fromlist=['activate']).activate()`
  try {
    writeFileAtomicSync(path, `${folder}\n${activate}\n`)
  } catch (error) {
    throw new PhicodeError(`cannot write ${path}: ${(error as Error).message}${options.user ? '' : ' (--user writes to your user site instead)'}`, EXIT.CANT_WRITE, { cause: error })
  }
  return { path, interpreter: interpreter.path }
}

