import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { convert } from '../transpile/convert'
import { tempRoot } from '../util/os'

/**
 * The API scenario's baseline: a bare `Bun.serve` doing the least each route needs, with the
 * same converter in the same executable (this binary, started with BARE_SERVER_FLAG). No
 * routing table, validation, auth, limits or sandbox: what those cost is the difference the
 * scenario shows. The interpreters come from the environment the scenario sets.
 */
export function serveBare(): Promise<number> {
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    development: false,
    async fetch(req) {
      const path = new URL(req.url).pathname
      if (path === '/health') return Response.json({ status: 'ok' })
      if (path === '/convert') {
        const body = (await req.json()) as { code: string; dialect: 'python' | 'typescript' }
        return Response.json({ success: true, converted: convert(body.code, 'forward', { dialect: body.dialect }).code })
      }
      if (path === '/execute') return Response.json(await execute((await req.json()) as { code: string; type: string }))
      return new Response('not found', { status: 404 })
    },
    error: () => new Response('error', { status: 500 }),
  })
  console.log(`listening on ${server.url.href.replace(/\/$/, '')}`)
  return new Promise((resolve) => {
    const stop = () => server.stop(true).then(() => resolve(0))
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
  })
}

/** The code in a fresh directory, run by a plain `Bun.spawn` of its interpreter. */
async function execute(body: { code: string; type: string }) {
  const dir = mkdtempSync(join(tempRoot(), 'phicode-bench-bare-'))
  try {
    const python = body.type === 'python'
    const file = join(dir, python ? 'main.py' : 'main.ts')
    writeFileSync(file, body.code)
    const cmd = python ? [process.env.PHICODE_BENCH_PYTHON ?? 'python3', file] : [process.execPath, file]
    const proc = Bun.spawn(cmd, { cwd: dir, stdout: 'pipe', stderr: 'pipe', stdin: 'ignore', env: { ...process.env, BUN_BE_BUN: '1' } })
    const [output, error, exit_code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
    return { success: exit_code === 0, output, error, exit_code }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
