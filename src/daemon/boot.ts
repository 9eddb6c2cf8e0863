import { existsSync, readFileSync } from 'node:fs'
import { EXIT, PhicodeError } from '../errors'
import { writeFileAtomicSync } from '../util/atomic-write'
import { dumpPath } from './_paths'
import { startDaemon } from './control'
import { daemonNames, readState, supervisorAlive } from './state'
import { ACTIVE_STATUSES, type DaemonSpec, type DaemonView } from './types'

/** The saved set: every daemon that ran when `--phiemon-save` was given, with its full spec (environment included). */
interface Dump {
  format: 1
  savedAt: string
  daemons: DaemonSpec[]
}

export interface SaveResult {
  path: string
  /** The daemons recorded, by name. */
  saved: string[]
  /** Daemons left out because they were not running (stopped, exited, errored, dead). */
  skipped: string[]
}

/**
 * Records every daemon whose supervisor is alive now, replacing what was saved before (pm2
 * `save`). Written for its owner only: the specs hold the daemons' environments.
 */
export function saveDaemons(): SaveResult {
  const saved: DaemonSpec[] = []
  const skipped: string[] = []
  for (const name of daemonNames()) {
    const state = readState(name)
    if (!state) continue
    if (supervisorAlive(state) && ACTIVE_STATUSES.includes(state.status)) saved.push(state.spec)
    else skipped.push(name)
  }
  const dump: Dump = { format: 1, savedAt: new Date().toISOString(), daemons: saved }
  writeFileAtomicSync(dumpPath(), JSON.stringify(dump, null, 2) + '\n', { mode: 0o600 })
  return { path: dumpPath(), saved: saved.map((s) => s.name), skipped }
}

function readDump(): Dump {
  const path = dumpPath()
  if (!existsSync(path)) throw new PhicodeError(`nothing saved: ${path} does not exist (phicode --phiemon-save records the daemons running now)`, EXIT.NOT_FOUND)
  let dump: Dump
  try {
    dump = JSON.parse(readFileSync(path, 'utf8')) as Dump
  } catch (error) {
    throw new PhicodeError(`${path} is not valid JSON (${(error as Error).message}); save again with phicode --phiemon-save`, EXIT.CONFIG)
  }
  if (dump.format !== 1 || !Array.isArray(dump.daemons)) throw new PhicodeError(`${path}: unknown format; save again with phicode --phiemon-save`, EXIT.CONFIG)
  return dump
}

export interface ResurrectResult {
  name: string
  /** `started` now, `running` already (left alone), or `failed` (`error` says why). */
  outcome: 'started' | 'running' | 'failed'
  pid: number | null
  error: string | null
}

/**
 * Starts every saved daemon that is not running, each from its saved spec and environment
 * (pm2 `resurrect`); one that fails to start does not keep the others from starting.
 */
export async function resurrectDaemons(): Promise<ResurrectResult[]> {
  const { daemons } = readDump()
  return Promise.all(
    daemons.map(async (spec): Promise<ResurrectResult> => {
      const state = readState(spec.name)
      if (state && supervisorAlive(state)) return { name: spec.name, outcome: 'running', pid: state.child?.pid ?? null, error: null }
      try {
        const view: DaemonView = await startDaemon(spec)
        return { name: spec.name, outcome: 'started', pid: view.pid, error: null }
      } catch (error) {
        return { name: spec.name, outcome: 'failed', pid: null, error: (error as Error).message }
      }
    }),
  )
}
