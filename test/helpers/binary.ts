/**
 * The compiled binary, for end-to-end tests. Importing this module first rebuilds dist/phicode
 * when any source is newer than it, so those tests always run the binary of the code under
 * test; unit tests never import it (test/unit/, `npm run test:unit`) and never wait for a build.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './root'

export { ROOT }
export const PHICODE = join(ROOT, 'dist', 'phicode')

function newestSource(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs)
  }
  return newest
}

function buildIfStale(): void {
  const sources = [newestSource(join(ROOT, 'src')), newestSource(join(ROOT, 'plugins')), statSync(join(ROOT, 'package.json')).mtimeMs]
  if (existsSync(PHICODE) && Math.max(...sources) <= statSync(PHICODE).mtimeMs) return
  const result = Bun.spawnSync([process.execPath, join(ROOT, 'build/build.ts')], { cwd: ROOT, stdout: 'inherit', stderr: 'inherit' })
  if (!result.success) throw new Error('building dist/phicode failed')
}

buildIfStale()

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  cwd?: string
  stdin?: string | Uint8Array
  env?: Record<string, string | undefined>
  timeout?: number
  /** How a process still running at `timeout` is ended (a planted defect may keep it from a SIGTERM). */
  killSignal?: NodeJS.Signals
}

/**
 * Runs the compiled binary to completion. A start slower than a second adds phicode's warning to
 * stderr, which a loaded machine must not put into a test's expectations: the threshold is an hour
 * unless the test sets its own.
 */
export async function runPhicode(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return runCommand([PHICODE, ...args], { ...options, env: { PHICODE_SLOW_START_MS: '3600000', ...options.env } })
}

export async function runCommand(cmd: string[], options: RunOptions = {}): Promise<RunResult> {
  const proc = Bun.spawn(cmd, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env } as Record<string, string>,
    stdin: options.stdin === undefined ? 'ignore' : new Blob([options.stdin]),
    stdout: 'pipe',
    stderr: 'pipe',
    timeout: options.timeout ?? 30_000,
    killSignal: options.killSignal,
  })
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ])
  return { code, stdout, stderr }
}
