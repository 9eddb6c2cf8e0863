import { describe, expect, test } from 'bun:test'
import { connect } from 'node:net'
import { readdirSync } from 'node:fs'
import { call, get, post, startServer, documentedServer } from '../../helpers/api'
import { PHICODE, runPhicode } from '../../helpers/binary'
import { schemaErrors } from '../../helpers/schema'

const api = documentedServer()
const { conforms } = api
const requestSchema = (path: string) => api.doc.paths[path].post.requestBody.content['application/json'].schema

describe('GET endpoints', () => {
  test('/health, /info, /symbols and /openapi.json answer with their documented shapes', async () => {
    conforms(await get(api.server.url, '/health'), 'GET', '/health', 200)
    const info = await get(api.server.url, '/info')
    conforms(info, 'GET', '/info', 200)
    expect(info.body).toMatchObject({ name: 'phicode', types: ['auto', 'phicode', 'python', 'typescript'], auth: 'none' })
    expect(info.body.sandbox).toBe(process.getuid?.() === 0 ? 'uid' : 'process-group')
    const symbols = await get(api.server.url, '/symbols')
    conforms(symbols, 'GET', '/symbols', 200)
    expect(symbols.body.symbols.def).toBe('ƒ')
    expect(symbols.body.dialects.typescript.function).toBe('ƒ')
    expect(symbols.body.dialects.typescript['console.log']).toBe('π')
    conforms(await get(api.server.url, '/openapi.json'), 'GET', '/openapi.json', 200)
  })

  test('the OpenAPI 3.1 document describes every route, request and response', () => {
    expect(api.doc.openapi).toBe('3.1.0')
    expect(Object.keys(api.doc.paths).sort()).toEqual(['/convert', '/execute', '/health', '/info', '/metrics', '/openapi.json', '/ready', '/symbols'])
    for (const [path, methods] of Object.entries<any>(api.doc.paths)) {
      for (const [method, op] of Object.entries<any>(methods)) {
        expect(op.responses['200'], `${method} ${path}`).toBeDefined()
        if (method === 'post') expect(op.requestBody.content['application/json'].schema.$ref).toMatch(/Request$/)
        for (const response of Object.values<any>(op.responses)) expect(response.description.length).toBeGreaterThan(0)
      }
    }
    expect(api.doc.components.schemas.ExecuteResponse.required).toEqual(['success', 'output', 'stderr', 'error', 'exit_code', 'execution_time', 'timed_out', 'truncated', 'signal'])
    expect(api.doc.components.schemas.ExecuteRequest.required).toEqual(['code'])
    expect(api.doc.components.schemas.ConvertRequest.required).toEqual(['code', 'target'])
  })

  test('every route and method in the document is served; a request the document allows succeeds', async () => {
    for (const [path, methods] of Object.entries<any>(api.doc.paths)) {
      for (const method of Object.keys(methods)) {
        const reply = method === 'post' ? await post(api.server.url, path, { code: 'π(1)', target: 'python' }) : await get(api.server.url, path)
        expect(reply.status, `${method} ${path}`).toBe(200)
        if (method === 'post') expect(schemaErrors({ code: 'π(1)', target: 'python' }, requestSchema(path), api.doc), path).toEqual([])
      }
    }
  })

  test('unknown route 404, wrong method 405 with Allow, both JSON', async () => {
    const missing = await get(api.server.url, '/nope')
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({ success: false })
    const wrong = await call(api.server.url, 'DELETE', '/execute')
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('POST')
    expect((await post(api.server.url, '/info', {})).status).toBe(405)
    expect((await get(api.server.url, '/execute')).status).toBe(405)
  })
})

describe('POST /convert', () => {
  test('φ → python, φ → typescript, and back to φ with the dialect given or detected', async () => {
    const py = await post(api.server.url, '/convert', { code: 'ƒ f(n):\n    ⟲ n ¿ n ⋄ Ø\n', target: 'python' })
    conforms(py, 'POST', '/convert', 200)
    expect(py.body).toMatchObject({ success: true, converted: 'def f(n):\n    return n if n else None\n', target: 'python', dialect: 'python' })
    expect(py.body.symbols_used.sort()).toEqual(['Ø', 'ƒ', '¿', '⋄', '⟲'].sort())
    const ts = await post(api.server.url, '/convert', { code: 'ƒ f(a) { ⟲ a ≡ Ø }', target: 'typescript' })
    expect(ts.body.converted).toBe('function f(a) { return a === null }')
    const back = await post(api.server.url, '/convert', { code: 'def f():\n    return "def"  # return\n', target: 'phicode' })
    expect(back.body).toMatchObject({ converted: 'ƒ f():\n    ⟲ "def"  # return\n', dialect: 'python', target: 'phicode' })
    const tsBack = await post(api.server.url, '/convert', { code: 'if (x) { return null }', target: 'phicode', dialect: 'typescript' })
    expect(tsBack.body.converted).toBe('¿ (x) { ⟲ Ø }')
  })

  test('triple quotes and backslashes pass through untouched', async () => {
    const code = 'ƒ f():\n    """a \\""" b ¿"""\n    ⟲ "a\\\\b\\n" + \'\'\'x\'\'\'\n'
    const reply = await post(api.server.url, '/convert', { code, target: 'python' })
    expect(reply.body.converted).toBe(code.replace('ƒ', 'def').replace('⟲', 'return'))
  })

  test('a conversion error is 422 with line and column; a disagreeing dialect is 400', async () => {
    const broken = await post(api.server.url, '/convert', { code: 'ƒ f():\n    ⟲ "open\n', target: 'python' })
    conforms(broken, 'POST', '/convert', 422)
    expect(broken.body).toMatchObject({ success: false, field: 'code', line: 2, column: 7 })
    const disagree = await post(api.server.url, '/convert', { code: 'x', target: 'python', dialect: 'typescript' })
    conforms(disagree, 'POST', '/convert', 400)
    expect(disagree.body.field).toBe('dialect')
  })
})

/** The issue's bad-input table, the parts answered before anything runs. */
describe('bad input is a 4xx with a JSON error, never a 500', () => {
  const cases: Array<[name: string, path: string, body: string | Uint8Array, status: number, field?: string]> = [
    ['invalid JSON', '/execute', '{"code": "print(1)",', 400],
    ['a JSON array', '/execute', '[1, 2]', 400],
    ['JSON null', '/convert', 'null', 400],
    ['empty body', '/execute', '', 400],
    ['invalid UTF-8', '/execute', new Uint8Array([0x7b, 0x22, 0x63, 0x6f, 0x64, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 400],
    ['missing code', '/execute', '{"type": "python"}', 400, 'code'],
    ['code is a number', '/execute', '{"code": 5}', 400, 'code'],
    ['unknown type', '/execute', '{"code": "", "type": "cobol"}', 400, 'type'],
    ['args not an array', '/execute', '{"code": "", "args": "a b"}', 400, 'args'],
    ['args holding a number', '/execute', '{"code": "", "args": ["a", 1]}', 400, 'args'],
    ['stdin an object', '/execute', '{"code": "", "stdin": {}}', 400, 'stdin'],
    ['timeout_ms a string', '/execute', '{"code": "", "timeout_ms": "100"}', 400, 'timeout_ms'],
    ['timeout_ms a fraction', '/execute', '{"code": "", "timeout_ms": 1.5}', 400, 'timeout_ms'],
    ['timeout_ms past the server maximum', '/execute', '{"code": "", "timeout_ms": 3600000}', 400, 'timeout_ms'],
    ['timeout_ms zero', '/execute', '{"code": "", "timeout_ms": 0}', 400, 'timeout_ms'],
    ['missing target', '/convert', '{"code": "x"}', 400, 'target'],
    ['unknown target', '/convert', '{"code": "x", "target": "rust"}', 400, 'target'],
    ['unknown dialect', '/convert', '{"code": "x", "target": "phicode", "dialect": "go"}', 400, 'dialect'],
    ['dialect a number', '/convert', '{"code": "x", "target": "phicode", "dialect": 5}', 400, 'dialect'],
    ['code null', '/convert', '{"code": null, "target": "python"}', 400, 'code'],
    ['code only under __proto__', '/convert', '{"__proto__": {"code": "x"}, "target": "python"}', 400, 'code'],
    ['an argument holding NUL', '/execute', '{"code": "", "args": ["a", "b\\u0000c"]}', 400, 'args'],
    ['1001 arguments', '/execute', JSON.stringify({ code: '', args: Array(1001).fill('a') }), 400, 'args'],
  ]
  for (const [name, path, body, status, field] of cases) {
    test(`${name} → ${status}${field ? ` naming '${field}'` : ''}`, async () => {
      const reply = await post(api.server.url, path, body)
      conforms(reply, 'POST', path, status)
      if (field) expect(reply.body.field).toBe(field)
      else expect(reply.body.field).toBeUndefined()
      // What the server refuses for a field, the document's request schema refuses too.
      if (field) expect(schemaErrors(JSON.parse(body as string), requestSchema(path), api.doc)).not.toEqual([])
    })
  }

  test('the 400s say what is wrong with the field in words', async () => {
    const messages = await Promise.all(
      [
        ['/execute', { type: 'python' }],
        ['/execute', { code: 5 }],
        ['/execute', { code: '', args: ['a', 1] }],
        ['/execute', { code: '', args: ['a\0'] }],
        ['/execute', { code: '', timeout_ms: 3_600_000 }],
        ['/execute', { code: '', timeout_ms: 1.5 }],
        ['/convert', { code: '', target: 'rust' }],
      ].map(async ([path, body]) => (await post(api.server.url, path as string, body)).body.error),
    )
    expect(messages).toEqual([
      "field 'code' is required",
      "field 'code' must be a string, got a number",
      "field 'args' item 1 must be a string, got a number",
      "field 'args' item 0 holds a NUL character",
      "field 'timeout_ms' must be at most 30000, got 3600000",
      "field 'timeout_ms' must be an integer, got a number",
      'field \'target\' must be one of "phicode", "python", "typescript", got "rust"',
    ])
  })

  test('fields the API does not know are ignored, as the seed engine ignored them', async () => {
    const reply = await post(api.server.url, '/convert', { code: 'π(1)', target: 'python', language: 'python', extra: { a: 1 } })
    conforms(reply, 'POST', '/convert', 200)
    expect(reply.body.converted).toBe('print(1)')
  })

  test('a 20 MB body is refused with 413 before it is read', async () => {
    const reply = await post(api.server.url, '/execute', JSON.stringify({ code: 'x'.repeat(20 * 1024 * 1024) }))
    conforms(reply, 'POST', '/execute', 413)
    const chunked = await fetch(api.server.url + '/convert', {
      method: 'POST',
      body: new ReadableStream({
        start(c) {
          for (let k = 0; k < 20; k++) c.enqueue(new Uint8Array(1024 * 1024).fill(32))
          c.close()
        },
      }),
    })
    expect(chunked.status).toBe(413)
    expect((await get(api.server.url, '/health')).status).toBe(200)
  })

  test('a client that sends less body than its Content-Length and stalls holds up no one else', async () => {
    const socket = connect(Number(new URL(api.server.url).port), '127.0.0.1')
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    let answered = false
    socket.on('data', () => (answered = true))
    socket.write('POST /convert HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"code": "')
    const others = await Promise.all(Array.from({ length: 20 }, () => post(api.server.url, '/convert', { code: 'ƒ', target: 'python' })))
    expect(others.map((r) => r.status)).toEqual(Array(20).fill(200))
    expect(answered).toBe(false)
    socket.destroy()
  })

  test('500 concurrent requests are all answered', async () => {
    const replies = await Promise.all(Array.from({ length: 500 }, (_, k) => (k % 2 ? get(api.server.url, '/info') : post(api.server.url, '/convert', { code: 'π(1)', target: 'python' }))))
    expect(replies.filter((r) => r.status === 200).length).toBe(500)
    expect((await get(api.server.url, '/health')).body.status).toBe('ok')
  })
})

describe('auth and binding', () => {
  test('with PHICODE_API_TOKEN every route but /health and /ready needs the bearer token', async () => {
    const guarded = await startServer({ env: { PHICODE_API_TOKEN: 's3cret-token' } })
    expect((await get(guarded.url, '/health')).status).toBe(200)
    expect((await get(guarded.url, '/ready')).status).toBe(200)
    expect((await get(guarded.url, '/metrics')).status).toBe(401)
    const none = await get(guarded.url, '/info')
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Bearer')
    expect((await get(guarded.url, '/symbols', { Authorization: 'Bearer wrong' })).status).toBe(401)
    expect((await post(guarded.url, '/execute', { code: '' })).status).toBe(401)
    expect((await get(guarded.url, '/openapi.json', { Authorization: 'Basic czNjcmV0LXRva2Vu' })).status).toBe(401)
    const ok = await get(guarded.url, '/info', { Authorization: 'Bearer s3cret-token' })
    expect(ok.status).toBe(200)
    expect(ok.body.auth).toBe('bearer')
    expect(await guarded.stop()).toBe(0)
  })

  test('a non-loopback address without a token is refused at start; with one it serves', async () => {
    const refused = await runPhicode(['--api-server', '--api-host', '0.0.0.0', '--api-port', '0'], { env: { PHICODE_API_TOKEN: '' } })
    expect(refused.code).toBe(64)
    expect(refused.stderr).toContain('refusing to listen on 0.0.0.0 without PHICODE_API_TOKEN')
    expect(refused.stderr.trim().split('\n')).toHaveLength(1)
    const open = await startServer({ args: ['--api-host', '0.0.0.0'], env: { PHICODE_API_TOKEN: 't' } })
    expect(open.url).toStartWith('http://0.0.0.0:')
    expect(await open.stop()).toBe(0)
  })

  test('--json prints where it listens as JSON', async () => {
    const proc = Bun.spawn([PHICODE, '--api-server', '--api-port', '0', '--json'], { env: { ...process.env, TMPDIR: '/tmp' }, stdout: 'pipe', stderr: 'ignore' })
    try {
      const reader = proc.stdout.getReader()
      let text = ''
      while (!text.includes('}')) text += new TextDecoder().decode((await reader.read()).value)
      const started = JSON.parse(text)
      expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(started).toMatchObject({ scan: true, auth: 'none' })
      expect((await get(started.url, '/health')).status).toBe(200)
    } finally {
      proc.kill('SIGTERM')
    }
    expect(await proc.exited).toBe(0)
  })

  test('bad server options are one-line usage errors; a port in use is 69', async () => {
    expect((await runPhicode(['--api-port', '9000'])).code).toBe(64)
    const badPort = await runPhicode(['--api-server', '--api-port', 'http'])
    expect(badPort.code).toBe(64)
    expect(badPort.stderr).toContain('--api-port must be a port number')
    const badNetwork = await runPhicode(['--api-server', '--api-port', '0'], { env: { PHICODE_API_NETWORK: 'yes' } })
    expect([badNetwork.code, badNetwork.stderr.trim()]).toEqual([64, 'phicode: error: PHICODE_API_NETWORK must be on or off, got "yes"'])
    const port = new URL(api.server.url).port
    const busy = await runPhicode(['--api-server', '--api-port', port])
    expect(busy.code).toBe(69)
    expect(busy.stderr).toContain(`phicode: error: cannot listen on 127.0.0.1:${port}: the address is in use\n`)
  })
})

describe('stopping', () => {
  test('SIGINT and SIGTERM stop it with exit 0 and remove its work directory', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const s = await startServer()
      expect(readdirSync(s.tmp)).toHaveLength(1)
      expect(await s.stop(signal)).toBe(0)
      expect(s.stderr()).toContain(`${signal}: stopping`)
      expect(s.leftAtExit).toEqual([])
    }
  })
})
