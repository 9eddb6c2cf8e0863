import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runPhicode, type RunResult } from '../../helpers/binary'
import type { DaemonState, DaemonView, ProcessRef } from '../../../src/daemon/types'
import { startOf } from '../../helpers/proc-stat'

export { startOf }

const homes: string[] = []
const dirs: string[] = []

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  dirs.push(dir)
  return dir
}


export const alive = (ref: ProcessRef | null | undefined): boolean => !!ref && startOf(ref.pid) === ref.start

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {}
}

/**
 * Kills every supervisor and app recorded under a PHICODE_HOME, checked by start time so an
 * unrelated process that reused a pid is never hit.
 */
function killEverything(home: string): void {
  const dir = join(home, 'phiemon')
  if (!existsSync(dir)) return
  for (const file of readdirSync(dir)) {
    const path = join(dir, file)
    try {
      if (file.endsWith('.json')) {
        const state = JSON.parse(readFileSync(path, 'utf8')) as DaemonState
        if (alive(state.supervisor)) kill(state.supervisor!.pid)
        if (alive(state.child)) kill(-state.child!.pid)
      } else if (file.endsWith('.lock')) {
        const owner = JSON.parse(readFileSync(path, 'utf8')) as ProcessRef
        if (alive(owner)) kill(owner.pid)
      }
    } catch {}
  }
}

/**
 * Kills everything recorded in the worlds made so far, then removes their folders. Every test
 * file registers it with `afterAll(cleanup)`: a hook registered here, at import, would belong
 * only to the first file that imports this module when bun runs several in one process.
 */
export function cleanup(): void {
  for (const home of homes.splice(0)) killEverything(home)
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/**
 * A world for one test: its own PHICODE_HOME (everything recorded there is killed by `cleanup`
 * after the file's tests, pass or fail) and an app folder to write modules into.
 */
export function world(env: Record<string, string> = {}) {
  const home = tempDir('phiemon-home-')
  homes.push(home)
  const app = tempDir('phiemon-app-')
  writeFileSync(join(app, 'package.json'), '{}')
  const base = { PHICODE_HOME: home, ...env }
  return {
    home,
    app,
    write(file: string, content: string): string {
      const path = join(app, file)
      mkdirSync(join(path, '..'), { recursive: true })
      writeFileSync(path, content)
      return path
    },
    run(args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
      return runPhicode(args, { cwd: app, env: { ...base, ...extraEnv } })
    },
    async json<T>(args: string[]): Promise<T> {
      const r = await runPhicode([...args, '--json'], { cwd: app, env: base })
      if (r.code !== 0) throw new Error(`phicode ${args.join(' ')} → ${r.code}: ${r.stderr}`)
      return JSON.parse(r.stdout) as T
    },
    /** `args`: phicode's options, then the module (and the runner flags or program arguments after it). */
    async start(args: string[], extraEnv: Record<string, string> = {}): Promise<DaemonView> {
      const r = await runPhicode(['--phiemon', '--json', ...args], { cwd: app, env: { ...base, ...extraEnv } })
      if (r.code !== 0) throw new Error(`start ${args.join(' ')} → ${r.code}: ${r.stderr}`)
      return JSON.parse(r.stdout) as DaemonView
    },
    status(name: string): Promise<DaemonView> {
      return this.json<DaemonView>(['--phiemon-status', name])
    },
    state(name: string): DaemonState {
      return JSON.parse(readFileSync(join(home, 'phiemon', `${name}.json`), 'utf8')) as DaemonState
    },
    log(name: string, suffix = ''): string {
      const path = join(home, 'phiemon', 'logs', `${name}.log${suffix}`)
      return existsSync(path) ? readFileSync(path, 'utf8') : ''
    },
    /** Polls the state file until `done` holds; fails with the last state after `ms`. */
    async until(name: string, done: (s: DaemonState) => boolean, ms = 10_000): Promise<DaemonState> {
      const deadline = Date.now() + ms
      let last: DaemonState | undefined
      for (;;) {
        try {
          last = this.state(name)
          if (done(last)) return last
        } catch {}
        if (Date.now() > deadline) throw new Error(`timed out waiting on ${name}: ${JSON.stringify(last, null, 1)}`)
        await Bun.sleep(25)
      }
    },
    async untilLog(name: string, pattern: RegExp, ms = 10_000): Promise<string> {
      const deadline = Date.now() + ms
      for (;;) {
        const text = this.log(name)
        if (pattern.test(text)) return text
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in the log of ${name}:\n${text}`)
        await Bun.sleep(25)
      }
    },
  }
}

/** Polls until `done()` holds; throws after `ms`. */
export async function eventually(done: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await Bun.sleep(25)
  }
}

/**
 * Per-test limit for tests that start daemons: they finish in a few seconds, but share two
 * cores with everything else a busy machine runs.
 */
export const TIMEOUT = 30_000
