/**
 * Commands and interpreters the tests need, found on this machine rather than assumed. A
 * missing one fails the test that needs it with a message saying what to install: tests never
 * skip silently (.ci/run and the release workflow install all of them).
 */
import { existsSync, readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** The path of `command` on PATH; throws, naming it, when it is missing. */
export function required(command: string): string {
  const path = Bun.which(command)
  if (!path) throw new Error(`${command} is not on PATH: this test needs it and does not skip (install it, as .ci/run does)`)
  return path
}

/** What `python` says it is (`cpython`/`pypy` and its language version), or undefined when it cannot say. */
function identify(python: string): { name: string; major: number; minor: number } | undefined {
  const result = Bun.spawnSync([python, '-c', 'import sys; print(sys.implementation.name, sys.version_info[0], sys.version_info[1])'])
  const [name, major, minor] = result.stdout.toString().trim().split(' ')
  return result.success && name ? { name, major: Number(major), minor: Number(minor) } : undefined
}

/** The bytecode cache's kind for an interpreter, as its own answer makes it: `comφled_cpython_311`. */
export function bytecodeKind(python: string): string {
  const found = identify(python)
  if (!found) throw new Error(`${python} did not say what it is`)
  const { name, major, minor } = found
  return `comφled_${name}_${major}${minor}`
}

/**
 * A CPython of another language version than `python3` on PATH (3.8 or later, as the bootstrap
 * needs), if this machine has one: `python3.N` on PATH, then pyenv's versions where pyenv is.
 */
export function otherCpython(): string | undefined {
  const own = identify(required('python3'))
  const candidates = Array.from({ length: 12 }, (_, k) => Bun.which(`python3.${k + 8}`)).filter((p): p is string => p !== null)
  const pyenv = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions')
  if (existsSync(pyenv)) for (const version of readdirSync(pyenv)) candidates.push(join(pyenv, version, 'bin/python3'))
  return candidates.find((path) => {
    const other = existsSync(path) ? identify(path) : undefined
    return other?.name === 'cpython' && other.major === 3 && other.minor >= 8 && other.minor !== own?.minor
  })
}

/** The Debian packages that give /usr/bin/python3 each module the Python integration tests use. */
const DEBIAN_MODULES: Record<string, string> = {
  pytest: 'python3-pytest', flask: 'python3-flask', IPython: 'ipython3', nbclient: 'python3-nbclient', ipykernel: 'python3-ipykernel',
  nbformat: 'python3-nbformat', venv: 'python3-venv', ensurepip: 'python3-venv', coverage: 'python3-coverage',
  django: 'python3-django', uvicorn: 'python3-uvicorn', watchgod: 'python3-watchgod',
}

/**
 * Debian's /usr/bin/python3, after checking it imports `modules` (the tools the Python
 * integration tests run for real); throws naming the packages to install when one is missing.
 */
export function debianPython(...modules: string[]): string {
  const python = '/usr/bin/python3'
  const missing = existsSync(python)
    ? modules.filter((m) => !Bun.spawnSync([python, '-c', `import ${m}`]).success)
    : modules
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((m) => DEBIAN_MODULES[m] ?? m))].join(' ')
    throw new Error(`${python} cannot import ${missing.join(', ')}: this test needs them and does not skip (apt-get install ${packages}, as .ci/run does)`)
  }
  return python
}
