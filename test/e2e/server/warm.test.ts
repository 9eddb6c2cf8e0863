/**
 * The warm Python of an execution slot (the zygote; for TypeScript its child execs Bun):
 * consecutive executions on it share nothing,
 * a zygote killed under a running execution costs that execution nothing but time, and the
 * sandbox's limits hold on the warm path as on the cold one. One slot, so every execution lands
 * on the same zygote. That an execution ran warm is seen from the outside: it is a child of the
 * zygote on the host, and consecutive ones share its PID namespace (different pids, one parent),
 * where cold runs each get a namespace of their own.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { post, sandboxProcesses, startServer, stopAllServers, type TestServer } from '../../helpers/api'
import { required } from '../../helpers/prerequisites'
import { until } from '../../helpers/load'

if (process.getuid?.() !== 0) throw new Error('test/e2e/server/warm.test.ts must run as root (CI does): the warm sandbox needs the uid sandbox')
for (const command of ['bwrap', 'setpriv', 'prlimit']) required(command)

const TOKEN = 'warm-token-3c81e0'
const auth = { authorization: `Bearer ${TOKEN}` }
let server: TestServer

beforeAll(async () => {
  server = await startServer({ args: ['--bypass'], env: { PHICODE_API_CONCURRENCY: '1', PHICODE_API_MAX_PROCESSES: '64', PHICODE_API_TOKEN: TOKEN } })
})
afterAll(stopAllServers)

const run = async (code: string, timeout_ms = 10_000, type = 'python') => (await post(server.url, '/execute', { code, type, timeout_ms }, auth)).body

/**
 * Host pids of this server's zygotes: root Pythons started as `python -c <zygote stub>` (not the
 * bubblewrap around them, nor their children, which run as the slot uid) whose view holds the
 * server's directory.
 */
function zygotes(): number[] {
  const found: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0')
      if (argv[1] !== '-c' || !argv[2]?.includes('<phicode-zygote>') || statSync(`/proc/${name}`).uid !== 0) continue
      if (readFileSync(`/proc/${name}/mountinfo`, 'latin1').includes(server.tmp)) found.push(Number(name))
    } catch {}
  }
  return found
}

const parentOf = (pid: number): number => Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))![1])

/** Runs a program that sleeps, and while it does, its host pid and that of its parent. */
async function runningUnder(code: string, type = 'python'): Promise<{ pid: number; parent: number; reply: Promise<Record<string, any>> }> {
  const reply = run(code, 10_000, type)
  await until(() => sandboxProcesses(server).length > 0, 10_000, 'the execution to start')
  const [pid] = sandboxProcesses(server)
  return { pid: pid!, parent: parentOf(pid!), reply }
}

describe('a warm slot', () => {
  test('runs each execution as a fresh child of its zygote, under the slot uid', async () => {
    expect(zygotes()).toHaveLength(1)
    const { parent, reply } = await runningUnder('import os, time\ntime.sleep(0.5)\nprint(os.getuid() == 0)\n')
    expect(parent).toBe(zygotes()[0]!)
    expect(await reply).toMatchObject({ success: true, output: 'False\n' })
  }, 20_000)

  test('consecutive executions see nothing of each other: files, environment, modules, sys.modules, globals', async () => {
    const plant = [
      'import os, sys, json, builtins',
      'open("planted.txt", "w").write("x")',
      'open("/tmp/planted.txt", "w").write("x")',
      'open(os.path.expanduser("~/planted-home"), "w").write("x")',
      'os.environ["PLANTED_ENV"] = "1"',
      'os.putenv("PLANTED_PUTENV", "1")',
      'json.dumps = lambda *a, **k: "patched"',
      'sys.modules["planted_module"] = type(sys)("planted_module")',
      'sys.path.append("/planted")',
      'builtins.planted_builtin = 1',
      'planted_global = 1',
      'print(os.getpid(), os.getppid(), json.dumps(1))',
    ].join('\n')
    const look = [
      'import os, sys, json, builtins',
      'found = [os.path.exists(p) for p in ("planted.txt", "/tmp/planted.txt", os.path.expanduser("~/planted-home"))]',
      'found += ["PLANTED_ENV" in os.environ, "PLANTED_PUTENV" in os.environ, "planted_module" in sys.modules, "/planted" in sys.path]',
      'found += [hasattr(builtins, "planted_builtin"), "planted_global" in globals()]',
      'print(os.getpid(), os.getppid(), json.dumps(1), found, sorted(os.listdir(".")))',
    ].join('\n')
    const first = await run(plant)
    expect(first).toMatchObject({ success: true, stderr: '' })
    const [pid1, ppid1, dumped] = first.output.trim().split(' ')
    expect(dumped).toBe('patched')
    const second = await run(look)
    expect(second).toMatchObject({ success: true, stderr: '' })
    const [pid2, ppid2, ...rest] = second.output.trim().split(' ')
    expect(rest.join(' ')).toBe(`1 [${Array(9).fill('False').join(', ')}] ['main.py']`)
    // The same zygote (one parent, one PID namespace) ran both.
    expect(ppid2).toBe(ppid1)
    expect(pid2).not.toBe(pid1)
  }, 20_000)

  test('a System V shared-memory segment one execution makes is not there for the next (an IPC namespace each)', async () => {
    const shm = (flags: string) =>
      `import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nprint(libc.shmget(0x5eed, 4096, ${flags}) >= 0)\n`
    // IPC_CREAT | 0o600: made, and left behind when the program ends.
    expect(await run(shm('0o1000 | 0o600'))).toMatchObject({ success: true, output: 'True\n' })
    expect(await run(shm('0'))).toMatchObject({ success: true, output: 'False\n' })
  }, 20_000)

  test('neither a Python or TypeScript execution nor its zygote holds the API token', async () => {
    const py = await run('import os\nfor k, v in sorted(os.environ.items()):\n    print(k + "=" + v)\n')
    const ts = await run('for (const [k, v] of Object.entries(process.env)) console.log(`${k}=${v}`)\n', 10_000, 'typescript')
    for (const reply of [py, ts]) {
      expect(reply.output).toMatch(/^HOME=\//m)
      expect(reply.output).not.toContain(TOKEN)
    }
    for (const pid of zygotes()) expect(readFileSync(`/proc/${pid}/environ`, 'latin1')).not.toContain(TOKEN)
  })

  test('a program ends as under the real interpreter: exit status, atexit, threads, an uncaught KeyboardInterrupt', async () => {
    const programs = [
      'import sys\nsys.exit("bye")\n',
      'import atexit, threading, time\natexit.register(lambda: print("at exit"))\nthreading.Thread(target=lambda: (time.sleep(0.1), print("thread"))).start()\nprint("main")\n',
      'import atexit\natexit.register(lambda: print("at exit"))\nraise KeyboardInterrupt\n',
    ]
    for (const code of programs) {
      const real = Bun.spawnSync([required('python3'), '-c', code])
      const reply = await run(code)
      expect(reply.output).toBe(real.stdout.toString())
      expect(reply.exit_code).toBe(real.signalCode ? null : real.exitCode)
      expect(reply.signal).toBe(real.signalCode ?? null)
    }
  })

  test('a timeout and a fork bomb are contained; the zygote serves on', async () => {
    const [zygote] = zygotes()
    const loop = await run('while True:\n    pass\n', 1000)
    expect(loop).toMatchObject({ success: false, timed_out: true, exit_code: null, signal: 'SIGKILL', error: 'timed out after 1000 ms' })
    const bomb = await run('import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n', 1000)
    expect(bomb.timed_out).toBe(true)
    expect(sandboxProcesses(server)).toEqual([])
    expect(zygotes()).toEqual([zygote!])
    const { parent, reply } = await runningUnder('import time\ntime.sleep(0.3)\nprint("after")\n')
    expect(parent).toBe(zygote!)
    expect(await reply).toMatchObject({ success: true, output: 'after\n' })
  }, 30_000)

  test('a zygote killed mid-run: the execution still completes (cold), a new zygote takes over', async () => {
    const { parent, reply } = await runningUnder('import time\ntime.sleep(0.5)\nprint("done")\n')
    process.kill(parent, 'SIGKILL')
    expect(await reply).toMatchObject({ success: true, output: 'done\n', timed_out: false })
    expect(sandboxProcesses(server)).toEqual([])
    await until(() => zygotes().length === 1 && zygotes()[0] !== parent, 10_000, 'a new zygote')
    const [next] = zygotes()
    const again = await runningUnder('import time\ntime.sleep(0.3)\nprint("warm again")\n')
    expect(again.parent).toBe(next!)
    expect(await again.reply).toMatchObject({ success: true, output: 'warm again\n' })
  }, 30_000)

  test('/metrics reports the pool: its size, a hit per warm execution, the restart after the kill above', async () => {
    const sample = async (name: string): Promise<number> => {
      const text = await (await fetch(`${server.url}/metrics`, { headers: auth })).text()
      const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes('language="python"') && !l.includes('state='))
      if (!line) throw new Error(`${name} for python not in /metrics:\n${text}`)
      return Number(line.slice(line.lastIndexOf(' ') + 1))
    }
    const hits = await sample('phicode_api_pool_hits_total')
    const misses = await sample('phicode_api_pool_misses_total')
    for (let k = 0; k < 3; k++) expect(await run('print(1)')).toMatchObject({ success: true })
    expect(await sample('phicode_api_pool_hits_total')).toBe(hits + 3)
    expect(await sample('phicode_api_pool_misses_total')).toBe(misses)
    expect(await sample('phicode_api_pool_size')).toBe(1)
    expect(await sample('phicode_api_pool_restarts_total')).toBeGreaterThanOrEqual(1)
  }, 30_000)
})

describe('TypeScript (Bun cannot fork): the zygote\'s child execs Bun', () => {
  test('each execution is a fresh child of the zygote, seeing nothing of the last', async () => {
    const [zygote] = zygotes()
    const plant = 'import { writeFileSync } from "node:fs"\nwriteFileSync("/tmp/planted-ts", "x")\nwriteFileSync("planted-ts", "x")\nprocess.env.PLANTED_TS = "1"\n;(globalThis as any).plantedTs = 1\nawait Bun.sleep(300)\nconsole.log(process.getuid() === 0)\n'
    const a = await runningUnder(plant, 'typescript')
    expect(a.parent).toBe(zygote!)
    expect(await a.reply).toMatchObject({ success: true, output: 'false\n' })
    const look = 'import { existsSync, readdirSync } from "node:fs"\nawait Bun.sleep(300)\nconsole.log(existsSync("/tmp/planted-ts"), existsSync("planted-ts"), "PLANTED_TS" in process.env, "plantedTs" in globalThis, readdirSync(".").sort().join())\n'
    const b = await runningUnder(look, 'typescript')
    expect(b.parent).toBe(zygote!)
    expect(await b.reply).toMatchObject({ success: true, output: 'false false false false .(φ),main.ts\n' })
  }, 30_000)

  test('φ TypeScript too, with its errors on φ lines; a zygote killed under it: the job runs cold', async () => {
    const [zygote] = zygotes()
    const phi = await runningUnder('// phicode: typescript\nawait Bun.sleep(300)\nƒ f() { throw new Error("on φ line 3") }\nf()\n', 'phicode')
    expect(phi.parent).toBe(zygote!)
    const failed = await phi.reply
    expect(failed).toMatchObject({ success: false, exit_code: 1 })
    expect(failed.stderr).toContain('main.φ:3')
    const c = await runningUnder('await Bun.sleep(500)\nconsole.log("done")\n', 'typescript')
    expect(c.parent).toBe(zygote!)
    process.kill(zygote!, 'SIGKILL')
    expect(await c.reply).toMatchObject({ success: true, output: 'done\n' })
    await until(() => zygotes().length === 1 && zygotes()[0] !== zygote, 10_000, 'a new zygote')
  }, 30_000)
})

describe('PHICODE_API_WARM=off', () => {
  test('no zygote: every execution starts cold, as before', async () => {
    const cold = await startServer({ args: ['--bypass'], env: { PHICODE_API_CONCURRENCY: '1', PHICODE_API_WARM: 'off' } })
    try {
      // Cold executions run (no zygote is left to take them: checked below). Their pids inside their
      // own namespaces are not compared: how many processes precede the program there may vary.
      expect((await post(cold.url, '/execute', { code: 'print(2)\n', type: 'python' })).body.output).toBe('2\n')
      expect((await post(cold.url, '/execute', { code: 'console.log(1)\n', type: 'typescript' })).body.output).toBe('1\n')
      const warm = readdirSync('/proc').filter((name) => {
        try {
          const argv = readFileSync(`/proc/${name}/cmdline`, 'latin1')
          return argv.includes('<phicode-zygote>') && readFileSync(`/proc/${name}/mountinfo`, 'latin1').includes(cold.tmp)
        } catch {
          return false
        }
      })
      expect(warm).toEqual([])
    } finally {
      expect(await cold.stop()).toBe(0)
    }
  }, 30_000)
})
