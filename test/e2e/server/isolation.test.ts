import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { PHICODE, ROOT } from '../../helpers/binary'
import { get, post, processesRunning, startServer, stopAllServers, type TestServer } from '../../helpers/api'
import { required } from '../../helpers/prerequisites'
import { tempDir } from '../../helpers/tmp'

/** The tests need root: namespaces, the uid per slot and the cgroups are what they check. */
if (process.getuid?.() !== 0) throw new Error('test/e2e/server/isolation.test.ts must run as root (CI does)')
for (const command of ['bwrap', 'unshare', 'setpriv']) required(command)

const MiB = 1024 * 1024
let server: TestServer
let networked: TestServer
/** A service on the host's loopback that no execution should reach; it counts its callers. */
let service: ReturnType<typeof Bun.serve>
let calls = 0
const home = tempDir('phicode-isolation-home-')

beforeAll(async () => {
  service = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response(`secret-${++calls}`) })
  writeFileSync(join(home, 'planted-home'), 'x')
  ;[server, networked] = await Promise.all([
    startServer({ args: ['--bypass'], env: { PHICODE_API_MAX_MEMORY: String(256 * MiB), PHICODE_API_MAX_PROCESSES: '64', PHICODE_HOME: home } }),
    startServer({ args: ['--bypass'], env: { PHICODE_API_NETWORK: 'on' } }),
  ])
})
afterAll(async () => {
  await stopAllServers()
  service.stop(true)
})

const run = async (on: TestServer, type: string, code: string) => (await post(on.url, '/execute', { code, type, timeout_ms: 10_000 })).body

describe('network', () => {
  test('/info says executions have no network, or the host network when opted in', async () => {
    expect((await get(server.url, '/info')).body.isolation).toMatchObject({ network: 'none', filesystem: 'private', memory: 'cgroup', uid_per_slot: true, missing: [] })
    expect((await get(networked.url, '/info')).body.isolation.network).toBe('host')
  })

  test('a server on the host loopback is unreachable from Python and TypeScript, reachable with PHICODE_API_NETWORK=on', async () => {
    const url = `http://127.0.0.1:${service.port}/`
    const py = `import urllib.request\nprint(urllib.request.urlopen("${url}").read().decode())\n`
    const ts = `const r = await fetch("${url}")\nconsole.log(await r.text())\n`
    for (const [type, code] of [['python', py], ['typescript', ts]] as const) {
      const cut = await run(server, type, code)
      expect(cut.success).toBe(false)
      expect(cut.stderr).toMatch(/refused|unreachable|ECONNREFUSED|unable to connect/i)
      expect(calls).toBe(0)
    }
    for (const [type, code] of [['python', py], ['typescript', ts]] as const) {
      const before = calls
      const open = await run(networked, type, code)
      expect(open).toMatchObject({ success: true, output: `secret-${before + 1}\n` })
    }
  }, 30_000)
})

describe('filesystem', () => {
  test('host directories, the server\'s PHICODE_HOME and the project tree (beside the binary) are invisible; the interpreter still runs', async () => {
    const host = tempDir('phicode-isolation-host-')
    mkdirSync(join(host, 'project'))
    writeFileSync(join(host, 'project', 'secret.txt'), 'x')
    const paths = [join(host, 'project', 'secret.txt'), host, join(home, 'planted-home'), home, join(ROOT, 'package.json'), join(ROOT, 'src'), '/home', '/srv', '/root/.bashrc']
    const py = `import os\nprint([os.path.exists(p) for p in ${JSON.stringify(paths)}])\n`
    expect(await run(server, 'python', py)).toMatchObject({ success: true, output: `[${paths.map(() => 'False').join(', ')}]\n` })
    const ts = `import { existsSync } from 'node:fs'\nconsole.log(JSON.stringify(${JSON.stringify(paths)}.map((p) => existsSync(p))))\n`
    expect(await run(server, 'typescript', ts)).toMatchObject({ success: true, output: `[${paths.map(() => 'false').join(',')}]\n` })
  }, 30_000)

  test('a file written to /tmp is invisible to the host and to the next execution', async () => {
    const name = `/tmp/planted-by-exec-${process.pid}`
    const write = await run(server, 'python', `open("${name}", "w").write("x")\nimport os\nprint(os.path.exists("${name}"))\n`)
    expect(write).toMatchObject({ success: true, output: 'True\n' })
    expect(existsSync(name)).toBe(false)
    // Only the parents of the execution's own directory are in its /tmp.
    const look = `import os\nprint(os.path.exists("${name}"), [n for n in os.listdir("/tmp") if n.startswith("planted")])\n`
    for (let i = 0; i < 2; i++) expect(await run(server, 'python', look)).toMatchObject({ output: 'False []\n' })
  }, 30_000)
})

describe('through bubblewrap', () => {
  test('a program killed by a signal still reports the signal, not an exit code', async () => {
    expect(await run(server, 'python', 'import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n')).toMatchObject({ success: false, exit_code: null, signal: 'SIGSEGV' })
    expect(await run(server, 'typescript', "process.kill(process.pid, 'SIGTERM')\n")).toMatchObject({ success: false, exit_code: null, signal: 'SIGTERM' })
    expect(await run(server, 'python', 'import sys\nsys.exit(3)\n')).toMatchObject({ exit_code: 3, signal: null })
  }, 30_000)
})

describe('memory and processes', () => {
  test('a Python and a TypeScript memory hog are killed at the ceiling; the server keeps serving', async () => {
    const hogs = [
      ['python', 'chunks = []\nwhile True:\n    chunks.append(bytearray(16 * 1024 * 1024))\n'],
      ['typescript', 'const chunks = []\nwhile (true) chunks.push(new Uint8Array(16 * 1024 * 1024).fill(1))\n'],
    ] as const
    for (const [type, code] of hogs) {
      expect(await run(server, type, code)).toMatchObject({ success: false, signal: 'SIGKILL', error: 'memory limit exceeded', exit_code: null, timed_out: false })
    }
    expect((await get(server.url, '/health')).status).toBe(200)
    expect(await run(server, 'typescript', 'console.log(6 * 7)\n')).toMatchObject({ success: true, output: '42\n' })
  }, 60_000)

  test('500 processes spawned from TypeScript are all gone when the request ends', async () => {
    const t = `300.4${process.pid}`
    const code = `const { spawn } = require('node:child_process')\nfor (let i = 0; i < 500; i++) { try { spawn('sleep', ['${t}']) } catch {} }\nawait Bun.sleep(300)\nconsole.log('done')\n`
    const reply = await run(server, 'typescript', code)
    expect(reply.timed_out).toBe(false)
    expect(processesRunning(['sleep', t])).toEqual([])
  }, 30_000)
})

describe('cgroups', () => {
  /** This test process's memory cgroup, where servers it starts make theirs. */
  const own = readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => l.split(':')[1]?.split(',').includes('memory'))!.split(':')[2]!
  const ours = () => readdirSync(join('/sys/fs/cgroup/memory', own)).filter((n) => n.startsWith('phicode-'))

  /** A server's groups are named by its PID namespace (the inode of /proc/<pid>/ns/pid, this test's own) and pid. */
  const nameOf = (pid: number) => `phicode-${/\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))![1]}-${pid}`

  test('a server\'s groups go when it stops, and those a killed server left go at the next start', async () => {
    // Other servers (other test runs) may make and remove groups meanwhile: only these servers' own are checked.
    const s = await startServer({ args: ['--bypass'] })
    expect(ours()).toContain(nameOf(s.pid))
    await s.stop('SIGKILL')
    expect(ours()).toContain(nameOf(s.pid))
    const next = await startServer({ args: ['--bypass'] })
    expect(ours()).not.toContain(nameOf(s.pid))
    expect(ours()).toContain(nameOf(next.pid))
    expect(await next.stop()).toBe(0)
    expect(ours()).not.toContain(nameOf(next.pid))
  }, 30_000)
})

/**
 * Root of a user namespace of its own that may create no network or mount namespace: a host
 * where bubblewrap cannot isolate anything. (Its root maps to the real root, so the cgroups
 * stay writable.)
 */
const NO_NAMESPACES = ['unshare', '--user', '--map-root-user', 'sh', '-c', 'echo 0 > /proc/sys/user/max_net_namespaces && echo 0 > /proc/sys/user/max_mnt_namespaces && exec "$@"', 'sh']

describe('a host where namespaces cannot be created', () => {
  const env = { PHICODE_API_SANDBOX: 'process-group', PHICODE_API_TOKEN: 'a-token-for-the-test' }
  /** Should exit at once; if it serves instead, the test fails and this stops it. */
  let refused: ReturnType<typeof Bun.spawn> | undefined
  afterAll(() => refused?.kill('SIGKILL'))

  test('/info and the start-up log name every missing protection; code still runs', async () => {
    const s = await startServer({ args: ['--bypass'], env: { PHICODE_API_SANDBOX: 'process-group' }, wrap: NO_NAMESPACES })
    try {
      const iso = (await get(s.url, '/info')).body.isolation
      expect(iso).toMatchObject({ network: 'host', filesystem: 'host', uid_per_slot: false })
      expect(iso.missing.map((m: string) => m.split(' (')[0])).toEqual(['network namespace', 'private filesystem view', 'uid per slot'])
      for (const m of iso.missing) expect(s.stderr()).toContain(`sandbox: no ${m}`)
      expect(await run(s, 'python', 'print(1 + 1)\n')).toMatchObject({ success: true, output: '2\n' })
    } finally {
      expect(await s.stop()).toBe(0)
    }
  }, 30_000)

  test('a non-loopback address is refused there without --unsafe-sandbox, served with it', async () => {
    const proc = Bun.spawn([...NO_NAMESPACES, PHICODE, '--api-server', '--api-host', '0.0.0.0', '--api-port', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    refused = proc
    const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited])
    expect(code).toBe(64)
    expect(stderr).toContain('refusing to listen on 0.0.0.0')
    expect(stderr).toContain('--unsafe-sandbox')
    const s = await startServer({ args: ['--api-host', '0.0.0.0', '--unsafe-sandbox'], env, wrap: NO_NAMESPACES })
    expect((await get(s.url, '/health')).status).toBe(200)
    expect(await s.stop()).toBe(0)
  }, 30_000)
})

describe('an unprivileged server (uid 65534)', () => {
  test('/info and the start-up log name each missing protection', async () => {
    const s = await startServer({ args: ['--bypass'], user: 65534 })
    try {
      const iso = (await get(s.url, '/info')).body.isolation
      expect(iso).toMatchObject({ memory: 'python-rlimit', cgroup: null, uid_per_slot: false })
      expect(iso.missing.map((m: string) => m.split(' (')[0])).toEqual(['memory cgroup', 'pids cgroup', 'uid per slot'])
      for (const m of iso.missing) expect(s.stderr()).toContain(`sandbox: no ${m}`)
      expect(await run(s, 'python', 'print(1 + 1)\n')).toMatchObject({ success: true, output: '2\n' })
    } finally {
      expect(await s.stop()).toBe(0)
    }
  }, 30_000)
})
