import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dir, '../..')
export const PHICODE = join(ROOT, 'dist', 'phicode')

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
}

/** Runs the compiled binary to completion. */
export async function runPhicode(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return runCommand([PHICODE, ...args], options)
}

export async function runCommand(cmd: string[], options: RunOptions = {}): Promise<RunResult> {
  const proc = Bun.spawn(cmd, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env } as Record<string, string>,
    stdin: options.stdin === undefined ? 'ignore' : new Blob([options.stdin]),
    stdout: 'pipe',
    stderr: 'pipe',
    timeout: options.timeout ?? 30_000,
  })
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ])
  return { code, stdout, stderr }
}
