import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { EXIT, PhicodeError } from '../../errors'
import { listProcesses } from '../../util/proc'
import type { SandboxTools } from './detect'
import { pidExists } from '../../util/proc'
import { namespaceGone, pidNamespace } from './_procs'

/** uids per block: one block per running server, one uid per execution slot. */
const BLOCK_SIZE = 1000
const BLOCKS = 64

export interface UidBlock {
  uids: number[]
  release(): void
}

function lockDir(): string {
  for (const dir of ['/run/phicode-api', '/tmp/phicode-api-locks']) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      return dir
    } catch {
      // /run may be missing or read-only: the next directory is tried.
    }
  }
  throw new PhicodeError('no writable directory for the sandbox uid locks (/run/phicode-api, /tmp/phicode-api-locks)', EXIT.CANT_WRITE)
}

function tryLock(file: string): boolean {
  try {
    const fd = openSync(file, 'wx', 0o600)
    writeSync(fd, `${process.pid} ${pidNamespace()}`)
    closeSync(fd)
    return true
  } catch {
    return false
  }
}

/**
 * Claims a block of uids no other phicode server holds, so killing "every process of uid U"
 * only ever reaches this server's executions. A lock left by a dead server of this PID namespace,
 * or of a namespace that no longer exists, is taken over, and anything still running under its
 * uids is killed first.
 */
export async function claimUidBlock(base: number, slots: number, tools: SandboxTools): Promise<UidBlock> {
  if (slots > BLOCK_SIZE) throw new PhicodeError(`PHICODE_API_CONCURRENCY can be at most ${BLOCK_SIZE} in uid mode`, EXIT.USAGE)
  const dir = lockDir()
  for (let block = 0; block < BLOCKS; block++) {
    const file = join(dir, `uids-${base}-${block}.lock`)
    if (!tryLock(file)) {
      // The owner's pid, and its PID namespace: another namespace's pid cannot be checked from here,
      // so its lock holds while that namespace may still exist.
      const [pid, namespace] = readFileSync(file, 'utf8').trim().split(' ')
      const owner = Number(pid)
      const elsewhere = namespace !== undefined && namespace !== pidNamespace()
      if (elsewhere ? !namespaceGone(namespace) : owner > 0 && pidExists(owner)) continue
      rmSync(file, { force: true })
      if (!tryLock(file)) continue
    }
    const uids = Array.from({ length: slots }, (_, k) => base + block * BLOCK_SIZE + k)
    for (const uid of uids) await killAllOf(uid, tools)
    return { uids, release: () => rmSync(file, { force: true }) }
  }
  throw new PhicodeError(`all ${BLOCKS} sandbox uid blocks from ${base} are in use by other phicode servers`, EXIT.UNAVAILABLE)
}

/** setpriv's arguments that make the rest of the command line run as `uid`, with no privileges left. */
export const dropTo = (tools: SandboxTools, uid: number): string[] => [
  tools.setpriv, `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--no-new-privs', '--inh-caps=-all', '--bounding-set=-all', '--',
]

export interface Swept {
  /** No live process of the uid is left. */
  clean: boolean
  /** Killed processes not reaped yet (they still count against RLIMIT_NPROC). */
  zombies: number
}

/**
 * Kills every process of `uid`, wherever it went (setsid, double fork, reparented to init).
 * kill(-1) sent *as that uid* is atomic against fork; the /proc check confirms, because kill(-1)
 * reports success even when it found nothing. The shell refuses to run as anyone but `uid`.
 */
export async function killAllOf(uid: number, tools: SandboxTools): Promise<Swept> {
  if (!(uid > 0)) throw new Error(`refusing to kill all processes of uid ${uid}`)
  const script = `test "$(id -u)" = ${uid} || exit 3; kill -KILL -1`
  for (let round = 0; round < 100; round++) {
    const mine = listProcesses().filter((p) => p.uid === uid)
    const left = mine.filter((p) => p.state !== 'Z')
    if (left.length === 0) return { clean: true, zombies: mine.length }
    const killer = Bun.spawn([...dropTo(tools, uid), tools.sh, '-c', script], { stdio: ['ignore', 'ignore', 'ignore'], env: { PATH: '/usr/bin:/bin' } })
    for (const p of left) {
      try {
        process.kill(p.pid, 'SIGKILL')
      } catch {
        // Already gone (ESRCH): the loop looks again until none is left.
      }
    }
    await killer.exited
    if (round > 0) await Bun.sleep(Math.min(50, 2 * round))
  }
  return { clean: false, zombies: 0 }
}

/**
 * Waits (up to `ms`, or until `signal`) until `uid` has at most `zombies` processes left, all of
 * them dead: killed orphans are reaped by init, which may take seconds, and until then each one
 * still counts against RLIMIT_NPROC. A few do not matter; a fork bomb's hundred do.
 */
export async function awaitReaped(uid: number, zombies: number, ms: number, signal: AbortSignal): Promise<boolean> {
  const deadline = performance.now() + ms
  for (;;) {
    const left = listProcesses().filter((p) => p.uid === uid)
    if (left.length <= zombies && left.every((p) => p.state === 'Z')) return true
    if (performance.now() > deadline || signal.aborted) return false
    await Bun.sleep(50)
  }
}
