/** wrk (apt-get install -y wrk) driven from the benchmarks: one run, parsed. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface WrkResult {
  rps: number
  p50: number
  p99: number
  /** Responses other than 2xx/3xx (e.g. 503 when the execution queue is full). */
  non2xx: number
  requests: number
}

export interface WrkRequest {
  url: string
  method?: 'GET' | 'POST'
  body?: string
}

const toMs = (value: string, unit: string): number => Number(value) * (unit === 'us' ? 1e-3 : unit === 's' ? 1e3 : unit === 'm' ? 6e4 : 1)

export function requireWrk(): string {
  const wrk = Bun.which('wrk')
  if (!wrk) throw new Error('wrk is not installed: apt-get install -y wrk')
  return wrk
}

/** `threads`: wrk's own (default: 2, or 1 for one connection). */
export async function runWrk(dir: string, req: WrkRequest, connections: number, seconds: number, threads = Math.min(2, connections)): Promise<WrkResult> {
  const script = join(dir, `wrk-${connections}-${Bun.hash(req.url + (req.body ?? ''))}.lua`)
  const lines = [`wrk.method = "${req.method ?? 'GET'}"`, 'wrk.headers["Content-Type"] = "application/json"']
  if (req.body !== undefined) lines.push(`wrk.body = [==[${req.body}]==]`)
  writeFileSync(script, lines.join('\n') + '\n')
  const proc = Bun.spawn(
    [requireWrk(), `-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--timeout', '30s', '--latency', '-s', script, req.url],
    { stdout: 'pipe', stderr: 'pipe' },
  )
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
  if (code !== 0) throw new Error(`wrk failed: ${err || out}`)
  const pct = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out)
    return m ? toMs(m[1]!, m[2]!) : NaN
  }
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    p50: pct('50'),
    p99: pct('99'),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0),
    requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
  }
}
