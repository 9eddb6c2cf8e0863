import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { conforms, get, leftoverDirs, post, processesRunning, sandboxProcesses, startServer, stopAllServers, type Reply, type TestServer } from '../../helpers/api'

/** Scanner on, default limits: what a user gets. */
let server: TestServer
/** --bypass and small limits: hostile code reaches the sandbox, which must hold on its own. */
let raw: TestServer
let doc: Record<string, any>
let sandbox: string

beforeAll(async () => {
  ;[server, raw] = await Promise.all([
    startServer(),
    startServer({
      args: ['--bypass'],
      env: { PHICODE_API_CONCURRENCY: '2', PHICODE_API_QUEUE: '16', PHICODE_API_MAX_OUTPUT: '65536', PHICODE_API_MAX_PROCESSES: '64' },
    }),
  ])
  doc = (await get(server.url, '/openapi.json')).body
  sandbox = (await get(raw.url, '/info')).body.sandbox
})
afterAll(stopAllServers)

async function execute(on: TestServer, body: Record<string, unknown>): Promise<Reply> {
  const reply = await post(on.url, '/execute', body)
  conforms(doc, reply, 'POST', '/execute', reply.status)
  return reply
}

describe('POST /execute runs each language with stdin and args', () => {
  const cases: Array<[name: string, type: string, code: string, expected: string]> = [
    ['python', 'python', 'import sys\nprint("py", sys.argv[1:], sys.stdin.read())\n', "py ['a b', '--debug'] in\n"],
    ['φ python', 'phicode', '⇒ sys\nπ("φ", sys.argv[1:], sys.stdin.read())\n', "φ ['a b', '--debug'] in\n"],
    ['φ typescript', 'phicode', '// phicode: typescript\nπ("φts", process.argv.slice(2), await Bun.stdin.text())\n', 'φts [ "a b", "--debug" ] in\n'],
    ['typescript', 'typescript', 'const n: number = 1\nconsole.log("ts", n, process.argv.slice(2), await Bun.stdin.text())\n', 'ts 1 [ "a b", "--debug" ] in\n'],
    // φ is TSX, through the API as on the command line.
    ['φ typescript with JSX', 'phicode', '// phicode: typescript\n/** @jsxRuntime classic */\n/** @jsx h */\nconst h = (tag: string) => `h:${tag}`\nπ(<b />, process.argv.slice(2), await Bun.stdin.text())\n', 'h:b [ "a b", "--debug" ] in\n'],
    ['auto → python', 'auto', 'import sys\nprint("auto", sys.argv[1:], sys.stdin.read())\n', "auto ['a b', '--debug'] in\n"],
    ['auto → φ', 'auto', '⇒ sys\nπ("auto φ", sys.argv[1:], sys.stdin.read())\n', "auto φ ['a b', '--debug'] in\n"],
    ['auto → typescript', 'auto', 'const t = await Bun.stdin.text();\nconsole.log("auto ts", process.argv.slice(2), t);\n', 'auto ts [ "a b", "--debug" ] in\n'],
  ]
  for (const [name, type, code, expected] of cases) {
    test(name, async () => {
      const reply = await execute(server, { code, type, stdin: 'in', args: ['a b', '--debug'] })
      expect(reply.status).toBe(200)
      expect(reply.body).toMatchObject({ success: true, output: expected, stderr: '', error: null, exit_code: 0, timed_out: false, truncated: false, signal: null })
      expect(reply.body.execution_time).toBeGreaterThan(0)
    })
  }

  test('exit codes, exceptions on stderr, triple quotes and backslashes in code', async () => {
    const exit = await execute(server, { code: 'raise SystemExit(3)', type: 'python' })
    expect(exit.body).toMatchObject({ success: false, exit_code: 3, stderr: '', error: 'exited with code 3' })
    const thrown = await execute(server, { code: 'ƒ f():\n    ↑ ValueError("bad")\nf()\n', type: 'phicode' })
    expect(thrown.body.exit_code).toBe(1)
    expect(thrown.body.error).toContain('ValueError: bad')
    expect(thrown.body.error).toContain('main.φ", line 2')
    expect(thrown.body.stderr).toBe(thrown.body.error)
    const quoted = await execute(server, { code: 'print("""a \\""" b""" + \'\\\\\' + "\\\\n")\n', type: 'python' })
    expect(quoted.body.output).toBe('a """ b\\\\n\n')
  })
})

describe('the sandbox holds (the bad-input table, executed)', () => {
  test('an infinite loop is killed at the time limit', async () => {
    const reply = await execute(raw, { code: 'while True:\n    pass\n', type: 'python', timeout_ms: 1000 })
    expect(reply.body).toMatchObject({ success: false, timed_out: true, exit_code: null, signal: 'SIGKILL', stderr: '', error: 'timed out after 1000 ms' })
    expect(reply.body.execution_time).toBeGreaterThanOrEqual(1)
  }, 20_000)

  test('a long-lived grandchild, even in a session of its own, is gone when the request ends', async () => {
    const seconds = ['300.1', '300.2'].map((s) => `${s}${process.pid}`)
    const code = `import subprocess\nfor s, t in ((False, '${seconds[0]}'), (True, '${seconds[1]}')):\n    print(subprocess.Popen(["sleep", t], start_new_session=s).pid)\n`
    const reply = await execute(raw, { code, type: 'python', timeout_ms: 10_000 })
    expect(reply.body).toMatchObject({ success: true, timed_out: false })
    expect(reply.body.output.trim().split('\n')).toHaveLength(2)
    for (const t of seconds) expect(processesRunning(['sleep', t])).toEqual([])
  }, 20_000)

  test('a child that closes stdout and keeps running ends at the limit', async () => {
    const reply = await execute(raw, { code: 'import os, time\nprint("bye", flush=True)\nos.close(1)\nos.close(2)\ntime.sleep(300)\n', type: 'python', timeout_ms: 1000 })
    expect(reply.body).toMatchObject({ output: 'bye\n', timed_out: true })
  }, 20_000)

  test('a gigabyte of output is cut at the cap and stopped there', async () => {
    const code = 'import sys\nb = b"x" * 1048576\nfor _ in range(1024):\n    sys.stdout.buffer.write(b)\n'
    const reply = await execute(raw, { code, type: 'python', timeout_ms: 20_000 })
    expect(reply.body).toMatchObject({ success: false, truncated: true, timed_out: false, exit_code: null })
    expect(reply.body.output.length).toBe(65536)
  }, 20_000)

  test('a fork bomb stays inside its process limit and is gone afterwards', async () => {
    // Under root only a uid of its own binds RLIMIT_NPROC: never run this as root without it.
    if (sandbox !== 'uid' && process.getuid?.() === 0) throw new Error('refusing to run a fork bomb as root without the uid sandbox')
    const code = 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n'
    const reply = await execute(raw, { code, type: 'python', timeout_ms: 1000 })
    expect(reply.body.timed_out).toBe(true)
    expect(sandboxProcesses(raw)).toEqual([])
    expect((await get(raw.url, '/health')).status).toBe(200)
  }, 20_000)

  test('500 concurrent executions: each is run or turned away with 503 and Retry-After', async () => {
    const replies = await Promise.all(Array.from({ length: 500 }, () => post(raw.url, '/execute', { code: 'print(1)', type: 'python' })))
    const ran = replies.filter((r) => r.status === 200)
    const busy = replies.filter((r) => r.status === 503)
    expect(ran.length + busy.length).toBe(500)
    expect(ran.length).toBeGreaterThanOrEqual(16)
    expect(ran.every((r) => r.body.output === '1\n')).toBe(true)
    expect(busy.every((r) => r.headers.get('retry-after') === '1' && r.body.success === false)).toBe(true)
  }, 20_000)

  test('a client that gives up gets its program killed', async () => {
    const abort = new AbortController()
    const body = JSON.stringify({ code: 'import time\ntime.sleep(30)', type: 'python', timeout_ms: 30_000 })
    const pending = fetch(raw.url + '/execute', { method: 'POST', body, signal: abort.signal }).catch(() => 'aborted')
    for (let k = 0; k < 200 && sandboxProcesses(raw).length === 0; k++) await Bun.sleep(20)
    expect(sandboxProcesses(raw).length).toBeGreaterThan(0)
    abort.abort()
    expect(await pending).toBe('aborted')
    for (let k = 0; k < 100 && sandboxProcesses(raw).length > 0; k++) await Bun.sleep(20)
    expect(sandboxProcesses(raw)).toEqual([])
  }, 20_000)

  test('afterwards: /health answers, no sandboxed process and no execution directory is left', async () => {
    // A slot whose program was killed is free again once the kernel has reaped what was killed.
    for (let k = 0; k < 250 && (await get(raw.url, '/health')).body.running > 0; k++) await Bun.sleep(20)
    expect((await get(raw.url, '/health')).body).toMatchObject({ status: 'ok', running: 0, waiting: 0 })
    expect(sandboxProcesses(raw)).toEqual([])
    expect(sandboxProcesses(server)).toEqual([])
    expect(leftoverDirs(raw)).toEqual([])
    expect(leftoverDirs(server)).toEqual([])
  })
})

describe('process-group mode (an ordinary user\'s server)', () => {
  test('a grandchild in a session of its own is found by its environment marker and killed', async () => {
    const s = await startServer({ args: ['--bypass'], env: { PHICODE_API_SANDBOX: 'process-group' } })
    try {
      expect((await get(s.url, '/info')).body.sandbox).toBe('process-group')
      const t = `300.3${process.pid}`
      const code = `import subprocess\nprint(subprocess.Popen(["sleep", "${t}"], start_new_session=True).pid)\n`
      const reply = await execute(s, { code, type: 'python' })
      expect(reply.body.success).toBe(true)
      expect(processesRunning(['sleep', t])).toEqual([])
    } finally {
      expect(await s.stop()).toBe(0)
    }
  }, 20_000)
})

describe('the scanner guards /execute', () => {
  test('threats in code are refused with 403 and located findings, in every language', async () => {
    const cases: Array<[type: string, code: string, rule: string, line: number, column: number]> = [
      ['python', 'import os\nx = 1; os.system("id")\n', 'py-shell', 2, 8],
      ['phicode', '⇒ os\n¿ ✓: os.system("id")\n', 'py-shell', 2, 6],
      ['typescript', 'const p = Bun.spawn(["id"])\n', 'ts-spawn', 1, 11],
      ['phicode', '// phicode: typescript\nƒ f() { ⟲ eval("1") }\n', 'ts-eval', 2, 11],
    ]
    for (const [type, code, rule, line, column] of cases) {
      const reply = await execute(server, { code, type })
      expect(reply.status).toBe(403)
      expect(reply.body.findings).toEqual([expect.objectContaining({ rule, line, column })])
    }
  })

  test('the same words in strings and comments run', async () => {
    const reply = await execute(server, { code: '# os.system("id")\nprint("os.system(\'rm -rf /\')", """eval(1)""")\n', type: 'python' })
    expect(reply.body).toMatchObject({ success: true, output: "os.system('rm -rf /') eval(1)\n" })
  })
})

describe('stopping with executions in flight', () => {
  test('SIGTERM lets a running execution finish, then exits 0', async () => {
    const s = await startServer({ args: ['--bypass'] })
    const pending = post(s.url, '/execute', { code: 'import time\ntime.sleep(0.8)\nprint("done")', type: 'python' })
    for (let k = 0; k < 100 && (await get(s.url, '/health')).body.running === 0; k++) await Bun.sleep(20)
    const exited = s.stop()
    expect((await pending).body).toMatchObject({ success: true, output: 'done\n' })
    expect(await exited).toBe(0)
    expect(s.leftAtExit).toEqual([])
  }, 20_000)

  test('past the grace period its program is killed, and the server still exits 0 leaving nothing', async () => {
    const s = await startServer({ args: ['--bypass'], env: { PHICODE_API_GRACE_MS: '300' } })
    const pending = post(s.url, '/execute', { code: 'import time\ntime.sleep(60)', type: 'python', timeout_ms: 30_000 }).catch(() => undefined)
    for (let k = 0; k < 100 && (await get(s.url, '/health')).body.running === 0; k++) await Bun.sleep(20)
    expect(await s.stop()).toBe(0)
    await pending
    expect(s.stderr()).toContain('killing their programs')
    expect(s.leftAtExit).toEqual([])
    expect(sandboxProcesses(s)).toEqual([])
  }, 20_000)
})
