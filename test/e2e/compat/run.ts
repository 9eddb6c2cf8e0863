/**
 * Runs a compat case twice, as `bun <original>` (the oracle) and as `phicode <twin>.φ` with a PATH
 * holding neither bun nor node; a server case is also sent its requests and stopped.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { PHICODE, ROOT, runCommand, runPhicode, type RunResult } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'
import type { CompatCase, ServerCase } from './cases'
import { BUN } from '../../helpers/root'

export const FIXTURES = join(ROOT, 'test/fixtures/compat')

export const phiTwin = (original: string): string => original.slice(0, -extname(original).length) + '.φ'

export interface Setting {
  /** The environment both runs share. */
  env: Record<string, string>
  /** phicode's PATH: an empty directory, so neither bun nor node can be found. */
  toolFreePath: string
}

/** Fails loudly when a prerequisite is missing rather than letting every case fail obscurely. */
export function prepare(): Setting {
  for (const needed of [BUN, PHICODE]) {
    if (!existsSync(needed)) throw new Error(`${needed} is missing: run npm ci and node_modules/.bin/bun build/build.ts`)
  }
  const dir = tempDir('phicode-compat-')
  const toolFreePath = join(dir, 'empty-bin')
  mkdirSync(toolFreePath)
  for (const tool of ['bun', 'node']) {
    if (Bun.which(tool, { PATH: toolFreePath })) throw new Error(`${tool} is reachable through ${toolFreePath}`)
  }
  // TZ fixes the date cases; phicode's own state and cache stay out of the fixtures and ~/.phicode.
  const env = { TZ: 'UTC', NO_COLOR: '1', PHICODE_HOME: join(dir, 'home'), PHICODE_CACHE_DIR: join(dir, 'cache') }
  return { env, toolFreePath }
}

export async function runBoth(c: CompatCase, setting: Setting): Promise<{ bun: RunResult; phicode: RunResult }> {
  const cwd = join(FIXTURES, dirname(c.original))
  const args = c.args ?? []
  const [bun, phicode] = await Promise.all([
    runCommand([BUN, basename(c.original), ...args], { cwd, env: setting.env }),
    runPhicode([basename(phiTwin(c.original)), ...args], { cwd, env: { ...setting.env, PATH: setting.toolFreePath } }),
  ])
  return { bun, phicode }
}

export interface ServedRun {
  answers: Array<{ status: number; type: string | null; body: string }>
  stdout: string
  stderr: string
  code: number | null
  signal: NodeJS.Signals | number | null
}

/** A free loopback port: bound by the system, then released for the program under test. */
function freePort(): number {
  const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() })
  const port = probe.port
  probe.stop(true)
  if (port === undefined) throw new Error('no free port on 127.0.0.1')
  return port
}

/** Resolves once the port accepts a TCP connection; fails if the program exits first. */
async function acceptsConnections(port: number, cmd: string[], proc: Bun.Subprocess, output: Promise<string[]>): Promise<void> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const connected = await Bun.connect({ hostname: '127.0.0.1', port, socket: { data() {} } }).then(
      (socket) => (socket.end(), true),
      () => false,
    )
    if (connected) return
    if (proc.exitCode !== null || proc.signalCode !== null) {
      const [stdout, stderr] = await output
      throw new Error(`${cmd.join(' ')} exited (${proc.exitCode ?? proc.signalCode}) before listening:\n${stdout}${stderr}`)
    }
    if (Date.now() > deadline) throw new Error(`${cmd.join(' ')}: nothing listens on 127.0.0.1:${port} after 20 s`)
    await Bun.sleep(25)
  }
}

/** Starts a server program, sends the case's requests once it listens, then stops it with SIGTERM. */
async function serve(cmd: string[], c: ServerCase, cwd: string, env: Record<string, string>): Promise<ServedRun> {
  const port = freePort()
  const proc = Bun.spawn(cmd, { cwd, env: { ...process.env, ...env, PORT: String(port) }, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' })
  const output = Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()])
  try {
    await acceptsConnections(port, cmd, proc, output)
    const answers: ServedRun['answers'] = []
    for (const request of c.requests) {
      const response = await fetch(`http://127.0.0.1:${port}${request.path}`, {
        method: request.method,
        ...(request.json === undefined ? {} : { body: JSON.stringify(request.json), headers: { 'content-type': 'application/json' } }),
      })
      answers.push({ status: response.status, type: response.headers.get('content-type'), body: await response.text() })
    }
    proc.kill('SIGTERM')
    await proc.exited
    // Each run gets its own port; a program that prints its address prints a different number.
    const unported = (text: string) => text.split(`:${port}`).join(':<port>')
    const [stdout, stderr] = await output
    return { answers, stdout: unported(stdout), stderr: unported(stderr), code: proc.exitCode, signal: proc.signalCode }
  } finally {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGKILL')
      await proc.exited
    }
  }
}

export async function serveBoth(c: ServerCase, setting: Setting): Promise<{ bun: ServedRun; phicode: ServedRun }> {
  const cwd = join(FIXTURES, dirname(c.original))
  const [bun, phicode] = await Promise.all([
    serve([BUN, basename(c.original)], c, cwd, setting.env),
    serve([PHICODE, basename(phiTwin(c.original))], c, cwd, { ...setting.env, PATH: setting.toolFreePath }),
  ])
  return { bun, phicode }
}
