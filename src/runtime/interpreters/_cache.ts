import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { writeFileAtomicSync } from '../../util/atomic-write'
import { phicodeHome } from '../../util/home'
import type { Interpreter } from '../types'
import { noteProbe } from '../../util/probes'

/**
 * Probe results survive between runs, so a pyenv shim (about 0.5 s per start) is resolved once.
 * An entry is trusted while the candidate file, the real executable and, for shims, the version
 * selection (PYENV_VERSION, pyenv's global version file, the nearest .python-version) are unchanged.
 */
interface CacheFile {
  /** `<probe>:<candidate>`: a file asked for as Node and as Python has two answers. */
  [entry: string]: { key: string; real: string; interpreter: Interpreter }
}

const cacheFile = () => join(phicodeHome(), 'interpreters.json')

function fingerprint(path: string): string {
  noteProbe(path, 'program')
  try {
    const st = statSync(path)
    return `${st.mtimeMs}:${st.size}`
  } catch {
    return 'missing'
  }
}

/** A shim is a script: two bytes tell, without reading a 100 MB binary. */
function isScript(path: string): boolean {
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    const head = Buffer.alloc(2)
    return readSync(fd, head, 0, 2, 0) === 2 && head.toString() === '#!'
  } catch {
    return false
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

function nearest(start: string, names: string[]): string {
  for (let dir = start; ; dir = dirname(dir)) {
    for (const name of names) if (fingerprint(join(dir, name)) !== 'missing') return join(dir, name) + fingerprint(join(dir, name))
    if (dirname(dir) === dir) return ''
  }
}

function selectionKey(candidate: string, cwd: string): string {
  if (!isScript(candidate)) return ''
  const pyenvRoot = process.env.PYENV_ROOT ?? join(dirname(dirname(candidate)))
  return [
    process.env.PYENV_VERSION ?? '',
    fingerprint(join(pyenvRoot, 'version')),
    nearest(cwd, ['.python-version', '.tool-versions', '.node-version', '.nvmrc']),
  ].join('|')
}

function readCache(): CacheFile {
  try {
    return JSON.parse(readFileSync(cacheFile(), 'utf8')) as CacheFile
  } catch {
    return {}
  }
}

/** `probe`'s answer for `candidate`, remembered under the probe's name `as` (`python`, `node`, `any`). */
export function cachedProbe(candidate: string, cwd: string, as: string, probe: (path: string) => Interpreter | undefined): Interpreter | undefined {
  const key = `${fingerprint(candidate)}|${selectionKey(candidate, cwd)}`
  const cache = readCache()
  const entry = `${as}:${candidate}`
  const hit = cache[entry]
  if (hit && hit.key === key && hit.real === fingerprint(hit.interpreter.path)) return hit.interpreter
  const interpreter = probe(candidate)
  if (!interpreter) return undefined
  cache[entry] = { key, real: fingerprint(interpreter.path), interpreter }
  try {
    writeFileAtomicSync(cacheFile(), JSON.stringify(cache, null, 2))
  } catch {
    // A read-only home only costs the probe on the next start.
  }
  return interpreter
}
