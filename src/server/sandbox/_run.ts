import { log } from '../../util/log'
import { chmodSync, chownSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'
import type { Interpreter } from '../../runtime/types'
import type { Dialect } from '../../transpile/types'
import { PLATFORM, PLATFORM_ENV } from '../../util/platform'
import { selfCommand } from '../../util/self'
import { within } from '../_time'
import type { ExecuteResponse, ServerLimits } from '../types'
import { captureOutput } from './_output'
import { processesWithMarker, tasksOf } from './_procs'
import { removeTree } from './_remove'
import { SYSTEM_PATH } from './_setup'
import type { SandboxTools } from './detect'
import { type Isolation, OWN_TASKS, RLIMIT_AS } from './isolation'
import { viewArgs } from './_view'
import type { WarmEnd, WarmPool } from './_warm'
import { awaitReaped, dropTo, killAllOf, type Swept } from './uid'

export interface Job {
  code: string
  file: string
  /** Pins the interpreter, hence the dialect the code was scanned as. */
  flag: '--cpython' | '--bun'
  stdin: string
  args: string[]
  timeoutMs: number
}

export interface RunnerParts {
  wrapping: Wrapping
  workRoot: string
  python: Interpreter | undefined
  /** The uid of each slot, in uid mode. */
  uids: number[] | undefined
  configText: string | undefined
  /** A warm zygote per slot (uid mode with bubblewrap only), and how a job's φ source becomes plain code. */
  warm?: { pool: WarmPool; toPlain(source: string, file: string, dialect: Dialect): string | undefined }
}

/** Longest a slot waits for its killed processes to be reaped before it is used again. */
const SETTLE_MS = 10_000

/** Unreaped processes a slot may carry into its next job: a few of phicode's headroom. */
const ZOMBIES_OK = OWN_TASKS / 4

/** Joins the cgroups named by its first `$1` arguments, then runs the rest: limits hold from the first instruction. */
const JOIN = 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n - 1)); done; exec "$@"'

/** How an execution's command is wrapped, the same for every job of a server. */
export interface Wrapping {
  tools: SandboxTools | undefined
  limits: ServerLimits
  isolation: Isolation
  /** Read-only in every view: phicode and the interpreters. */
  readOnly: string[]
  /** The children's PHICODE_HOME. */
  home: string
}

export interface Slot {
  slot: number
  uid: number | undefined
  /** RLIMIT_NPROC budget; 0 leaves it off. */
  nproc: number
  /** The execution's directory, read-write in its view. */
  dir: string
  cpuSeconds?: number
  /** A warm slot's first process: `dir` is a tmpfs in its view, and it keeps these capabilities. */
  warm?: { caps: string[] }
}

/**
 * prlimit (Linux) for every language; then the slot's cgroups, the bubblewrap view, and setpriv
 * to the slot's uid under root, each where this host has it.
 */
export function commandPrefix(w: Wrapping, s: Slot): string[] {
  const { tools, limits, isolation } = w
  if (!tools) return []
  const cap = [`--fsize=${limits.fileBytes || 'unlimited'}`, '--core=0']
  if (s.nproc > 0) cap.push(`--nproc=${s.nproc + OWN_TASKS}`)
  if (s.cpuSeconds !== undefined) cap.push(`--cpu=${s.cpuSeconds}`)
  const prefix = [tools.prlimit, ...cap, '--']
  if (isolation.groups) {
    const files = isolation.groups.procsFiles(s.slot)
    prefix.push(tools.sh, '-c', JOIN, 'sh', String(files.length), ...files)
  }
  if (isolation.bwrap) {
    prefix.push(...viewArgs(isolation.bwrap, { dir: s.dir, home: w.home, readOnly: w.readOnly, network: isolation.hostNetwork, userNamespace: isolation.userNamespace, warm: s.warm }))
  }
  if (s.uid !== undefined) prefix.push(...dropTo(tools, s.uid))
  return prefix
}

/** Why a run failed, for `error` when the program wrote nothing on stderr. */
function failure(reason: 'timeout' | 'output' | 'aborted' | undefined, exitCode: number | null, signal: string | null, timeoutMs: number, outputBytes: number): string {
  if (reason === 'timeout') return `timed out after ${timeoutMs} ms`
  if (reason === 'output') return `output passed the ${outputBytes}-byte limit; the program was stopped`
  if (reason === 'aborted') return 'the client went away; the program was stopped'
  return exitCode === null ? `killed by ${signal}` : `exited with code ${exitCode}`
}

/** The response to a job from how it ended. */
function respond(job: Job, limits: ServerLimits, end: { reason: 'timeout' | 'output' | 'aborted' | undefined; overMemory: boolean; code: number | null; signal: string | null; seconds: number; stdout: string; stderr: string; truncated: boolean }): ExecuteResponse {
  const { reason, overMemory, stderr } = end
  const exitCode = reason || overMemory ? null : end.code
  const ended = reason || overMemory ? 'SIGKILL' : end.signal
  return {
    success: exitCode === 0,
    output: end.stdout,
    stderr,
    error: exitCode === 0 ? null : overMemory && !reason ? 'memory limit exceeded' : stderr || failure(reason, exitCode, ended, job.timeoutMs, limits.outputBytes),
    exit_code: exitCode,
    execution_time: end.seconds,
    timed_out: reason === 'timeout',
    truncated: end.truncated,
    signal: ended,
  }
}

export interface Outcome {
  response: ExecuteResponse
  /**
   * Resolves when the slot may run the next job: in uid mode once its killed processes are
   * reaped, but for a few (a zombie still counts against RLIMIT_NPROC; init may take seconds).
   */
  settled: Promise<void>
}

export interface Runner {
  run(job: Job, slot: number, signal: AbortSignal): Promise<Outcome>
  /** Kills every running execution and waits until they are cleaned up. */
  killAll(): Promise<void>
  /** Stops waiting for slots to settle (the server is going away). */
  close(): void
}

interface Running {
  stop(why: 'timeout' | 'output' | 'aborted'): void
  done: Promise<unknown>
}

/** Runs jobs: one child phicode each, its tree killed and its directory removed when it ends. */
export function createRunner(parts: RunnerParts): Runner {
  const { wrapping, workRoot, python, uids, configText } = parts
  const { limits, tools, isolation, home: childHome } = wrapping
  const running = new Set<Running>()
  /** Slots whose last sweep left something alive. */
  const dirty = new Set<number>()
  const closing = new AbortController()
  const uidOf = (slot: number) => uids?.[slot]
  const myUid = process.getuid?.() ?? -1

  /**
   * RLIMIT_NPROC counts every task of the uid. A sandbox uid starts from none; an ordinary user's
   * own processes are counted in, so the budget is on top of what they already run.
   */
  const processBudget = (slot: number): number => {
    // Off Linux the user's tasks cannot be counted (no /proc): a budget below their count would
    // leave an execution unable to start any process, so there is none (README, "Platforms").
    if (limits.processes === 0 || (uidOf(slot) === undefined && PLATFORM !== 'linux')) return 0
    return uidOf(slot) !== undefined ? limits.processes : tasksOf(myUid) + limits.processes
  }

  function prepare(job: Job, uid: number | undefined): string {
    const dir = mkdtempSync(join(workRoot, 'exec-'))
    writeFileSync(join(dir, job.file), job.code)
    // A project root of its own, so no config above the temp directory applies; the server's one does.
    mkdirSync(join(dir, '.(φ)'))
    if (configText !== undefined) writeFileSync(join(dir, '.(φ)', 'config.json'), configText)
    if (uid !== undefined) {
      for (const path of [dir, join(dir, job.file), join(dir, '.(φ)'), ...(configText === undefined ? [] : [join(dir, '.(φ)', 'config.json')])]) {
        chownSync(path, uid, uid)
      }
      chmodSync(dir, 0o700)
    }
    return dir
  }

  function childEnv(dir: string, marker: string, job: Pick<Job, 'timeoutMs'>, nproc: number): Record<string, string> {
    const env: Record<string, string> = {
      PATH: [...(python ? [dirname(python.path)] : []), ...SYSTEM_PATH].join(':'),
      HOME: dir,
      TMPDIR: dir,
      LANG: 'C.UTF-8',
      TERM: 'dumb',
      NO_COLOR: '1',
      PHICODE_HOME: childHome,
      PHICODE_SLOW_START_MS: '3600000',
      PHICODE_EXEC_ID: marker,
      // Each execution has a fresh directory, so a cache would only be written, never read; and a
      // cache shared between executions would let one request plant code for another.
      PHICODE_CACHE: 'off',
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONIOENCODING: 'utf-8',
      ...PLATFORM_ENV,
      // Applied by the Python bootstrap (src/runtime/python/bootstrap.py) before the module runs;
      // the address-space cap only where no memory cgroup holds every language to a real ceiling.
      PHICODE_RLIMITS: [
        `cpu=${Math.ceil(job.timeoutMs / 1000) + 1}`,
        ...(isolation.groups || !RLIMIT_AS ? [] : [`as=${limits.memoryBytes}`]),
        `fsize=${limits.fileBytes}`,
        `nproc=${nproc}`,
      ].join(','),
    }
    if (python) env.PHITON_PATH = python.path
    return env
  }

  /** Kills what is left of an execution; false when something survived. */
  async function sweep(pid: number, uid: number | undefined, marker: string): Promise<Swept> {
    killGroup(pid)
    if (uid !== undefined) return killAllOf(uid, tools!)
    // Without a uid of its own, a process that left the group (setsid) is found by the marker
    // in its environment; one that also cleared its environment escapes (docs/api.md).
    for (let round = 0; round < 20; round++) {
      const left = processesWithMarker(`PHICODE_EXEC_ID=${marker}`, myUid)
      if (left.length === 0) return { clean: true, zombies: 0 }
      for (const p of left) {
        try {
          process.kill(p, 'SIGKILL')
        } catch {
          // Already gone (ESRCH): the loop looks again until none is left.
        }
      }
      await Bun.sleep(5)
    }
    return { clean: false, zombies: 0 }
  }

  /**
   * What a TypeScript job's zygote child becomes (Bun cannot fork, so it execs): `bun main.ts`,
   * reading no .env or bunfig (as under phicode). The executable is Bun itself: this binary as the
   * Bun CLI (BUN_BE_BUN) when compiled, the running Bun from source, never phicode's entry script,
   * which the job's fresh /tmp hides when the checkout lies there. A φ file holds the converted
   * code under its own name, read as TSX, as phicode reads every φ file (JSX included): errors
   * name main.φ and its lines.
   */
  function bunCommand(job: Job, env: Record<string, string>): string[] {
    env.BUN_BE_BUN = '1'
    const loader = job.file.endsWith('.ts') ? [] : [`--loader=${extname(job.file)}:tsx`]
    return [process.execPath, '--no-env-file', '--config=/dev/null', ...loader, job.file, ...job.args]
  }

  /**
   * A job on the slot's zygote (`_warm.ts`); undefined when it cannot take it, or died
   * before the job ended: then the job runs cold, from the start.
   */
  async function runWarm(job: Job, slot: number, uid: number, signal: AbortSignal): Promise<Outcome | undefined> {
    if (!parts.warm) return undefined
    const bun = job.flag === '--bun'
    const code = parts.warm.toPlain(job.code, job.file, bun ? 'typescript' : 'python')
    if (code === undefined) return undefined
    const dir = join(workRoot, `exec-${hex(6)}`)
    const nproc = processBudget(slot)
    const env = childEnv(dir, hex(12), job, nproc)
    const rlimits: Record<string, number> = { core: 0, cpu: Math.ceil(job.timeoutMs / 1000) + 1 }
    if (limits.fileBytes > 0) rlimits.fsize = limits.fileBytes
    if (!bun) {
      delete env.PHICODE_RLIMITS
      delete env.PHITON_PATH
      if (!isolation.groups) rlimits.as = limits.memoryBytes
    }
    // The Bun process runs a TypeScript program in-process: its own tasks count too.
    if (nproc > 0) rlimits.nproc = bun ? nproc + OWN_TASKS : nproc
    const exec = bun ? bunCommand(job, env) : undefined
    const files: Record<string, string | null> = bun ? { '.(φ)': null, ...(configText === undefined ? {} : { '.(φ)/config.json': configText }) } : {}
    let reason: 'timeout' | 'output' | 'aborted' | undefined
    let kill = () => {}
    const stop = (why: NonNullable<typeof reason>) => {
      reason ??= why
      kill()
    }
    const output = captureOutput(limits.outputBytes, () => stop('output'))
    const ooms = isolation.groups?.oomKills(slot) ?? 0
    const started = performance.now()
    const warm = parts.warm.pool.run(slot, bun ? 'typescript' : 'python', {
      // Python tracebacks read the φ source from the file; Bun runs what is in it.
      uid, dir, file: job.file, source: bun ? code : job.code, code, args: job.args, stdin: job.stdin, env, limits: rlimits, exec, files,
      // The directory's parents and /tmp: empty and private to the job, gone with its namespace.
      fresh: dir.startsWith('/tmp/') ? ['/tmp'] : ['/tmp', workRoot],
    }, output.push)
    if (!warm) return undefined
    kill = warm.kill
    const timer = setTimeout(() => stop('timeout'), job.timeoutMs)
    const onAbort = () => stop('aborted')
    signal.addEventListener('abort', onAbort, { once: true })
    const entry: Running = { stop, done: warm.ended }
    running.add(entry)
    let end: WarmEnd | 'lost'
    try {
      end = await warm.ended
    } finally {
      running.delete(entry)
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
    }
    const seconds = Math.round(performance.now() - started) / 1000
    const overMemory = isolation.groups !== undefined && isolation.groups.oomKills(slot) > ooms
    if (end === 'lost') {
      // The namespace went with the zygote; this confirms nothing of the uid survived it.
      if (!(await killAllOf(uid, tools!)).clean) dirty.add(slot)
      // Run again only what nothing stopped: cgroup v2 kills the whole slot group, zygote too, at the memory ceiling.
      if (reason === undefined && !overMemory) return undefined
      end = { code: null, signal: 9, clean: true, zombies: 0 }
    }
    if (!end.clean) {
      dirty.add(slot)
      log.error(`an execution in slot ${slot} left processes that survived SIGKILL`)
    }
    const status = { code: end.code, signal: end.signal === null ? null : signalName(end.signal) }
    const response = respond(job, limits, { reason, overMemory, ...status, seconds, stdout: output.text('stdout'), stderr: output.text('stderr'), truncated: output.truncated })
    return { response, settled: end.zombies <= ZOMBIES_OK ? Promise.resolve() : reaped(uid) }
  }

  async function run(job: Job, slot: number, signal: AbortSignal): Promise<Outcome> {
    const uid = uidOf(slot)
    // A slot starts empty even if its last sweep was defeated (a process stuck in the kernel).
    if (uid !== undefined && dirty.has(slot) && (await killAllOf(uid, tools!)).clean) dirty.delete(slot)
    if (uid !== undefined && !dirty.has(slot) && parts.warm) {
      const warm = await runWarm(job, slot, uid, signal)
      if (warm) return warm
      parts.warm.pool.missed(job.flag === '--bun' ? 'typescript' : 'python')
    }
    const dir = prepare(job, uid)
    const marker = hex(12)
    const nproc = processBudget(slot)
    let reason: 'timeout' | 'output' | 'aborted' | undefined
    let entry: Running | undefined
    try {
      const ooms = isolation.groups?.oomKills(slot) ?? 0
      const started = performance.now()
      const prefix = commandPrefix(wrapping, { slot, uid, nproc, dir, cpuSeconds: Math.ceil(job.timeoutMs / 1000) + 1 })
      const proc = Bun.spawn([...prefix, ...selfCommand(), '--bypass', job.flag, '--', job.file, ...job.args], {
        cwd: dir,
        env: childEnv(dir, marker, job, nproc),
        stdin: job.stdin === '' ? 'ignore' : new Blob([job.stdin]),
        stdout: 'pipe',
        stderr: 'pipe',
        detached: true,
      })
      const stop = (why: NonNullable<typeof reason>) => {
        reason ??= why
        killGroup(proc.pid)
      }
      const output = captureOutput(limits.outputBytes, () => stop('output'))
      const drains = [output.drain('stdout', proc.stdout), output.drain('stderr', proc.stderr)]
      const timer = setTimeout(() => stop('timeout'), job.timeoutMs)
      const onAbort = () => stop('aborted')
      signal.addEventListener('abort', onAbort, { once: true })
      entry = { stop, done: proc.exited }
      running.add(entry)
      await proc.exited
      const seconds = Math.round(performance.now() - started) / 1000
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      const swept = await sweep(proc.pid, uid, marker)
      if (!swept.clean) {
        dirty.add(slot)
        log.error(`an execution in slot ${slot} left processes that survived SIGKILL`)
      }
      // Every holder of the pipes is dead now, so they close; the bound covers an escaped holder.
      if (!(await within(Promise.all(drains), 500))) output.cancel()
      await Promise.all(drains)
      // The kernel killed a process of the slot's group at its memory ceiling: whatever the
      // wrapper then reported, the program was stopped for its memory.
      const overMemory = isolation.groups !== undefined && isolation.groups.oomKills(slot) > ooms
      const status = isolation.bwrap ? unwrapStatus(proc.exitCode, proc.signalCode === null ? null : String(proc.signalCode)) : { code: proc.exitCode, signal: proc.signalCode === null ? null : String(proc.signalCode) }
      const response = respond(job, limits, { reason, overMemory, ...status, seconds, stdout: output.text('stdout'), stderr: output.text('stderr'), truncated: output.truncated })
      return { response, settled: uid === undefined || swept.zombies <= ZOMBIES_OK ? Promise.resolve() : reaped(uid) }
    } finally {
      if (entry) running.delete(entry)
      removeTree(dir)
    }
  }

  async function reaped(uid: number): Promise<void> {
    if (!(await awaitReaped(uid, ZOMBIES_OK, SETTLE_MS, closing.signal)) && !closing.signal.aborted) log.warn(`sandbox uid ${uid}: killed processes still unreaped after ${SETTLE_MS} ms`)
  }

  return {
    run,
    async killAll() {
      const all = [...running]
      for (const r of all) r.stop('aborted')
      await Promise.allSettled(all.map((r) => r.done))
    },
    close: () => closing.abort(),
  }
}

/**
 * bubblewrap exits with 128 + n when its child was killed by signal n, as shells and container
 * runtimes do, and passes on nothing more: such a code is read back as the signal.
 */
function unwrapStatus(code: number | null, signal: string | null): { code: number | null; signal: string | null } {
  if (signal !== null || code === null || code <= 128 || code >= 128 + 32) return { code, signal }
  const name = signalName(code - 128)
  return name.startsWith('SIG') ? { code: null, signal: name } : { code, signal }
}

/** SIGKILL for 9; the number itself when the platform has no name for it. */
function signalName(n: number): string {
  // Required here: a static import would load node:os on every start of phicode.
  const { signals } = (require('node:os') as typeof import('node:os')).constants
  return Object.keys(signals).find((k) => signals[k as keyof typeof signals] === n) ?? String(n)
}

const hex = (bytes: number): string => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('hex')

/** Windows has no process groups: the child phicode itself is ended, not what it started (README, platform table). */
function killGroup(pid: number): void {
  try {
    process.kill(PLATFORM === 'win32' ? pid : -pid, 'SIGKILL')
  } catch {
    // The group is already empty.
  }
}
