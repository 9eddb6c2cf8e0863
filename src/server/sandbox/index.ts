import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Interpreter } from '../../runtime/types'
import type { SandboxMode, ServerOptions } from '../types'
import { removeTree } from './_remove'
import { commandPrefix, createRunner, type Job, type Outcome, type Wrapping } from './_run'
import { primeInterpreterCache, reachablePython, requireSearchable, selfTest } from './_setup'
import { sandboxTools } from './detect'
import { describeIsolation, detectIsolation, type IsolationReport, readOnlyPaths } from './isolation'
import { claimUidBlock, type UidBlock } from './uid'
import { tempRoot } from '../../util/os'
import { loadConfig } from '../../config/load'
import { transpile } from '../../transpile/convert'
import { TranspileError } from '../../transpile/error'
import type { Dialect } from '../../transpile/types'
import { createWarmPool, type PoolStats, type WarmPool, ZYGOTE_CAPS } from './_warm'

export type { PoolStats } from './_warm'



export interface Sandbox {
  readonly mode: SandboxMode
  readonly python: Interpreter | undefined
  readonly isolation: IsolationReport
  /** Runs one job in execution slot `slot` (0 ≤ slot < concurrency); the slot is free again once `settled`. */
  run(job: Job, slot: number, signal: AbortSignal): Promise<Outcome>
  /** Kills every running execution and waits until they are cleaned up. */
  killAll(): Promise<void>
  /** The warm slots' zygotes per language (sizes, states, hits, misses, restarts), for /metrics and /ready; empty without warm slots. */
  poolStats(): PoolStats[]
  /** Removes the work directory and gives the uid block back. */
  close(): void
}

/**
 * Where submitted code runs: a child phicode per request in a fresh directory, killed with its
 * whole process tree at the time limit or when it ends, with a scrubbed environment and process,
 * file-size (and, for Python, memory and CPU) limits. Under root each slot runs as its own uid.
 */
export async function createSandbox(options: ServerOptions, configText: string | undefined): Promise<Sandbox> {
  const { limits, sandbox: mode } = options
  const tools = sandboxTools()
  const workRoot = mkdtempSync(join(tempRoot(), 'phicode-api-'))
  let block: UidBlock | undefined
  let pool: WarmPool | undefined
  const isolation = await detectIsolation(options)
  try {
    if (mode === 'uid') {
      chmodSync(workRoot, 0o711)
      requireSearchable(dirname(workRoot))
      block = await claimUidBlock(options.uidBase, limits.concurrency, tools!)
    }
    const childHome = join(workRoot, 'home')
    mkdirSync(childHome, { mode: 0o755 })
    const wrapFor = (python: Interpreter | undefined): Wrapping => ({ tools, limits, isolation, readOnly: readOnlyPaths(python), home: childHome })
    const firstSlot = (python: Interpreter | undefined) => commandPrefix(wrapFor(python), { slot: 0, uid: block?.uids[0], nproc: 0, dir: workRoot })
    await selfTest(firstSlot(undefined), workRoot)
    const python = await reachablePython(options.cwd, firstSlot, workRoot)
    await primeInterpreterCache(childHome, python, workRoot)
    if (python && block && isolation.bwrap && process.env.PHICODE_API_WARM !== 'off') {
      const wrapping = wrapFor(python)
      pool = createWarmPool({
        slots: limits.concurrency,
        python,
        prefix: (slot) => commandPrefix(wrapping, { slot, uid: undefined, nproc: 0, dir: workRoot, warm: { caps: ZYGOTE_CAPS } }),
      })
      await pool.warmed(10_000)
    }
    const runner = createRunner({ wrapping: wrapFor(python), workRoot, python, uids: block?.uids, configText, warm: pool && { pool, toPlain: plainOf(options.cwd) } })
    return {
      mode,
      python,
      isolation: describeIsolation(isolation, mode === 'uid'),
      run: runner.run,
      killAll: runner.killAll,
      poolStats: () => pool?.stats() ?? [],
      close() {
        runner.close()
        pool?.close()
        // The groups can only go once the killed zygotes have left them.
        isolation.groups?.awaitEmpty(2000)
        block?.release()
        isolation.groups?.remove()
        removeTree(workRoot)
      },
    }
  } catch (error) {
    pool?.close()
    isolation.groups?.awaitEmpty(2000)
    block?.release()
    isolation.groups?.remove()
    removeTree(workRoot)
    throw error
  }
}

/**
 * A job's code as the zygote's child runs it: plain code as it is, φ converted with the server
 * project's symbols (what a cold run's phicode would do; lines never move); undefined when it
 * does not convert, so that the cold run reports the error as phicode does.
 */
function plainOf(cwd: string): (source: string, file: string, dialect: Dialect) => string | undefined {
  const { tables } = loadConfig(cwd)
  return (source, file, dialect) => {
    if (!file.endsWith('.φ') && !file.endsWith('.phi')) return source
    try {
      return transpile(source, { table: tables[dialect], filename: file })
    } catch (error) {
      if (error instanceof TranspileError) return undefined
      throw error
    }
  }
}
