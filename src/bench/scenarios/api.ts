/**
 * API latency: phicode's HTTP API on loopback, started and stopped here, request by request in
 * alternation with a bare Bun.serve that answers the same routes the shortest way (the same
 * converter for /convert, a plain spawn of the interpreter for /execute: no sandbox, no scan).
 */
import { join } from 'node:path'
import { figure } from '../_figure'
import { anotherRound, commandEnv, type Command, type RoundPlan } from '../proc'
import { Skip, timeBox, type Scenario, type ScenarioContext } from '../_scenario'
import { BARE_SERVER_FLAG, type Figure } from '../types'

const CONVERT_CODE = 'ƒ fib(n):\n    ¿ n < 2:\n        ⟲ n\n    ⟲ fib(n - 1) + fib(n - 2)\n\nπ([fib(k) ∀ k ∈ ⟪(20)])\n'

interface Server {
  url: string
  stop(): Promise<void>
}

/**
 * Starts a server that prints its URL on its first stdout line. Its stderr goes to a file (a
 * pipe nobody reads would fill and stall it) and its stdout is drained after that line.
 */
async function startServer(command: Command, what: string, logFile: string): Promise<Server> {
  const proc = Bun.spawn(command.cmd, { cwd: command.cwd, env: commandEnv(command.env), stdin: 'ignore', stdout: 'pipe', stderr: Bun.file(logFile) })
  const stop = async () => {
    proc.kill('SIGTERM')
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000)
    await proc.exited
    clearTimeout(timer)
  }
  const startTimer = setTimeout(() => proc.kill('SIGKILL'), 20_000)
  const reader = proc.stdout.getReader()
  const decoder = new TextDecoder()
  let text = ''
  for (;;) {
    const chunk = await reader.read()
    if (chunk.done) break
    text += decoder.decode(chunk.value, { stream: true })
    if (text.includes('\n')) break
  }
  clearTimeout(startTimer)
  const url = /(https?:\/\/\S+)/.exec(text.split('\n')[0] ?? '')?.[1]
  if (url) {
    void (async () => {
      while (!(await reader.read()).done);
    })()
    return { url, stop }
  }
  await stop()
  const stderr = await Bun.file(logFile).text()
  if (/unknown option --api-server/.test(stderr)) throw new Skip('this build has no HTTP API (--api-server)')
  throw new Error(`${what} did not start: ${stderr.trim().split('\n').slice(-2).join(' / ') || 'no URL on its first line'}`)
}

interface Request {
  id: string
  label: string
  path: string
  body?: unknown
  /** Checks a reply: the request must have done its work, not only answered. */
  ok(reply: unknown): boolean
  plan: RoundPlan
}

async function timeRequest(url: string, request: Request): Promise<number> {
  const start = Bun.nanoseconds()
  const response = await fetch(url + request.path, request.body === undefined ? {} : { method: 'POST', body: JSON.stringify(request.body), headers: { 'content-type': 'application/json' } })
  const reply: unknown = await response.json()
  const ms = (Bun.nanoseconds() - start) / 1e6
  if (!response.ok || !request.ok(reply)) throw new Error(`${request.path} answered ${response.status}: ${JSON.stringify(reply).slice(0, 300)}`)
  return ms
}

const succeeded = (reply: unknown) => (reply as { success?: boolean }).success === true
/** Both servers must really convert: an echo of the φ code would be no baseline. */
const converted = (reply: unknown) => succeeded(reply) && (reply as { converted?: string }).converted?.startsWith('def fib(n):\n    if n < 2:') === true

function requests(ctx: ScenarioContext): Request[] {
  // Requests by time: a busy machine sends fewer, not for longer.
  const light: RoundPlan = { min: 10, max: ctx.full ? 400 : 200, budgetMs: ctx.full ? 2000 : 1000 }
  const heavy: RoundPlan = { ...timeBox(ctx.full, 2, 3), min: 5 }
  const list: Request[] = [
    { id: 'api.health', label: 'GET /health', path: '/health', ok: (r) => (r as { status?: string }).status === 'ok', plan: light },
    { id: 'api.convert', label: 'POST /convert', path: '/convert', body: { code: CONVERT_CODE, target: 'python', dialect: 'python' }, ok: converted, plan: light },
    { id: 'api.execute.typescript', label: 'POST /execute, TypeScript', path: '/execute', body: { code: 'console.log("hello")', type: 'typescript' }, ok: succeeded, plan: heavy },
  ]
  if (ctx.tools.python) {
    list.push({ id: 'api.execute.python', label: 'POST /execute, Python', path: '/execute', body: { code: 'print("hello")', type: 'python' }, ok: succeeded, plan: heavy })
  } else ctx.note('python3 not found: POST /execute of Python is not measured')
  return list
}

export const apiScenario: Scenario = {
  id: 'api',
  title: 'API latency',
  description: 'the HTTP API on loopback (/health, /convert, /execute) beside a bare Bun.serve doing the least the route needs',
  async run(ctx) {
    const { tools, work } = ctx
    const servers: Server[] = []
    try {
      servers.push(await startServer({ cmd: [...tools.phicode, '--api-server', '--api-port', '0', '--api-host', '127.0.0.1'], cwd: work }, 'phicode --api-server', join(work, 'phicode-server.log')))
      const bare = { cmd: [...tools.phicode, BARE_SERVER_FLAG], cwd: work, env: { PHICODE_BENCH_PYTHON: tools.python?.path } }
      servers.push(await startServer(bare, 'the bare Bun.serve baseline', join(work, 'bare-server.log')))
      const [phicode, baseline] = servers as [Server, Server]
      const figures: Figure[] = []
      for (const request of requests(ctx)) {
        ctx.step(request.label)
        for (let k = 0; k < 3; k++) await Promise.all([timeRequest(phicode.url, request), timeRequest(baseline.url, request)])
        const own: number[] = []
        const base: number[] = []
        const start = performance.now()
        while (anotherRound(request.plan, own.length, performance.now() - start)) {
          own.push(await timeRequest(phicode.url, request))
          base.push(await timeRequest(baseline.url, request))
        }
        figures.push(figure({ id: request.id, label: request.label, unit: 'ms', params: { requests: own.length } }, own, { label: 'bare Bun.serve', samples: base }))
      }
      ctx.note('Sequential requests on 127.0.0.1, alternating between the two servers; each time is request sent → reply parsed.')
      return figures
    } finally {
      await Promise.all(servers.map((s) => s.stop()))
    }
  },
}
