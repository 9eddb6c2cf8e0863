import { randomBytes } from 'node:crypto'
import { chmodSync, chownSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { EXIT, PhicodeError } from '../../errors'
import { consola } from 'consola'
import { explicitInterpreter, findInterpreter } from '../../runtime/interpreters/discover'
import type { Interpreter } from '../../runtime/types'
import { selfCommand } from '../../util/self'
import type { ExecuteResponse, SandboxMode, ServerOptions } from '../types'
import { within } from '../_time'
import { removeTree } from './_remove'
import { captureOutput } from './_output'
import { processesWithMarker, tasksOf } from './_procs'
import { sandboxTools, type SandboxTools } from './detect'
import { claimUidBlock, dropTo, killAllOf, type UidBlock } from './uid'

export interface Job {
  code: string
  file: string
  /** Pins the interpreter, hence the dialect the code was scanned as. */
  flag: '--cpython' | '--bun'
  stdin: string
  args: string[]
  timeoutMs: number
}

export interface Sandbox {
  readonly mode: SandboxMode
  readonly python: Interpreter | undefined
  /** Runs one job in execution slot `slot` (0 ≤ slot < concurrency). */
  run(job: Job, slot: number, signal: AbortSignal): Promise<ExecuteResponse>
  /** Kills every running execution and waits until they are cleaned up. */
  killAll(): Promise<void>
  /** Removes the work directory and gives the uid block back. */
  close(): void
}

const SYSTEM_PATH = ['/usr/local/bin', '/usr/bin', '/bin']

interface Running {
  stop(why: 'timeout' | 'output' | 'aborted'): void
  done: Promise<unknown>
}

/**
 * Where submitted code runs: a child phicode per request in a fresh directory, killed with its
 * whole process tree at the time limit or when it ends, with a scrubbed environment and process,
 * file-size (and, for Python, memory and CPU) limits. Under root each slot runs as its own uid.
 */
export async function createSandbox(options: ServerOptions, configText: string | undefined): Promise<Sandbox> {
  const { limits, sandbox: mode } = options
  const tools = mode === 'uid' ? sandboxTools()! : sandboxTools()
  const workRoot = mkdtempSync(join(tmpdir(), 'phicode-api-'))
  let block: UidBlock | undefined
  try {
    if (mode === 'uid') {
      chmodSync(workRoot, 0o711)
      requireSearchable(dirname(workRoot))
      block = await claimUidBlock(options.uidBase, limits.concurrency, tools!)
    }
    const childHome = join(workRoot, 'home')
    mkdirSync(childHome, { mode: 0o755 })
    const firstSlot = commandPrefix(tools, limits, block?.uids[0], 0)
    await selfTest(firstSlot, workRoot)
    const python = await reachablePython(options.cwd, firstSlot, workRoot)
    await primeInterpreterCache(childHome, python, workRoot)
    return build({ options, tools, workRoot, childHome, python, block, configText })
  } catch (error) {
    block?.release()
    removeTree(workRoot)
    throw error
  }
}

/**
 * The Python the server itself would pick, if the sandbox can run it; else the system's. A
 * sandbox uid cannot enter a private home, so ~/.pyenv under a 0700 /root is out of its reach.
 */
async function reachablePython(cwd: string, prefix: string[], workRoot: string): Promise<Interpreter | undefined> {
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
    } catch {}
    if (!python) continue
    first ??= python
    // `test -x` too: the child looks the interpreter up before running it.
    const check = Bun.spawn([...prefix, '/bin/sh', '-c', 'test -x "$0" && exec "$0" -c "import encodings, json, os"', python.path], {
      cwd: workRoot,
      env: { PATH: SYSTEM_PATH.join(':') },
      stdio: ['ignore', 'ignore', 'ignore'],
    })
    if ((await check.exited) === 0) {
      if (python !== first) consola.warn(`Python at ${first.path} cannot be run by the sandbox uids; executions use ${python.path} (${python.version})`)
      return python
    }
  }
  if (first) consola.warn(`Python at ${first.path} cannot be run inside the sandbox; Python executions will fail`)
  return first
}

/** Every ancestor of the work directory must let the sandbox uids pass through it. */
function requireSearchable(dir: string): void {
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
async function primeInterpreterCache(home: string, python: Interpreter | undefined, workRoot: string): Promise<void> {
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
async function selfTest(prefix: string[], cwd: string): Promise<void> {
  const proc = Bun.spawn([...prefix, ...selfCommand(), '--version'], { cwd, env: { PATH: SYSTEM_PATH.join(':') }, stdout: 'ignore', stderr: 'pipe' })
  const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited])
  if (code !== 0) {
    throw new PhicodeError(`the execution sandbox does not work here: ${stderr.trim().split('\n')[0] || `exit code ${code}`}`, EXIT.UNAVAILABLE)
  }
}

interface Parts {
  options: ServerOptions
  tools: SandboxTools | undefined
  workRoot: string
  childHome: string
  python: Interpreter | undefined
  block: UidBlock | undefined
  configText: string | undefined
}

/** prlimit (Linux) for every language; setpriv to the slot's uid under root. */
function commandPrefix(tools: SandboxTools | undefined, limits: ServerOptions['limits'], uid: number | undefined, nproc: number): string[] {
  if (!tools) return []
  const cap = [`--fsize=${limits.fileBytes || 'unlimited'}`, '--core=0']
  if (nproc > 0) cap.push(`--nproc=${nproc}`)
  return [tools.prlimit, ...cap, '--', ...(uid === undefined ? [] : dropTo(tools, uid))]
}

function build(parts: Parts): Sandbox {
  const { options, tools, workRoot, childHome, python, block, configText } = parts
  const { limits } = options
  const running = new Set<Running>()
  const uidOf = (slot: number) => block?.uids[slot]
  const myUid = process.getuid?.() ?? -1

  /**
   * RLIMIT_NPROC counts every task of the uid. A sandbox uid starts from none; an ordinary user's
   * own processes are counted in, so the budget is on top of what they already run.
   */
  const processBudget = (slot: number): number => {
    if (limits.processes === 0) return 0
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

  function childEnv(dir: string, marker: string, job: Job, nproc: number): Record<string, string> {
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
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONIOENCODING: 'utf-8',
      // Applied by the Python bootstrap (src/runtime/python/bootstrap.py) before the module runs.
      PHICODE_RLIMITS: [
        `cpu=${Math.ceil(job.timeoutMs / 1000) + 1}`,
        `as=${limits.memoryBytes}`,
        `fsize=${limits.fileBytes}`,
        `nproc=${nproc}`,
      ].join(','),
    }
    if (python) env.PHITON_PATH = python.path
    return env
  }

  async function sweep(pid: number, uid: number | undefined, marker: string): Promise<void> {
    killGroup(pid)
    if (uid !== undefined) {
      if (!(await killAllOf(uid, tools!))) throw new Error(`processes of sandbox uid ${uid} survived SIGKILL`)
      return
    }
    // Without a uid of its own, a process that left the group (setsid) is found by the marker
    // in its environment; one that also cleared its environment escapes (docs/api.md).
    for (let round = 0; round < 20; round++) {
      const left = processesWithMarker(`PHICODE_EXEC_ID=${marker}`, myUid)
      if (left.length === 0) return
      for (const p of left) {
        try {
          process.kill(p, 'SIGKILL')
        } catch {}
      }
      await Bun.sleep(5)
    }
  }

  async function run(job: Job, slot: number, signal: AbortSignal): Promise<ExecuteResponse> {
    const uid = uidOf(slot)
    const dir = prepare(job, uid)
    const marker = randomBytes(12).toString('hex')
    const nproc = processBudget(slot)
    let reason: 'timeout' | 'output' | 'aborted' | undefined
    let entry: Running | undefined
    try {
      const started = performance.now()
      const proc = Bun.spawn([...commandPrefix(tools, limits, uid, nproc), ...selfCommand(), '--bypass', job.flag, '--', job.file, ...job.args], {
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
        if (uid !== undefined) void killAllOf(uid, tools!)
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
      await sweep(proc.pid, uid, marker)
      // Every holder of the pipes is dead now, so they close; the bound covers an escaped holder.
      if (!(await within(Promise.all(drains), 500))) output.cancel()
      await Promise.all(drains)
      const exitCode = reason ? null : proc.exitCode
      return {
        success: exitCode === 0,
        output: output.text('stdout'),
        error: output.text('stderr'),
        exit_code: exitCode,
        execution_time: seconds,
        timed_out: reason === 'timeout',
        truncated: output.truncated,
        signal: reason ? 'SIGKILL' : proc.signalCode === null ? null : String(proc.signalCode),
      }
    } finally {
      if (entry) running.delete(entry)
      removeTree(dir)
    }
  }

  return {
    mode: options.sandbox,
    python,
    run,
    async killAll() {
      const all = [...running]
      for (const r of all) r.stop('aborted')
      await Promise.allSettled(all.map((r) => r.done))
    },
    close() {
      block?.release()
      removeTree(workRoot)
    },
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // The group is already empty.
  }
}
