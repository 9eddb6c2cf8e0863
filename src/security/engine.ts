import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { phicodeHome } from '../util/home'
import type { EngineVerdict } from './types'
import { envNumber } from '../config/env'
import { errnoOf } from '../errors'
import { noteProbe } from '../util/probes'
import { whichNoted } from '../util/which'

type Env = Record<string, string | undefined>

const ENGINE_NAME = process.platform === 'win32' ? 'phimmuno-engine.exe' : 'phimmuno-engine'

/** Where `--security-install` puts the engine: `$PHICODE_HOME/bin`. */
export const engineInstallPath = (env: Env = process.env): string => join(phicodeHome(env), 'bin', ENGINE_NAME)

/** The installed phimmuno-engine: phicode's own bin directory first, then PATH. */
export function findEngine(env: Env = process.env): string | undefined {
  const own = engineInstallPath(env)
  noteProbe(own)
  return existsSync(own) ? own : whichNoted([ENGINE_NAME], env)
}

export function engineTimeoutMs(env: Env = process.env): number {
  return envNumber('PHICODE_PHIMMUNO_TIMEOUT_MS', 2000, { min: 1, integer: false }, env)
}

/**
 * The engine's protocol: the source on stdin; exit 0 = clean, exit 1 = threat (first line of
 * stdout says why), anything else, a crash or no answer within `timeoutMs` = the check failed.
 */
export async function runEngine(path: string, source: string, timeoutMs: number): Promise<EngineVerdict> {
  let proc: Bun.Subprocess<Blob, 'pipe', 'ignore'>
  try {
    proc = Bun.spawn([path], { stdin: new Blob([source]), stdout: 'pipe', stderr: 'ignore', timeout: timeoutMs, killSignal: 'SIGKILL' })
  } catch (error) {
    return { status: 'failed', reason: `${path} could not be started (${errnoOf(error) ?? 'error'})` }
  }
  const [stdout, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited])
  const said = stdout.trim().split('\n')[0]?.slice(0, 200) ?? ''
  if (proc.signalCode) return { status: 'failed', reason: `phimmuno-engine gave no answer within ${timeoutMs} ms` }
  if (code === 0) return { status: 'clean' }
  if (code === 1) return { status: 'threat', reason: said || 'phimmuno-engine reported a threat' }
  return { status: 'failed', reason: `phimmuno-engine failed with exit code ${code}${said ? `: ${said}` : ''}` }
}
