import { afterAll, describe, expect, test } from 'bun:test'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { get, post, startServer, stopAllServers, type TestServer } from '../../helpers/api'
import { ROOT } from '../../helpers/binary'
import { startLoad, until } from '../../helpers/load'
import { freePort } from '../../helpers/port'
import { required } from '../../helpers/prerequisites'
import { tempDir } from '../../helpers/tmp'

afterAll(stopAllServers)

/**
 * Debian's nginx in the foreground as this user, everything under `dir` (no system paths), with
 * deploy/nginx/phicode.conf as its site: only the ports are swapped for the test's.
 */
async function startNginx(dir: string, upstreams: number[]) {
  // Debian installs it in /usr/sbin, which an ordinary user's PATH may lack.
  const nginx = Bun.which('nginx', { PATH: `${process.env.PATH}:/usr/sbin:/sbin` }) ?? required('nginx')
  const port = freePort()
  let site = readFileSync(join(ROOT, 'deploy/nginx/phicode.conf'), 'utf8').replace('listen 127.0.0.1:8000;', `listen 127.0.0.1:${port};`)
  upstreams.forEach((upstream, k) => (site = site.replace(`127.0.0.1:800${k + 1} `, `127.0.0.1:${upstream} `)))
  expect(site).not.toMatch(/127\.0\.0\.1:800\d/)
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub), { recursive: true })
  writeFileSync(join(dir, 'site.conf'), site)
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/site.conf;
}
`,
  )
  const proc = Bun.spawn([nginx, '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdin: 'ignore', stdout: 'ignore', stderr: 'pipe' })
  const url = `http://127.0.0.1:${port}`
  await until(
    async () => {
      if (proc.exitCode !== null) throw new Error(`nginx exited: ${await new Response(proc.stderr).text()}\n${readFileSync(join(dir, 'error.log'), 'utf8')}`)
      return fetch(`${url}/health`).then((r) => r.ok, () => false)
    },
    10_000,
    'nginx to answer',
  )
  return {
    url,
    async stop() {
      proc.kill('SIGQUIT')
      await proc.exited
    },
  }
}

describe('nginx in front of two instances', () => {
  test('a 503 from a full instance goes to the other; when both are full the client gets the 503 with Retry-After', async () => {
    // One slot and no queue each: one running execution makes an instance turn the next away.
    const env = { PHICODE_API_CONCURRENCY: '1', PHICODE_API_QUEUE: '0' }
    const [a, b] = await Promise.all([startServer({ args: ['--bypass'], env }), startServer({ args: ['--bypass'], env })])
    const nginx = await startNginx(tempDir('phicode-nginx-'), [Number(new URL(a!.url).port), Number(new URL(b!.url).port)])
    const hold = (s: TestServer) => post(s.url, '/execute', { code: 'import time\ntime.sleep(2)', type: 'python' })
    const busy = async (s: TestServer) => until(async () => (await get(s.url, '/ready')).status === 503, 10_000, 'the instance to be full')
    try {
      const holdingA = hold(a!)
      await busy(a!)
      // Round robin sends one of two requests to the full instance first: both must still succeed.
      for (const n of [7, 8]) {
        const through = await fetch(`${nginx.url}/execute`, { method: 'POST', body: JSON.stringify({ code: `print(${n})`, type: 'python' }) })
        expect(through.status).toBe(200)
        expect(((await through.json()) as { output: string }).output).toBe(`${n}\n`)
      }
      // …and the full one did turn one away (so nginx retried it on the other).
      const metrics = await (await fetch(`${a!.url}/metrics`)).text()
      expect(metrics).toMatch(/^phicode_api_unavailable_total\{worker="0",route="\/execute"\} [1-9]/m)
      await holdingA
      const holding = [hold(a!), hold(b!)]
      await Promise.all([busy(a!), busy(b!)])
      const refused = await fetch(`${nginx.url}/execute`, { method: 'POST', body: JSON.stringify({ code: 'print(9)', type: 'python' }) })
      expect(refused.status).toBe(503)
      expect(refused.headers.get('retry-after')).toBe('1')
      expect(((await refused.json()) as { success: boolean }).success).toBe(false)
      await Promise.all(holding)
    } finally {
      await nginx.stop()
    }
    expect(await a!.stop()).toBe(0)
    expect(await b!.stop()).toBe(0)
  }, 60_000)

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    test(`one instance stopped with ${signal} under load: zero failed requests`, async () => {
      const [a, b] = await Promise.all([startServer(), startServer()])
      const nginx = await startNginx(tempDir('phicode-nginx-'), [Number(new URL(a!.url).port), Number(new URL(b!.url).port)])
      try {
        const info = startLoad(() => fetch(`${nginx.url}/info`), 2)
        const convert = startLoad(() => fetch(`${nginx.url}/convert`, { method: 'POST', body: JSON.stringify({ code: 'π(1)', target: 'python' }) }), 2)
        await until(() => info.ok + convert.ok >= 300, 30_000, 'load through nginx')
        // Both instances took part before one goes.
        for (const s of [a!, b!]) expect((await fetch(`${s.url}/metrics`).then((r) => r.text())).match(/route="\/info",method="GET",status="200"\} (\d+)/)?.[1]).toBeDefined()
        const stopped = b!.stop(signal)
        const atStop = info.ok + convert.ok
        await stopped
        await until(() => info.ok + convert.ok >= atStop + 1000, 30_000, 'load after the stop')
        await Promise.all([info.stop(), convert.stop()])
        console.log(`nginx, one of two instances stopped with ${signal}: ${info.ok + convert.ok} answered, ${info.failures.length + convert.failures.length} failed`)
        expect([...info.failures, ...convert.failures]).toEqual([])
      } finally {
        await nginx.stop()
      }
      expect(await a!.stop()).toBe(0)
    }, 90_000)
  }
})
