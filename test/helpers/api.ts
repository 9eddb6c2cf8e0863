import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect } from 'bun:test'
import { PHICODE, ROOT } from './binary'
import { responseSchema, schemaErrors } from './schema'

export interface TestServer {
  url: string
  /** The server's process (under --workers: the primary). */
  pid: number
  /** The server's TMPDIR: executions' directories live (and must vanish) under it. */
  tmp: string
  /** First uid of the range this server may use in uid mode. */
  uidBase: number
  stderr(): string
  /** What was left in `tmp` when the server exited (it should leave nothing). */
  leftAtExit: string[]
  /** SIGTERM (or `signal`), then the exit code; removes `tmp`. Every test file stops what it starts. */
  stop(signal?: NodeJS.Signals): Promise<number>
}

export interface ServerSetup {
  args?: string[]
  env?: Record<string, string>
  cwd?: string
  /** Run the server as this unprivileged uid (and gid) through setpriv; the test must be root. */
  user?: number
  /** A command that runs the server, its argv appended (e.g. `unshare …`); it must exec it, keeping the pid. */
  wrap?: string[]
}

let next = 0
const running = new Set<TestServer>()

/** Stops every server a test file started and has not stopped yet (call it from afterAll). */
export const stopAllServers = () => Promise.all([...running].map((s) => s.stop()))

/** The compiled binary as an API server on 127.0.0.1 with a free port. */
export async function startServer(setup: ServerSetup = {}): Promise<TestServer> {
  const tmp = mkdtempSync(join(tmpdir(), 'phicode-api-test-'))
  chmodSync(tmp, 0o711) // sandbox uids must pass through it to their own directory
  if (setup.user !== undefined) chownSync(tmp, setup.user, setup.user)
  const as = [...(setup.wrap ?? []), ...(setup.user === undefined ? [] : ['setpriv', `--reuid=${setup.user}`, `--regid=${setup.user}`, '--clear-groups', '--'])]
  const uidBase = 2_100_000_000 + ((process.pid * 7 + next++) % 900) * 40_000
  const proc = Bun.spawn([...as, PHICODE, '--api-server', '--api-port', '0', ...(setup.args ?? [])], {
    cwd: setup.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp, PHICODE_API_UID_BASE: String(uidBase), ...setup.env },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  })
  let stderr = ''
  const errDone = (async () => {
    for await (const chunk of proc.stderr) stderr += new TextDecoder().decode(chunk)
  })()
  const url = await readUrl(proc.stdout, () => stderr)
  let stopped: Promise<number> | undefined
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    stopped ??= (async () => {
      proc.kill(signal)
      const code = await proc.exited
      await errDone
      server.leftAtExit = readdirSync(tmp)
      rmSync(tmp, { recursive: true, force: true })
      running.delete(server)
      return code
    })()
    return stopped
  }
  const server: TestServer = { url, pid: proc.pid, tmp, uidBase, stderr: () => stderr, leftAtExit: [], stop }
  running.add(server)
  return server
}

async function readUrl(stdout: ReadableStream<Uint8Array>, stderr: () => string): Promise<string> {
  const reader = stdout.getReader()
  let text = ''
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    const { done, value } = await reader.read()
    if (done) break
    text += new TextDecoder().decode(value)
    const m = /listening on (http:\/\/\S+)/.exec(text)
    if (m) {
      reader.releaseLock()
      return m[1]!
    }
  }
  throw new Error(`the server did not start:\n${text}\n${stderr()}`)
}

export interface Reply {
  status: number
  headers: Headers
  body: any
}

export async function call(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const init: RequestInit = { method, headers }
  if (body !== undefined) init.body = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body)
  const res = await fetch(url + path, init)
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {}
  return { status: res.status, headers: res.headers, body: parsed }
}

export const post = (url: string, path: string, body: unknown, headers?: Record<string, string>) => call(url, 'POST', path, body, headers)
export const get = (url: string, path: string, headers?: Record<string, string>) => call(url, 'GET', path, undefined, headers)

/** Live processes owned by the server's sandbox uids. */
export function sandboxProcesses(server: TestServer): number[] {
  const found: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const uid = statSync(`/proc/${name}`).uid
      if (uid < server.uidBase || uid >= server.uidBase + 64_000) continue
      if (/\) Z /.test(readFileSync(`/proc/${name}/stat`, 'latin1'))) continue
      found.push(Number(name))
    } catch {}
  }
  return found
}

/** Execution directories still on disk (the server's own work directory holds only `home`). */
export function leftoverDirs(server: TestServer): string[] {
  const left: string[] = []
  for (const work of readdirSync(server.tmp)) {
    for (const entry of readdirSync(`${server.tmp}/${work}`)) if (entry !== 'home') left.push(`${work}/${entry}`)
  }
  return left
}

/**
 * Live host processes whose command line is exactly `argv`: found by what they run, since a pid
 * printed inside an execution's PID namespace means nothing on the host.
 */
export function processesRunning(argv: string[]): number[] {
  const want = `${argv.join('\0')}\0`
  const found: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'latin1') === want && isAlive(Number(name))) found.push(Number(name))
    } catch {}
  }
  return found
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'latin1'))
  } catch {
    return false
  }
}

/** The reply has the expected status and the shape /openapi.json (`doc`) gives for it. */
export function conforms(doc: Record<string, any>, reply: Reply, method: string, path: string, status: number): void {
  expect(reply.status).toBe(status)
  const schema = responseSchema(doc, method, path, status)
  expect(schema).toBeDefined()
  expect(schemaErrors(reply.body, schema!, doc)).toEqual([])
}

/** A server the file's tests share, with the OpenAPI document it serves; `server` and `doc` are set before the first test. */
export interface DocumentedServer {
  server: TestServer
  doc: Record<string, any>
  /** The reply has `status` and the shape the served document gives it. */
  conforms: (reply: Reply, method: string, path: string, status: number) => void
}

/** Starts a server before the file's tests (stopped after them) and reads its document with `headers`. */
export function documentedServer(setup: ServerSetup = {}, headers?: Record<string, string>): DocumentedServer {
  const api = { conforms: (reply, method, path, status) => conforms(api.doc, reply, method, path, status) } as DocumentedServer
  beforeAll(async () => {
    api.server = await startServer(setup)
    api.doc = (await get(api.server.url, '/openapi.json', headers)).body
  })
  afterAll(stopAllServers)
  return api
}
