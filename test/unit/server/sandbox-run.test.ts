import { chmodSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'bun:test'
import type { ExecuteResponse } from '../../../src/server/types'
import { required } from '../../helpers/prerequisites'
import { startOf } from '../../helpers/proc-stat'
import { tempDir } from '../../helpers/tmp'

// The runner of src/server/sandbox/_run.ts with real processes: each spec runs in
// test/fixtures/server/sandbox-runner.ts, whose child phicode is phicode's real command line, and real
// Python (/usr/bin/python3, which a sandbox uid can reach). Expected values are written here.

const DRIVER = join(import.meta.dir, '..', '..', 'fixtures', 'server', 'sandbox-runner.ts')
if (!existsSync('/usr/bin/python3')) throw new Error('/usr/bin/python3 is missing: this test needs the system Python and does not skip')
required('setsid')

interface Result {
  responses: ExecuteResponse[]
  left: string[]
  workRoot: string
}

const SECRET = 'PHICODE_RUNNER_TEST_SECRET'

async function runSpec(spec: Record<string, unknown>): Promise<Result> {
  const proc = Bun.spawn([process.execPath, DRIVER, JSON.stringify(spec)], { env: { ...process.env, [SECRET]: 'hunter2' }, stdout: 'pipe', stderr: 'pipe' })
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
  if (code !== 0) throw new Error(`runner driver exited ${code}: ${err}`)
  return JSON.parse(out.trim().split('\n').at(-1)!) as Result
}

const one = async (job: Record<string, unknown>, spec: Record<string, unknown> = {}) => (await runSpec({ jobs: [{ file: 'main.py', ...job }], ...spec })).responses[0]!

const OK = { success: true, error: null, exit_code: 0, timed_out: false, truncated: false, signal: null }

/** This test process's soft limit, from /proc/self/limits (what a child inherits); -1 for unlimited, as Python says. */
function ownLimit(name: string): number {
  const value = new RegExp(`^${name} +(\\S+)`, 'm').exec(readFileSync('/proc/self/limits', 'utf8'))![1]!
  return value === 'unlimited' ? -1 : Number(value)
}

const pid = () => 2_050_000_000 + (process.pid % 5000) * 10

describe('a job run cold, as the server user (process-group mode)', () => {
  test('the child\'s environment is the scrubbed one: nothing of the server\'s, each variable as docs/api.md says', async () => {
    const code = 'import os, json, resource as r\nprint(json.dumps({k: v for k, v in os.environ.items()}))\nprint(os.getcwd())\nprint([r.getrlimit(x)[0] for x in (r.RLIMIT_CPU, r.RLIMIT_AS, r.RLIMIT_FSIZE, r.RLIMIT_NPROC)])\n'
    const r = await runSpec({ jobs: [{ file: 'main.py', code, timeoutMs: 4500 }], limits: { fileBytes: 12345, processes: 0, memoryBytes: 99999999 } })
    const [json, cwd, limits] = r.responses[0]!.output.trim().split('\n')
    const env = JSON.parse(json!) as Record<string, string>
    expect(env[SECRET]).toBeUndefined()
    expect(env.__STRYKER_ACTIVE_MUTANT__).toBeUndefined()
    expect(env.PHICODE_EXEC_ID).toMatch(/^[0-9a-f]{24}$/)
    expect(env).toMatchObject({
      PATH: '/usr/bin:/usr/local/bin:/usr/bin:/bin',
      HOME: cwd,
      TMPDIR: cwd,
      LANG: 'C.UTF-8',
      TERM: 'dumb',
      NO_COLOR: '1',
      PHICODE_HOME: join(r.workRoot, 'home'),
      PHICODE_SLOW_START_MS: '3600000',
      PHICODE_CACHE: 'off',
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONIOENCODING: 'utf-8',
      PHITON_PATH: '/usr/bin/python3',
    })
    // The bootstrap applied PHICODE_RLIMITS (and removed it): the CPU limit is the time limit, rounded up, plus a second.
    expect(env.PHICODE_RLIMITS).toBeUndefined()
    // No process limit asked for: the user's own stays.
    expect(limits).toBe(`[6, 99999999, 12345, ${ownLimit('Max processes')}]`)
    expect(cwd!.startsWith(join(r.workRoot, 'exec-'))).toBe(true)
    // Only PHICODE_HOME (the child phicode's probe cache) is left: the execution's directory went.
    expect(r.left).toStrictEqual(['home'])
  })

  test('the process budget of a user without a uid per slot counts the user\'s own tasks in', async () => {
    const code = 'import resource as r\nprint(*[r.getrlimit(x)[0] for x in (r.RLIMIT_CPU, r.RLIMIT_AS, r.RLIMIT_FSIZE, r.RLIMIT_NPROC)])\n'
    const [cpu, as, fsize, nproc] = (await one({ code, timeoutMs: 1000 }, { limits: { processes: 7 } })).output.trim().split(' ').map(Number)
    expect([cpu, as, fsize]).toStrictEqual([2, 1073741824, 16777216])
    // The user's own tasks (this test, its runner, …) plus the 7: more than 7, and below what the user had before.
    expect(nproc).toBeGreaterThan(7 + 1)
    const limit = ownLimit('Max processes')
    expect(limit === -1 || nproc! < limit).toBe(true)
  })

  test('without Python: no Python directory on PATH and no PHITON_PATH', async () => {
    const r = await one({ file: 'main.ts', flag: '--bun', code: 'console.log(process.env.PATH, process.env.PHITON_PATH === undefined)\n' }, { python: false })
    expect(r).toMatchObject({ ...OK, output: '/usr/local/bin:/usr/bin:/bin true\n' })
  })

  test('a program that succeeds: its stdout and stderr, apart; the time it took', async () => {
    const r = await one({ code: 'import sys\nprint("out")\nsys.stderr.write("err\\n")\n' })
    expect(r).toMatchObject({ ...OK, output: 'out\n', stderr: 'err\n' })
    expect(r.execution_time).toBeGreaterThan(0)
    expect(r.execution_time).toBeLessThan(20)
  })

  test('output still in the pipe when the program exits is read to its end', async () => {
    const r = await one({ code: 'import sys\nsys.stdout.write("x" * 2_000_000 + "end")\n' }, { limits: { outputBytes: 4_000_000 } })
    expect(r).toMatchObject({ ...OK, stderr: '' })
    expect([r.output.length, r.output.endsWith('xend')]).toStrictEqual([2_000_003, true])
  })

  test('TypeScript runs under --bun', async () => {
    expect(await one({ file: 'main.ts', flag: '--bun', code: 'const n: number = 40\nconsole.log(n + 2)\n' })).toMatchObject({ ...OK, output: '42\n' })
  })

  test('stdin and arguments reach the program; no stdin reads as empty', async () => {
    const code = 'import sys\nprint(repr(sys.stdin.read()), sys.argv[1:])\n'
    expect(await one({ code, stdin: 'line one\nline two', args: ['a b', '--c'] })).toMatchObject({ ...OK, output: "'line one\\nline two' ['a b', '--c']\n" })
    expect(await one({ code })).toMatchObject({ ...OK, output: "'' []\n" })
  })

  test('a non-zero exit: the code, and stderr as the error, or the code in words when stderr is empty', async () => {
    expect(await one({ code: 'import sys\nsys.exit(3)\n' })).toMatchObject({ success: false, exit_code: 3, error: 'exited with code 3', signal: null, timed_out: false })
    expect(await one({ code: 'import sys\nsys.stderr.write("bad")\nsys.exit(4)\n' })).toMatchObject({ success: false, exit_code: 4, stderr: 'bad', error: 'bad' })
  })

  test('killed by a signal: no exit code, the signal\'s name', async () => {
    const r = await one({ code: 'import os, signal\nos.kill(os.getpid(), signal.SIGTERM)\n' })
    expect(r).toMatchObject({ success: false, exit_code: null, signal: 'SIGTERM', error: 'killed by SIGTERM', timed_out: false })
  })

  test('past its time limit: SIGKILL, timed_out, the limit in the error', async () => {
    const r = await one({ code: 'print("started", flush=True)\nwhile True:\n    pass\n', timeoutMs: 1500 })
    expect(r).toMatchObject({ success: false, exit_code: null, signal: 'SIGKILL', timed_out: true, error: 'timed out after 1500 ms', truncated: false, output: 'started\n' })
  })

  test('past the output limit: stopped, the output cut at the limit, truncated', async () => {
    const r = await one({ code: 'while True:\n    print("x" * 99)\n' }, { limits: { outputBytes: 1000 } })
    expect(r).toMatchObject({ success: false, exit_code: null, signal: 'SIGKILL', timed_out: false, truncated: true, error: 'output passed the 1000-byte limit; the program was stopped' })
    expect(r.output).toBe(`${'x'.repeat(99)}\n`.repeat(10))
  })

  test('the client went away: stopped, said so', async () => {
    const flag = join(tempDir('phicode-runner-'), 'started')
    const r = await one({ code: `open(${JSON.stringify(flag)}, "w").close()\nimport time\ntime.sleep(60)\n` }, { abortWhen: flag })
    expect(r).toMatchObject({ success: false, exit_code: null, signal: 'SIGKILL', timed_out: false, error: 'the client went away; the program was stopped' })
  })

  test('killAll stops a running execution the same way', async () => {
    const flag = join(tempDir('phicode-runner-'), 'started')
    const r = await one({ code: `open(${JSON.stringify(flag)}, "w").close()\nimport time\ntime.sleep(60)\n` }, { killAllWhen: flag })
    expect(r).toMatchObject({ success: false, signal: 'SIGKILL', error: 'the client went away; the program was stopped' })
  })

  test('the project root of its own: main and .(φ) with the server\'s config, nothing else; all gone afterwards', async () => {
    const config = '{"symbols": {}}'
    // Bun, started by phicode with HOME there, may add its own .bun folder.
    const code = 'import os\nprint(sorted(n for n in os.listdir(".") if n != ".bun"), sorted(os.listdir(".(φ)")), open(".(φ)/config.json").read())\n'
    const r = await runSpec({ jobs: [{ file: 'main.py', code }], configText: config })
    expect(r.responses[0]).toMatchObject({ ...OK, output: `['.(φ)', 'main.py'] ['config.json'] ${config}\n` })
    const bare = await runSpec({ jobs: [{ file: 'main.py', code: 'import os\nprint(os.listdir(".(φ)"))\n' }] })
    expect(bare.responses[0]).toMatchObject({ ...OK, output: '[]\n' })
    expect([r.left, bare.left]).toStrictEqual([['home'], ['home']])
  })

  test('a process that left the group (setsid) is found by its marker and killed', async () => {
    const file = join(tempDir('phicode-runner-'), 'pid')
    const code = `import subprocess\np = subprocess.Popen(["setsid", "sleep", "300"])\nopen(${JSON.stringify(file)}, "w").write(str(p.pid))\n`
    expect(await one({ code })).toMatchObject(OK)
    const escaped = Number(readFileSync(file, 'utf8'))
    expect(startOf(escaped)).toBeUndefined()
  })
})

describe('a job run as its slot\'s own uid (root)', () => {
  if (process.getuid?.() !== 0) throw new Error('test/unit/server/sandbox-run.test.ts must run as root (CI does)')
  for (const command of ['setpriv', 'prlimit']) required(command)

  test('the program runs as the uid; its directory and files are the uid\'s, closed to others; the budget is the limit alone', async () => {
    const uid = pid()
    const code = 'import os, resource as r\nst = os.stat(".")\nprint(os.getuid(), os.getgid(), oct(st.st_mode & 0o777), st.st_uid, os.stat("main.py").st_uid, os.stat(".(φ)").st_uid, os.stat(".(φ)/config.json").st_uid)\nprint(*[r.getrlimit(x) for x in (r.RLIMIT_CPU, r.RLIMIT_NPROC, r.RLIMIT_CORE)])\n'
    const r = await one({ code, timeoutMs: 2000 }, { uid, configText: '{}', limits: { processes: 9 } })
    // prlimit set the hard limits first (nproc with phicode's 32 on top); the bootstrap then the soft and hard ones it was given.
    expect(r).toMatchObject({ ...OK, output: `${uid} ${uid} 0o700 ${uid} ${uid} ${uid} ${uid}\n(3, 3) (9, 9) (0, 0)\n` })
  })

  test('prlimit holds the file size: a bigger file fails to be written', async () => {
    const code = 'try:\n    with open("big", "wb") as f:\n        f.write(b"x" * 5000)\n    print("wrote")\nexcept OSError as e:\n    print("refused", e.errno)\n'
    const r = await one({ code }, { uid: pid() + 1, limits: { fileBytes: 4096 } })
    expect(r.output).toBe('refused 27\n')
  })

  test('whatever it left running under the uid is killed, and the next job of the slot runs', async () => {
    const uid = pid() + 2
    const dir = tempDir('phicode-runner-')
    chmodSync(dir, 0o777)
    const file = join(dir, 'pid')
    const code = `import subprocess, os\np = subprocess.Popen(["setsid", "sh", "-c", "unset PHICODE_EXEC_ID; exec sleep 300"], env={})\nopen(${JSON.stringify(file)}, "w").write(str(p.pid))\n`
    const r = await runSpec({ uid, jobs: [{ file: 'main.py', code }, { file: 'main.py', code: 'print("next")\n' }] })
    expect(r.responses.map((x) => x.output)).toStrictEqual(['', 'next\n'])
    const escaped = Number(readFileSync(file, 'utf8'))
    expect(startOf(escaped)).toBeUndefined()
  })
})
