/**
 * A PHICODE_HOME of its own per test, real supervisors started through `_phiemon-main.ts` (Bun
 * with that file stands for phicode), apps written as plain scripts, and what the tests read
 * back: the state file, the log's lines, /proc. Nothing here comes from src/daemon but types.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Subprocess } from 'bun'
import type { DaemonSpec, DaemonState, ProcessRef } from '../../../src/daemon/types'
import { startOf } from '../../helpers/proc-stat'

export const MAIN = join(import.meta.dir, '_phiemon-main.ts')

/** Small apps; each prints what the tests check and behaves as its name says. */
export const APPS = {
  /** Prints what it was given, one line each on stdout and stderr, then runs until signalled. */
  serve: `console.log(JSON.stringify({ name: process.env.PHIEMON_NAME, home: process.env.PHICODE_HOME, k: process.env.K ?? null, secret: process.env.SECRET ?? null, cwd: process.cwd(), args: process.argv.slice(2) }))\nconsole.error('on stderr')\nsetInterval(() => {}, 1000)\n`,
  crash: `console.log('run')\nprocess.exit(3)\n`,
  clean: `console.log('done')\n`,
  stubborn: `process.on('SIGTERM', () => console.log('ignoring SIGTERM'))\nconsole.log('ready')\nsetInterval(() => {}, 1000)\n`,
  /** Leaves a sleep in its process group (its pid in ./leftover.pid), then crashes. */
  leaver: `const s = Bun.spawn(['sleep', '60'], { stdio: ['ignore', 'ignore', 'ignore'] })\nawait Bun.write(process.cwd() + '/leftover.pid', String(s.pid))\nprocess.exit(3)\n`,
} as const

export const alive = (ref: ProcessRef | null | undefined): boolean => !!ref && startOf(ref.pid) === ref.start

export async function until<T>(what: () => T | undefined | false, label: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = what()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`)
    await Bun.sleep(20)
  }
}

/** The supervisor's notes in a log, a run time (`after 850 ms`, `after 1.2 s`) written as `after T`. */
export function notes(log: string): string[] {
  return [...log.matchAll(/^\S+ \[phiemon\] (.*)$/gm)].map((m) => m[1]!.replace(/ after (\d+ ms|\d+(\.\d)? s)(?=$|[;,])/, ' after T'))
}

/** The app's own lines in a log, tag and text. */
export const output = (log: string): string[] => [...log.matchAll(/^\S+ \[(out|err)\] (.*)$/gm)].map((m) => `[${m[1]}] ${m[2]}`)

const worlds: string[] = []

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {}
}

/**
 * Kills every supervisor and app group recorded in the worlds made (checked by start time), then
 * removes their folders. Worlds are made inside concurrent tests, where test/helpers/tmp.ts's
 * afterAll cannot be registered: each test file registers this instead.
 */
export function cleanup(): void {
  for (const root of worlds.splice(0)) {
    const dir = join(root, 'home', 'phiemon')
    for (const file of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []) {
      try {
        const state = JSON.parse(readFileSync(join(dir, file), 'utf8')) as DaemonState
        if (alive(state.supervisor)) kill(state.supervisor!.pid)
        if (alive(state.child)) kill(-state.child!.pid)
      } catch {}
    }
    rmSync(root, { recursive: true, force: true })
  }
}

export interface World {
  home: string
  /** The app's folder (the spec's cwd). */
  app: string
  /** A spec for the app at `module` (a path), with short waits; `over` replaces fields. */
  spec(name: string, module: string, over?: Partial<DaemonSpec>): DaemonSpec
  /** Starts a supervisor as `phicode --phiemon-supervise name` does, the spec on its stdin; resolves with its ready line. */
  supervise(spec: DaemonSpec, env?: Record<string, string>): Promise<{ proc: Subprocess<'pipe', 'pipe', 'pipe'>; ready: unknown }>
  /** `control <op> <arg>` in a process of its own; its one JSON line. */
  control(op: 'start' | 'restart' | 'stop', arg: string, options?: { cwd?: string; env?: Record<string, string> }): Promise<{ value?: any; exitCode?: number; message?: string }>
  state(name: string): DaemonState | undefined
  log(name: string): string
  write(name: string, text: string): string
}

export function world(): World {
  // The app's folder is outside PHICODE_HOME: a watch ignores changes under phicode's home.
  const root = mkdtempSync(join(tmpdir(), 'phiemon-unit-'))
  worlds.push(root)
  const home = join(root, 'home')
  const app = join(root, 'app')
  mkdirSync(home)
  mkdirSync(app)
  const env = () => ({ ...process.env, PHICODE_HOME: home }) as Record<string, string>
  const w: World = {
    home,
    app,
    spec: (name, module, over = {}) => ({
      name,
      module,
      entry: module,
      args: [],
      flags: [],
      cwd: app,
      maxRestarts: 2,
      graceMs: 3000,
      stableMs: 600_000,
      startupGraceMs: 0,
      backoffUnitMs: 20,
      logMaxBytes: 1 << 20,
      logFiles: 1,
      ...over,
    }),
    async supervise(spec, extra = {}) {
      const proc = Bun.spawn([process.execPath, MAIN, '--phiemon-supervise', spec.name], {
        env: { ...env(), ...extra },
        stdin: 'pipe',
        stdout: 'pipe',
        stderr: 'pipe',
        detached: true,
      })
      proc.stdin.write(JSON.stringify(spec))
      await proc.stdin.end()
      const reader = proc.stdout.getReader()
      let text = ''
      while (!text.includes('\n')) {
        const chunk = await reader.read()
        if (chunk.done) break
        text += new TextDecoder().decode(chunk.value)
      }
      reader.releaseLock()
      if (!text.includes('\n')) throw new Error(`the supervisor wrote no ready line: ${JSON.stringify(text)}; stderr: ${await new Response(proc.stderr).text()}`)
      return { proc, ready: JSON.parse(text.slice(0, text.indexOf('\n'))) }
    },
    async control(op, arg, options = {}) {
      const proc = Bun.spawn([process.execPath, MAIN, 'control', op, arg], {
        cwd: options.cwd ?? home,
        env: { ...env(), ...options.env },
        stdout: 'pipe',
        stderr: 'pipe',
      })
      const [out, err] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
      if (!out.trim()) throw new Error(`control ${op} printed nothing; stderr: ${err}`)
      return JSON.parse(out)
    },
    state(name) {
      const path = join(home, 'phiemon', `${name}.json`)
      try {
        return JSON.parse(readFileSync(path, 'utf8')) as DaemonState
      } catch {
        return undefined
      }
    },
    log: (name) => {
      const path = join(home, 'phiemon', 'logs', `${name}.log`)
      return existsSync(path) ? readFileSync(path, 'utf8') : ''
    },
    write(name, text) {
      const path = join(app, name)
      writeFileSync(path, text)
      return path
    },
  }
  return w
}
