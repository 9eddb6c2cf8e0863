/**
 * The baseline beside the phicode API in bench/api.ts: a bare Bun.serve that answers the same
 * requests with nothing in between — a constant JSON for GET /info, the same conversion call
 * (phicode's own scanner, no body limit, schema or config) for POST /convert, and the interpreter
 * spawned directly on a ready file for POST /execute?lang=…
 *   bun bench/_api-baseline.ts <dir> <python> <bun>   (prints its URL)
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { convert, type Dialect } from '../src/transpile'

const [dir, python, bun] = process.argv.slice(2) as [string, string, string]
writeFileSync(join(dir, 'hello.py'), 'print("hello")\n')
writeFileSync(join(dir, 'hello.ts'), 'console.log("hello")\n')
const commands: Record<string, string[]> = { python: [python, join(dir, 'hello.py')], typescript: [bun, join(dir, 'hello.ts')] }
const info = JSON.stringify({ name: 'baseline', limits: { concurrency: 2, queue: 64 }, types: ['auto', 'phicode', 'python', 'typescript'] })

const server = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  reusePort: false,
  async fetch(req) {
    const url = new URL(req.url)
    if (url.pathname === '/info') return new Response(info, { headers: { 'Content-Type': 'application/json' } })
    if (url.pathname === '/convert') {
      const body = (await req.json()) as { code: string; target: Dialect }
      const result = convert(body.code, 'forward', { dialect: body.target })
      return Response.json({ success: true, converted: result.code, symbols_used: result.symbolsUsed, target: body.target })
    }
    if (url.pathname === '/execute') {
      await req.arrayBuffer()
      const proc = Bun.spawn(commands[url.searchParams.get('lang') ?? 'python']!, { stdout: 'pipe', stderr: 'pipe', cwd: dir })
      const [output, error, exit_code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
      return Response.json({ success: exit_code === 0, output, error, exit_code })
    }
    return new Response('not found', { status: 404 })
  },
})
console.log(`listening on http://127.0.0.1:${server.port}`)
process.on('SIGTERM', () => process.exit(0))
