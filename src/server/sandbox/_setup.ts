import { log } from '../../util/log'
import { mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { EXIT, PhicodeError } from '../../errors'
import { explicitInterpreter, findInterpreter } from '../../runtime/interpreters/discover'
import type { Interpreter } from '../../runtime/types'
import { selfCommand } from '../../util/self'
import { removeTree } from './_remove'

/** The PATH children get, plus their Python's directory. */
export const SYSTEM_PATH = ['/usr/local/bin', '/usr/bin', '/bin']

/**
 * The Python the server itself would pick, if the sandbox can run it; else the system's. A
 * sandbox uid cannot enter a private home, so ~/.pyenv under a 0700 /root is out of its reach.
 */
export async function reachablePython(cwd: string, prefixFor: (python: Interpreter) => string[], workRoot: string): Promise<Interpreter | undefined> {
  const candidates: Array<() => Interpreter | undefined> = [
    () => findInterpreter('cpython', cwd),
    () => {
      const system = Bun.which('python3', { PATH: SYSTEM_PATH.join(':') })
      return system ? explicitInterpreter(system, cwd) : undefined
    },
  ]
  let first: Interpreter | undefined
  for (const candidate of candidates) {
    let python: Interpreter | undefined
    try {
      python = candidate()
    } catch {
      // An interpreter that cannot be probed is no candidate; the next one is tried.
    }
    if (!python) continue
    first ??= python
    // `test -x` too: the child looks the interpreter up before running it.
    const check = Bun.spawn([...prefixFor(python), '/bin/sh', '-c', 'test -x "$0" && exec "$0" -c "import encodings, json, os"', python.path], {
      cwd: workRoot,
      env: { PATH: SYSTEM_PATH.join(':') },
      stdio: ['ignore', 'ignore', 'ignore'],
    })
    if ((await check.exited) === 0) {
      if (python !== first) log.warn(`Python at ${first.path} cannot be run by the sandbox uids; executions use ${python.path} (${python.version})`)
      return python
    }
  }
  if (first) log.warn(`Python at ${first.path} cannot be run inside the sandbox; Python executions will fail`)
  return first
}

/** Every ancestor of the work directory must let the sandbox uids pass through it. */
export function requireSearchable(dir: string): void {
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) {
      throw new PhicodeError(`${d} cannot be entered by other users, so sandboxed executions could not reach their directory; set TMPDIR to a directory such as /tmp`, EXIT.NO_PERMISSION)
    }
    if (dirname(d) === d) return
  }
}

/**
 * Children find their Python in this home's probe cache instead of probing it on every request:
 * one run of an empty module on it, as the server's user (the sandbox uids cannot write there).
 */
export async function primeInterpreterCache(home: string, python: Interpreter | undefined, workRoot: string): Promise<void> {
  if (!python) return
  const dir = mkdtempSync(join(workRoot, 'prime-'))
  try {
    writeFileSync(join(dir, 'prime.py'), '')
    const proc = Bun.spawn([...selfCommand(), '--bypass', '--cpython', '--', 'prime.py'], {
      cwd: dir,
      env: { PATH: SYSTEM_PATH.join(':'), HOME: dir, PHICODE_HOME: home, PHITON_PATH: python.path },
      stdio: ['ignore', 'ignore', 'ignore'],
    })
    await proc.exited
  } finally {
    removeTree(dir)
  }
}

/** The wrapper chain runs at all (phicode reachable by the sandbox uid): fail at start, not per request. */
export async function selfTest(prefix: string[], cwd: string): Promise<void> {
  const proc = Bun.spawn([...prefix, ...selfCommand(), '--version'], { cwd, env: { PATH: SYSTEM_PATH.join(':') }, stdout: 'ignore', stderr: 'pipe' })
  const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited])
  if (code !== 0) {
    throw new PhicodeError(`the execution sandbox does not work here: ${stderr.trim().split('\n')[0] || `exit code ${code}`}`, EXIT.UNAVAILABLE)
  }
}
