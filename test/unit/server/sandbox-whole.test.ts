import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'bun:test'
import type { ExecuteResponse } from '../../../src/server/types'
import { required } from '../../helpers/prerequisites'

// The whole sandbox (createSandbox) as the API server sets it up, without the HTTP server: each
// spec runs in test/fixtures/server/sandbox-whole.ts, with real bubblewrap, cgroups, uids, zygotes, Python
// and Bun. Expected values are written by hand from docs/api.md's sandbox section.

if (process.getuid?.() !== 0) throw new Error('test/unit/server/sandbox-whole.test.ts must run as root (CI does): the uid per slot, cgroups and namespaces are what it checks')
for (const command of ['bwrap', 'setpriv', 'prlimit']) required(command)

const DRIVER = join(import.meta.dir, '..', '..', 'fixtures', 'server', 'sandbox-whole.ts')
if (!existsSync('/usr/bin/python3')) throw new Error('/usr/bin/python3 is missing: this test needs the system Python and does not skip')
const V2 = existsSync('/sys/fs/cgroup/cgroup.controllers')

interface Stats { language: string; size: number; ready: number; busy: number; starting: number; restarts: number; hits: number; misses: number }
interface Whole {
  error?: string
  exitCode?: number
  tmp?: string[]
  groups?: string[]
  mode: string
  python: string
  isolation: Record<string, unknown>
  statsBefore: Stats[]
  statsAfter: Stats[]
  home: string[]
  work: string[]
  responses: ExecuteResponse[]
  madeGroups: string[]
  left: { tmp: string[]; groups: string[]; lock: string[] }
}

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/**
 * A uid base of this run's own. Not from the pid: test runs in PID namespaces of their own
 * (mutation/isolated.sh) have the same pids, and a block another server holds is skipped.
 */
const base = () => 2_060_000_000 + Math.floor(Math.random() * 1300) * 64_000

async function whole(spec: { options?: Record<string, unknown>; jobs?: Array<{ job: Record<string, unknown>; slot?: number; killZygote?: { before?: number; during?: boolean } }>; env?: Record<string, string>; configText?: string; under?: string; settle?: number }): Promise<Whole> {
  const tmp = mkdtempSync(join(spec.under ?? tmpdir(), 'phicode-whole-'))
  chmodSync(tmp, 0o711)
  dirs.push(tmp)
  const proc = Bun.spawn([process.execPath, DRIVER, JSON.stringify({ jobs: [], ...spec, options: { uidBase: base(), ...spec.options } })], {
    cwd: tmp,
    // The system's Python, which the sandbox uids reach: a private one (pyenv under /root) depends on what else was installed into it.
    env: { ...process.env, TMPDIR: tmp, PHITON_PATH: '/usr/bin/python3', ...spec.env },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
  if (code !== 0) throw new Error(`sandbox driver exited ${code}: ${err}`)
  return JSON.parse(out.trim().split('\n').at(-1)!) as Whole
}

const OK = { success: true, error: null, exit_code: 0, timed_out: false, truncated: false, signal: null, stderr: '' }
const py = (code: string, more: Record<string, unknown> = {}) => ({ job: { file: 'main.py', code, ...more } })
const stats = (language: string, more: Partial<Stats>): Stats => ({ language, size: 1, ready: 1, busy: 0, starting: 0, restarts: 0, hits: 0, misses: 0, ...more })

describe('uid mode with bubblewrap and cgroups (the server under root)', () => {
  test('each slot its own uid; Python, TypeScript and φ of both run warm; the pool counts them; close leaves nothing behind', async () => {
    const uid = base()
    const r = await whole({
      options: { uidBase: uid, limits: { concurrency: 2 } },
      jobs: [
        py('import os\nprint(os.getuid(), os.getgid())\n'),
        { ...py('import os\nprint(os.getuid())\n'), slot: 1 },
        { job: { file: 'main.ts', flag: '--bun', code: 'const n: number = 1\nconsole.log(process.getuid(), n + 1)\n' } },
        { job: { file: 'main.φ', code: 'π(6 * 7)\n' } },
        { job: { file: 'main.φ', flag: '--bun', code: 'π(6 * 7)\n' } },
      ],
    })
    expect(r.responses.map((x) => x.output)).toStrictEqual([`${uid} ${uid}\n`, `${uid + 1}\n`, `${uid} 2\n`, '42\n', '42\n'])
    for (const x of r.responses) expect(x).toMatchObject(OK)
    expect(r.mode).toBe('uid')
    expect(r.isolation).toStrictEqual({ network: 'none', filesystem: 'private', memory: 'cgroup', cgroup: V2 ? 'v2' : 'v1', uid_per_slot: true, missing: [] })
    expect(r.statsBefore).toStrictEqual([stats('python', { size: 2, ready: 2 }), stats('typescript', { size: 2, ready: 2 })])
    expect(r.statsAfter).toStrictEqual([stats('python', { size: 2, ready: 2, hits: 3 }), stats('typescript', { size: 2, ready: 2, hits: 2 })])
    // The children's PHICODE_HOME was primed with the interpreter probe (interpreters.json) by one run of an empty module, whose directory is gone.
    expect(r.home).toContain('interpreters.json')
    expect(r.work).toStrictEqual(['home'])
    expect(r.madeGroups.length).toBe(V2 ? 1 : 2)
    expect(r.left).toStrictEqual({ tmp: [], groups: [], lock: [] })
  }, 30_000)

  test('a warm Python job: the limits of docs/api.md applied by the zygote, none of the cold run\'s variables, its own hostname and no network', async () => {
    const code = [
      'import os, resource as r, socket',
      'print([r.getrlimit(x)[0] for x in (r.RLIMIT_CPU, r.RLIMIT_CORE, r.RLIMIT_FSIZE, r.RLIMIT_NPROC, r.RLIMIT_AS)])',
      'print("PHICODE_RLIMITS" in os.environ, "PHITON_PATH" in os.environ, os.environ["PHICODE_CACHE"], socket.gethostname())',
      'try:\n    socket.create_connection(("1.1.1.1", 53), timeout=2)\n    print("reached")\nexcept OSError:\n    print("no network")',
      'print(os.getcwd().startswith("/tmp/"), sorted(os.listdir("/tmp")) == [os.getcwd().split("/")[2]])',
    ].join('\n')
    const r = await whole({ options: { limits: { processes: 50, fileBytes: 70000 } }, jobs: [py(code, { timeoutMs: 2500 })] })
    expect(r.responses[0]).toMatchObject({ ...OK, output: '[4, 0, 70000, 50, -1]\nFalse False off sandbox\nno network\nTrue True\n' })
    expect(r.statsAfter[0]).toMatchObject({ hits: 1, misses: 0 })
  }, 30_000)

  test('a warm job\'s directory is a fresh exec-<12 hex digits>; a file-size limit of 0 is none at all', async () => {
    const code = 'import os, resource as r\nopen("f", "w").write("0123456789")\nprint(os.path.basename(os.getcwd()), os.path.getsize("f"), r.getrlimit(r.RLIMIT_FSIZE)[0])\n'
    const r = await whole({ options: { limits: { fileBytes: 0 } }, jobs: [py(code), { job: { file: 'main.ts', flag: '--bun', code: 'import { writeFileSync, statSync } from "node:fs"\nwriteFileSync("f", "0123456789")\nconsole.log(statSync("f").size)\n' } }] })
    expect(r.responses[0]).toMatchObject(OK)
    expect(r.responses[0]!.output).toMatch(/^exec-[0-9a-f]{12} 10 -1\n$/)
    expect(r.responses[1]).toMatchObject({ ...OK, output: '10\n' })
  }, 30_000)

  test('no process limit (0): a warm job has no RLIMIT_NPROC of its own and starts processes', async () => {
    const code = 'import resource as r, subprocess\nprint(r.getrlimit(r.RLIMIT_NPROC)[0] != 0, subprocess.run(["true"]).returncode)\n'
    const r = await whole({ options: { limits: { processes: 0 } }, jobs: [py(code)] })
    expect(r.responses[0]).toMatchObject({ ...OK, output: 'True 0\n' })
  }, 30_000)

  test('a warm TypeScript job: Bun\'s own tasks on top of the budget, the file-size limit, the server\'s config beside it', async () => {
    const code = 'import { readFileSync, readdirSync } from "node:fs"\nconst limits = readFileSync("/proc/self/limits", "utf8")\nconsole.log(/Max processes +(\\d+)/.exec(limits)![1], /Max file size +(\\d+)/.exec(limits)![1], /Max core file size +(\\d+)/.exec(limits)![1])\nconsole.log(readdirSync(".").filter((n) => n !== ".bun").sort().join(","), readFileSync(".(φ)/config.json", "utf8"))\n'
    const r = await whole({ options: { limits: { processes: 40, fileBytes: 80000 } }, configText: '{"language":"python"}', jobs: [{ job: { file: 'main.ts', flag: '--bun', code } }, { job: { file: 'main.ts', flag: '--bun', code: 'console.log(process.env.PHITON_PATH)\n' } }] })
    expect(r.responses[0]).toMatchObject({ ...OK, output: '72 80000 0\n.(φ),main.ts {"language":"python"}\n' })
    // A TypeScript job keeps the sandbox's Python in its environment (only a Python job's zygote drops it).
    expect(r.responses[1]).toMatchObject({ ...OK, output: '/usr/bin/python3\n' })
  }, 30_000)

  test('φ that does not convert runs cold, counted as a miss, and fails as phicode reports it', async () => {
    const r = await whole({ jobs: [{ job: { file: 'main.φ', code: 'π("unclosed\n' } }, { job: { file: 'main.φ', flag: '--bun', code: 'π(`x\n' } }] })
    expect(r.responses.map((x) => x.success)).toStrictEqual([false, false])
    expect(r.responses[0]!.stderr).toContain('main.φ')
    expect(r.statsAfter).toStrictEqual([stats('python', { misses: 1 }), stats('typescript', { misses: 1 })])
  }, 30_000)

  test('a work directory outside /tmp: a warm job sees none of it but its own directory', async () => {
    if (!existsSync('/var/tmp')) throw new Error('/var/tmp is missing: this test needs a temporary directory outside /tmp')
    const code = 'import os\nparent = os.path.dirname(os.getcwd())\nprint(os.listdir(parent) == [os.path.basename(os.getcwd())], os.listdir("/tmp"))\n'
    const r = await whole({ under: '/var/tmp', jobs: [py(code), py(code)] })
    expect(r.responses.map((x) => x.output)).toStrictEqual(['True []\n', 'True []\n'])
    expect(r.statsAfter[0]).toMatchObject({ hits: 2 })
  }, 30_000)

  test('warm limits: time and output, each with its own words; the zygote serves the next job', async () => {
    const r = await whole({
      options: { limits: { outputBytes: 1000 } },
      jobs: [py('print("started", flush=True)\nwhile True:\n    pass\n', { timeoutMs: 1500 }), py('while True:\n    print("x" * 99)\n'), py('print("next")\n')],
    })
    expect(r.responses[0]).toMatchObject({ success: false, exit_code: null, signal: 'SIGKILL', timed_out: true, truncated: false, output: 'started\n', error: 'timed out after 1500 ms' })
    expect(r.responses[1]).toMatchObject({ success: false, exit_code: null, signal: 'SIGKILL', timed_out: false, truncated: true, error: 'output passed the 1000-byte limit; the program was stopped' })
    expect(r.responses[1]!.output).toBe(`${'x'.repeat(99)}\n`.repeat(10))
    expect(r.responses[2]).toMatchObject({ ...OK, output: 'next\n' })
    expect(r.statsAfter[0]).toMatchObject({ hits: 3, misses: 0, ready: 1 })
  }, 30_000)

  test('a zygote that dies is started again, counted; a job whose zygote dies under it runs again cold, counted as a miss', async () => {
    const r = await whole({
      jobs: [
        { ...py('print("after one restart")\n'), killZygote: { before: 1 } },
        { ...py('print("after two")\n'), killZygote: { before: 2 } },
        { ...py('import os, time\ntime.sleep(2)\nprint("ran", os.getuid() > 0)\n'), killZygote: { during: true } },
      ],
      settle: 3,
    })
    expect(r.responses.map((x) => x.output)).toStrictEqual(['after one restart\n', 'after two\n', 'ran True\n'])
    expect(r.statsAfter).toStrictEqual([stats('python', { restarts: 3, hits: 3, misses: 1 }), stats('typescript', { restarts: 3 })])
  }, 30_000)

  test('exit codes and signals of a warm job', async () => {
    const r = await whole({ jobs: [py('import sys\nsys.exit(5)\n'), py('import os, signal\nos.kill(os.getpid(), signal.SIGTERM)\n'), py('import sys\nsys.stderr.write("bad\\n")\nsys.exit(1)\n'), py('import sys\nsys.stdout.write("x" * 300000 + "y")\n')] })
    // 300 kB comes from the zygote in many frames: every byte arrives, in order.
    expect(r.responses[3]).toMatchObject({ ...OK, output: `${'x'.repeat(300000)}y` })
    expect(r.responses[0]).toMatchObject({ success: false, exit_code: 5, signal: null, error: 'exited with code 5' })
    expect(r.responses[1]).toMatchObject({ success: false, exit_code: null, signal: 'SIGTERM', error: 'killed by SIGTERM' })
    expect(r.responses[2]).toMatchObject({ success: false, exit_code: 1, error: 'bad\n', stderr: 'bad\n' })
  }, 30_000)

  test('the memory cgroup stops a program past the limit, in Python and TypeScript, warm and cold', async () => {
    const hog = 'x = bytearray(300 * 1024 * 1024)\nfor i in range(0, len(x), 4096):\n    x[i] = 1\nprint("survived")\n'
    const tsHog = 'const a = new Uint8Array(300 * 1024 * 1024)\nfor (let i = 0; i < a.length; i += 4096) a[i] = 1\nconsole.log("survived")\n'
    const r = await whole({ options: { limits: { memoryBytes: 128 * 1024 * 1024 } }, jobs: [py(hog), { job: { file: 'main.ts', flag: '--bun', code: tsHog } }, py('print("after")\n')] })
    for (const x of r.responses.slice(0, 2)) expect(x).toMatchObject({ success: false, exit_code: null, signal: 'SIGKILL', error: 'memory limit exceeded', timed_out: false })
    expect(r.responses[2]).toMatchObject({ ...OK, output: 'after\n' })
    const cold = await whole({ env: { PHICODE_API_WARM: 'off' }, options: { limits: { memoryBytes: 128 * 1024 * 1024 } }, jobs: [py(hog)] })
    expect(cold.responses[0]).toMatchObject({ success: false, exit_code: null, signal: 'SIGKILL', error: 'memory limit exceeded' })
  }, 60_000)

  test('PHICODE_API_WARM=off: no pool, each job cold as its slot\'s uid in its view', async () => {
    const uidBase = base()
    const exit = (n: number) => py(`import sys\nsys.exit(${n})\n`)
    const r = await whole({ env: { PHICODE_API_WARM: 'off' }, options: { uidBase }, jobs: [py('import os, socket\nprint(os.getuid(), socket.gethostname())\n'), exit(3), py('import os, signal\nos.kill(os.getpid(), signal.SIGTERM)\n'), exit(128), exit(129), exit(159), exit(160), py('import time\nprint("asleep", flush=True)\ntime.sleep(3600)\n', { timeoutMs: 1000 })] })
    expect(r.responses[0]).toMatchObject({ ...OK, output: `${uidBase} sandbox\n` })
    // Asleep, it uses no CPU time: only the kill at the time limit ends it.
    expect(r.responses.pop()).toMatchObject({ success: false, exit_code: null, signal: 'SIGKILL', timed_out: true, output: 'asleep\n', error: 'timed out after 1000 ms' })
    // bubblewrap reports a child killed by signal n as exit code 128 + n; the sandbox reads such a code back as the signal.
    expect(r.responses.slice(1).map((x) => [x.exit_code, x.signal, x.error])).toStrictEqual([
      [3, null, 'exited with code 3'],
      [null, 'SIGTERM', 'killed by SIGTERM'],
      [128, null, 'exited with code 128'],
      [null, 'SIGHUP', 'killed by SIGHUP'],
      [null, 'SIGSYS', 'killed by SIGSYS'],
      [160, null, 'exited with code 160'],
    ])
    expect([r.statsBefore, r.statsAfter]).toStrictEqual([[], []])
    expect(r.left).toStrictEqual({ tmp: [], groups: [], lock: [] })
  }, 30_000)

  test('PHICODE_API_NETWORK=on: the host network', async () => {
    const r = await whole({ options: { network: true } })
    expect(r.isolation).toMatchObject({ network: 'host', filesystem: 'private' })
  }, 30_000)

  test('more slots than a uid block holds: refused at start, nothing left behind', async () => {
    const r = await whole({ options: { limits: { concurrency: 1001 } } })
    expect([r.error, r.exitCode]).toStrictEqual(['PHICODE_API_CONCURRENCY can be at most 1000 in uid mode', 64])
    expect([r.tmp, r.groups]).toStrictEqual([[], []])
  }, 30_000)
})

describe('process-group mode asked for under root', () => {
  test('no uid per slot, no pool; said so in the report', async () => {
    const r = await whole({ options: { sandbox: 'process-group' }, jobs: [py('import os\nprint(os.getuid())\n')] })
    expect(r.mode).toBe('process-group')
    expect(r.isolation).toStrictEqual({ network: 'none', filesystem: 'private', memory: 'cgroup', cgroup: V2 ? 'v2' : 'v1', uid_per_slot: false, missing: ['uid per slot (needs root): executions run as the server user and can signal its processes'] })
    expect(r.responses[0]).toMatchObject({ ...OK, output: '0\n' })
    expect([r.statsBefore, r.left]).toStrictEqual([[], { tmp: [], groups: [], lock: [] }])
  }, 30_000)
})
