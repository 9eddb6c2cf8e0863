import { join, resolve } from 'node:path'

/** phicode's command line from source: unit tests run it with Bun, no binary built. */
export const CLI = resolve(import.meta.dir, '../../src/cli/index.ts')

export interface SourceRun {
  code: number | null
  /** The signal the run died of, if any (the binary's `runPhicode` has only the exit code). */
  signal: NodeJS.Signals | number | null
  stdout: string
  stderr: string
}

/**
 * Runs `phicode args` from source in `cwd`, its home in `cwd/.home`, no slow-start warning, no
 * colour; killed (SIGKILL) after 30 s.
 */
export async function runSource(args: string[], cwd: string, env: Record<string, string> = {}): Promise<SourceRun> {
  const proc = Bun.spawn([process.execPath, CLI, ...args], {
    cwd,
    env: { ...process.env, PHICODE_HOME: join(cwd, '.home'), PHICODE_SLOW_START_MS: '3600000', NO_COLOR: '1', ...env },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    timeout: 30_000,
    killSignal: 'SIGKILL',
  })
  const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()])
  await proc.exited
  return { code: proc.exitCode, signal: proc.signalCode, stdout, stderr }
}
