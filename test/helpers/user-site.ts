import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { required } from './prerequisites'
import { tempDir } from './tmp'

/**
 * A fresh PYTHONUSERBASE in which `name` is a package the python3 on PATH imports and no PyPy
 * does, as `pip install --user` under that CPython would leave it: in python3's own user-site
 * folder (lib/python3.X/…; PyPy reads lib/pypy3.X/…), asked of python3 itself. Tests about "a
 * module one interpreter has" then hold on any python3, with or without real numpy.
 */
export function cpythonOnlyPackage(name: string): string {
  const base = tempDir('phicode-userbase-')
  const asked = Bun.spawnSync([required('python3'), '-c', 'import site; print(site.getusersitepackages())'], { env: { ...process.env, PYTHONUSERBASE: base } })
  const site = asked.stdout.toString().trim()
  if (!asked.success || !site.startsWith(base)) throw new Error(`python3 gave no user-site folder under ${base}: ${asked.stderr.toString()}`)
  mkdirSync(join(site, name), { recursive: true })
  writeFileSync(join(site, name, '__init__.py'), '')
  return base
}
