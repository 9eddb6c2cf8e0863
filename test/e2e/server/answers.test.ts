/**
 * The exact answers docs/api.md promises for requests that go wrong before anything runs: every
 * body, status and header written out by hand, against the compiled server on 127.0.0.1.
 */
import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { call, documentedServer, get, post, type Reply, startServer } from '../../helpers/api'
import { ROOT } from '../../helpers/binary'
import { tempProject } from '../../helpers/tmp'

const TOKEN = 'answers-token-4b1e'
const auth = { authorization: `Bearer ${TOKEN}` }
const api = documentedServer({ env: { PHICODE_API_TOKEN: TOKEN } }, auth)

const MAX_BODY = 1024 * 1024 // PHICODE_API_MAX_BODY's default
const TYPES = 'must be one of "auto", "phicode", "python", "typescript", got'

const send = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}) => post(api.server.url, path, body, { ...auth, ...headers })

/** The three headers every JSON answer carries, error or not. */
function jsonHeaders(reply: Reply): void {
  expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8')
  expect(reply.headers.get('cache-control')).toBe('no-store')
  expect(reply.headers.get('x-content-type-options')).toBe('nosniff')
}

/** The status line and headers of a raw request's answer; the connection is then closed by the client. */
const rawRequest = (request: string) =>
  new Promise<string>((resolve, reject) => {
    const socket = connect(Number(new URL(api.server.url).port), '127.0.0.1')
    let answer = ''
    socket.on('data', (chunk) => {
      answer += chunk.toString()
      const end = answer.indexOf('\r\n\r\n')
      if (end >= 0) {
        socket.destroy()
        resolve(answer.slice(0, end))
      }
    })
    socket.once('error', reject)
    socket.write(request)
  })

describe('the body as a whole', () => {
  const cases: Array<[name: string, body: string | Uint8Array, error: string]> = [
    ['empty', '', 'request body is empty; expected a JSON object'],
    ['an array', '[1]', 'request body must be a JSON object, got an array'],
    ['null', 'null', 'request body must be a JSON object, got null'],
    ['a number', '5', 'request body must be a JSON object, got number'],
    ['a string', '"x"', 'request body must be a JSON object, got string'],
    ['a boolean', 'true', 'request body must be a JSON object, got boolean'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x7d, 0xc3]), 'request body is not valid UTF-8'],
  ]
  for (const [name, body, error] of cases) {
    test(`${name}: 400 ${JSON.stringify(error)} and nothing else`, async () => {
      const reply = await send('/execute', body)
      expect(reply.status).toBe(400)
      expect(reply.body).toEqual({ success: false, error })
      jsonHeaders(reply)
    })
  }

  // fetch always sends a length; a raw request can send no body at all, or an empty chunked one.
  const raw = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(api.server.url).port), '127.0.0.1')
      let answer = ''
      socket.on('data', (chunk) => (answer += chunk.toString()))
      socket.once('error', reject)
      socket.once('close', () => resolve(answer))
      socket.write(request)
    })

  test('no body and no length, or an empty chunked body: 400 empty', async () => {
    const head = `POST /execute HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nConnection: close\r\n`
    for (const request of [`${head}\r\n`, `${head}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n`]) {
      const answer = await raw(request)
      expect(answer).toStartWith('HTTP/1.1 400 ')
      expect(answer).toEndWith('\r\n\r\n{"success":false,"error":"request body is empty; expected a JSON object"}')
    }
  })

  test('invalid JSON: 400 naming the parser\'s reason in parentheses', async () => {
    const reply = await send('/convert', '{"code": "x",')
    expect(reply.status).toBe(400)
    expect(Object.keys(reply.body).sort()).toEqual(['error', 'success'])
    expect(reply.body.error).toMatch(/^request body is not valid JSON \(.+\)$/)
  })

  // A body exactly at the limit is read; one byte more is refused, declared or chunked.
  const SHELL = '{"code":"","target":"python"}'.length
  const convertOf = (bytes: number) => JSON.stringify({ code: 'x'.repeat(bytes - SHELL), target: 'python' })

  test(`${MAX_BODY} bytes are served; one more is 413 with Connection: close`, async () => {
    const at = await send('/convert', convertOf(MAX_BODY))
    expect(at.status).toBe(200)
    expect(at.body.converted).toBe('x'.repeat(MAX_BODY - SHELL))
    const over = await send('/convert', convertOf(MAX_BODY + 1))
    expect(over.status).toBe(413)
    expect(over.body).toEqual({ success: false, error: 'request body is larger than 1048576 bytes' })
    expect(over.headers.get('connection')).toBe('close')
    jsonHeaders(over)
  })

  test('a chunked body: read whole up to the limit, 413 once it passes it', async () => {
    const chunked = (text: string) => {
      const bytes = new TextEncoder().encode(text)
      const half = bytes.length >> 1
      return fetch(`${api.server.url}/convert`, {
        method: 'POST',
        headers: auth,
        body: new ReadableStream({
          start(c) {
            c.enqueue(bytes.slice(0, half))
            c.enqueue(bytes.slice(half))
            c.close()
          },
        }),
      })
    }
    const small = await chunked('{"code": "π(1)", "target": "python"}')
    expect([small.status, await small.json()]).toEqual([200, { success: true, converted: 'print(1)', symbols_used: ['π'], target: 'python', dialect: 'python' }])
    const at = await chunked(convertOf(MAX_BODY))
    expect(at.status).toBe(200)
    expect(((await at.json()) as { converted: string }).converted).toHaveLength(MAX_BODY - SHELL)
    const over = await chunked(convertOf(MAX_BODY + 1))
    expect([over.status, await over.json()]).toEqual([413, { success: false, error: 'request body is larger than 1048576 bytes' }])
  })
})

describe('fields, in words a client can act on', () => {
  const cases: Array<[body: Record<string, unknown>, field: string, error: string]> = [
    [{ code: true }, 'code', 'must be a string, got a boolean'],
    [{ code: [] }, 'code', 'must be a string, got an array'],
    [{ code: {} }, 'code', 'must be a string, got an object'],
    [{ code: '', args: 'a b' }, 'args', 'must be an array, got a string'],
    [{ code: '', args: [['a']] }, 'args', 'item 0 must be a string, got an array'],
    [{ code: '', args: ['a', 'b', null] }, 'args', 'item 2 must be a string, got null'],
    [{ code: '', args: [{}] }, 'args', 'item 0 must be a string, got an object'],
    [{ code: '', args: [true] }, 'args', 'item 0 must be a string, got a boolean'],
    [{ code: '', args: Array(1001).fill('a') }, 'args', 'may hold at most 1000 items, got 1001'],
    [{ code: '', stdin: {} }, 'stdin', 'must be a string, got an object'],
    [{ code: '', stdin: 1 }, 'stdin', 'must be a string, got a number'],
    [{ code: '', timeout_ms: '100' }, 'timeout_ms', 'must be a number, got a string'],
    [{ code: '', timeout_ms: 0 }, 'timeout_ms', 'must be at least 1, got 0'],
    [{ code: '', timeout_ms: -5 }, 'timeout_ms', 'must be at least 1, got -5'],
    [{ code: '', timeout_ms: 30_001 }, 'timeout_ms', 'must be at most 30000, got 30001'],
    [{ code: '', type: 5 }, 'type', `${TYPES} 5`],
    [{ code: '', type: [1] }, 'type', `${TYPES} [1]`],
    [{ code: '', type: { a: 1 } }, 'type', `${TYPES} {"a":1}`],
    // The value quoted back is cut at 40 characters.
    [{ code: '', type: 'y'.repeat(60) }, 'type', `${TYPES} "${'y'.repeat(39)}`],
  ]
  for (const [body, field, error] of cases) {
    test(`${JSON.stringify(body).slice(0, 60)} → field '${field}' ${error.slice(0, 50)}`, async () => {
      const reply = await send('/execute', JSON.stringify(body))
      expect(reply.status).toBe(400)
      expect(reply.body).toEqual({ success: false, error: `field '${field}' ${error}`, field })
      jsonHeaders(reply)
    })
  }

  test('a dialect the target disagrees with', async () => {
    const reply = await send('/convert', JSON.stringify({ code: 'x', target: 'python', dialect: 'typescript' }))
    expect(reply.body).toEqual({ success: false, error: "field 'dialect' is typescript but target is python; φ converts only to its own dialect", field: 'dialect' })
  })

  test('null is an absent field: the default applies, or the field is required', async () => {
    const ran = await send('/execute', JSON.stringify({ code: 'π(1)', type: null, stdin: null, args: null, timeout_ms: null }))
    expect(ran.status).toBe(200)
    expect(ran.body.output).toBe('1\n')
    const converted = await send('/convert', JSON.stringify({ code: 'π(1)', target: 'python', dialect: null }))
    expect(converted.body.converted).toBe('print(1)')
    const missing = await send('/convert', JSON.stringify({ code: null, target: 'python' }))
    expect(missing.body).toEqual({ success: false, error: "field 'code' is required", field: 'code' })
  })

  test('the defaults: type auto, no stdin, no arguments', async () => {
    const reply = await send('/execute', JSON.stringify({ code: 'import sys\nprint(repr(sys.stdin.read()), sys.argv[1:])\n' }))
    expect(reply.body.output).toBe("'' []\n")
  })
})

describe('code that cannot be read', () => {
  test('/convert: 422 with the reason, line and column', async () => {
    const reply = await send('/convert', JSON.stringify({ code: 'ƒ f():\n    ⟲ "open\n', target: 'python' }))
    expect(reply.status).toBe(422)
    expect(reply.body).toEqual({
      success: false,
      error: 'cannot convert: unterminated string literal: the line ends before its closing quote (line 2, column 7)',
      field: 'code',
      line: 2,
      column: 7,
    })
  })

  test('/execute: 422 naming the dialect it was scanned as, φ or not', async () => {
    const plain = await send('/execute', JSON.stringify({ code: 'x = eval("1")\ny = "open\n', type: 'python' }))
    expect(plain.status).toBe(422)
    expect(plain.body).toEqual({
      success: false,
      error: 'code cannot be scanned as python: unterminated string literal: the line ends before its closing quote',
      field: 'code',
      line: 2,
      column: 5,
    })
    const phi = await send('/execute', JSON.stringify({ code: 'π(eval("1"))\ny = "open\n', type: 'phicode' }))
    expect(phi.body.error).toBe('code cannot be scanned as φ python: unterminated string literal: the line ends before its closing quote')
  })

  test('/execute: 403 with every finding located', async () => {
    const reply = await send('/execute', JSON.stringify({ code: 'import os\nos.system("id")\nos.kill(1, 9)\n', type: 'python' }))
    expect(reply.status).toBe(403)
    expect(reply.body).toEqual({
      success: false,
      error: 'blocked by the security scanner: py-shell at 2:1, py-kill at 3:1',
      findings: [
        { rule: 'py-shell', severity: 'high', message: 'runs a shell command or another program', line: 2, column: 1, match: 'os.system(' },
        { rule: 'py-kill', severity: 'medium', message: expect.any(String), line: 3, column: 1, match: expect.stringMatching(/^os\.kill/) },
      ],
    })
    jsonHeaders(reply)
    api.conforms(reply, 'POST', '/execute', 403)
  })
})

describe('/execute: φ code is scanned as what it runs as', () => {
  // `⇒` is `import`: the threat exists only once the glyphs are read, so the scan must read them.
  // φ TypeScript is read with JSX, as a φ file is: words in JSX text are text, not calls.
  test('JSX text in φ TypeScript is not scanned as code', async () => {
    const reply = await send('/execute', JSON.stringify({ code: '// phicode: typescript\nconst x = <b>eval(1)</b>\nπ(typeof x)\n', type: 'phicode' }))
    expect(reply.status).toBe(200)
  })

  test('an import spelt with a glyph is refused, at the glyph', async () => {
    const reply = await send('/execute', JSON.stringify({ code: 'x = 1\n⇒ subprocess\n', type: 'phicode' }))
    expect([reply.status, reply.body.error]).toEqual([403, 'blocked by the security scanner: py-subprocess at 2:1'])
  })
})

describe('routes and the token', () => {
  test('an unknown path is 404 naming it; a query string is not part of the path', async () => {
    const missing = await get(api.server.url, '/nope?x=/info', auth)
    expect([missing.status, missing.body]).toEqual([404, { success: false, error: 'no route /nope; see GET /openapi.json' }])
    jsonHeaders(missing)
    const withQuery = await get(api.server.url, '/health?verbose=1')
    expect(withQuery.body.status).toBe('ok')
  })

  test('a wrong method is 405 naming the allowed one, also in Allow', async () => {
    const wrong = await call(api.server.url, 'PUT', '/ready')
    expect([wrong.status, wrong.body, wrong.headers.get('allow')]).toEqual([405, { success: false, error: 'PUT is not allowed on /ready; use GET' }, 'GET'])
    const post405 = await call(api.server.url, 'GET', '/convert', undefined, auth)
    expect([post405.status, post405.body, post405.headers.get('allow')]).toEqual([405, { success: false, error: 'GET is not allowed on /convert; use POST' }, 'POST'])
  })

  test('401 says why, with WWW-Authenticate, on every route but the probes', async () => {
    for (const path of ['/info', '/symbols', '/metrics', '/openapi.json']) {
      const reply = await get(api.server.url, path)
      expect([path, reply.status, reply.body, reply.headers.get('www-authenticate')]).toEqual([path, 401, { success: false, error: 'missing or wrong bearer token' }, 'Bearer'])
      jsonHeaders(reply)
    }
    expect((await post(api.server.url, '/convert', { code: 'x', target: 'python' })).status).toBe(401)
    expect((await get(api.server.url, '/ready')).status).toBe(200)
  })

  test('a method outside the fixed set is counted as `other` in /metrics, so no client can mint new series', async () => {
    expect((await call(api.server.url, 'PROPFIND', '/info', undefined, auth)).status).toBe(405)
    const text = await (await fetch(`${api.server.url}/metrics`, { headers: auth })).text()
    expect(text).toContain('\nphicode_api_requests_total{worker="0",route="/info",method="other",status="405"} 1\n')
    expect(text).not.toContain('PROPFIND')
  })

  test('each method of the fixed set is its own label in /metrics', async () => {
    const methods = ['HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']
    for (const method of methods) expect((await call(api.server.url, method, '/symbols', undefined, auth)).status).toBe(405)
    const text = await (await fetch(`${api.server.url}/metrics`, { headers: auth })).text()
    for (const method of methods) expect(text).toContain(`\nphicode_api_requests_total{worker="0",route="/symbols",method="${method}",status="405"} 1\n`)
    expect(text).not.toContain('route="/symbols",method="other"')
  })

  test('a server that is not stopping keeps the connection open: no Connection: close', async () => {
    const answer = await rawRequest(`GET /health HTTP/1.1\r\nHost: x\r\n\r\n`)
    expect(answer).toStartWith('HTTP/1.1 200 ')
    expect(answer.toLowerCase()).not.toContain('connection: close')
  })

  test('/metrics is never cached, and /openapi.json says its own body is an object', async () => {
    const res = await fetch(`${api.server.url}/metrics`, { headers: auth })
    expect([res.status, res.headers.get('content-type'), res.headers.get('cache-control')]).toEqual([200, 'text/plain; version=0.0.4; charset=utf-8', 'no-store'])
    await res.text()
    expect(api.doc.paths['/openapi.json'].get.responses['200']).toEqual({ description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } })
  })

  test('an IPv6 address is printed in brackets, and serves', async () => {
    const v6 = await startServer({ args: ['--api-host', '::1'] })
    expect(v6.url).toMatch(/^http:\/\/\[::1\]:\d+$/)
    expect((await get(v6.url, '/health')).body.status).toBe('ok')
    expect(await v6.stop()).toBe(0)
  })

  // The scheme is case-insensitive (RFC 9110); blanks around the token do not count; the token must match whole.
  const headers: Array<[string, number]> = [
    [`Bearer ${TOKEN}`, 200],
    [`bearer ${TOKEN}`, 200],
    [`BEARER\t${TOKEN}`, 200],
    [`Bearer   ${TOKEN}  `, 200],
    [`Bearer ${TOKEN.slice(0, -1)}`, 401],
    [`Bearer ${TOKEN}x`, 401],
    [`Bearer x${TOKEN}`, 401],
    [`Bearer ${TOKEN} ${TOKEN}`, 401],
    [`Bearer${TOKEN}`, 401],
    [`xBearer ${TOKEN}`, 401],
    [`Basic ${TOKEN}`, 401],
    ['Bearer', 401],
    ['', 401],
  ]
  for (const [header, status] of headers) {
    test(`Authorization ${JSON.stringify(header)} → ${status}`, async () => {
      expect((await get(api.server.url, '/symbols', { authorization: header })).status).toBe(status)
    })
  }
})

describe('the served document', () => {
  test('no description in it is empty', () => {
    const empty: string[] = []
    const walk = (node: unknown, at: string) => {
      if (Array.isArray(node)) node.forEach((v, k) => walk(v, `${at}/${k}`))
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if ((key === 'description' || key === 'summary' || key === 'title') && (typeof value !== 'string' || value.trim() === '')) empty.push(`${at}/${key}`)
          walk(value, `${at}/${key}`)
        }
      }
    }
    walk(api.doc, '#')
    expect(empty).toEqual([])
  })

  test('each route with the statuses it can answer; the probes need no token', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    expect(api.doc.info).toMatchObject({ title: 'phicode API', version })
    expect(api.doc.components.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer', description: expect.any(String) } })
    // The token is needed only when the server has one.
    expect(api.doc.security).toEqual([{ bearer: [] }, {}])
    const statuses = Object.fromEntries(
      Object.entries<any>(api.doc.paths).flatMap(([path, methods]) => Object.entries<any>(methods).map(([method, op]) => [`${method} ${path}`, Object.keys(op.responses).sort()])),
    )
    expect(statuses).toEqual({
      'post /execute': ['200', '400', '401', '403', '413', '422', '503'],
      'post /convert': ['200', '400', '401', '413', '422'],
      'get /info': ['200', '401'],
      'get /symbols': ['200', '401'],
      'get /health': ['200'],
      'get /ready': ['200', '503'],
      'get /metrics': ['200', '401'],
      'get /openapi.json': ['200', '401'],
    })
    const unguarded = Object.entries<any>(api.doc.paths).filter(([, m]) => Object.values<any>(m)[0].security !== undefined)
    expect(unguarded.map(([path, m]) => [path, Object.values<any>(m)[0].security])).toEqual([
      ['/health', []],
      ['/ready', []],
    ])
    const retryAfter = { 'Retry-After': { description: expect.any(String), schema: { type: 'integer' } } }
    expect(api.doc.paths['/execute'].post.responses['503'].headers).toEqual(retryAfter)
    expect(api.doc.paths['/ready'].get.responses['503'].headers).toEqual(retryAfter)
    expect(api.doc.paths['/ready'].get.responses['503'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Ready' })
    expect(api.doc.paths['/execute'].post.responses['403'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Blocked' })
    expect(api.doc.paths['/convert'].post.responses['422'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' })
    expect(api.doc.paths['/metrics'].get.responses['200'].content).toEqual({ 'text/plain': { schema: { type: 'string' } } })
    for (const path of ['/execute', '/convert']) {
      const name = path === '/execute' ? 'ExecuteRequest' : 'ConvertRequest'
      expect(api.doc.paths[path].post.requestBody).toEqual({ required: true, description: expect.any(String), content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } })
    }
  })

  test('components are schemas of this document, not documents of their own', () => {
    const schemas = api.doc.components.schemas
    expect(Object.keys(schemas).sort()).toEqual(['Blocked', 'ConvertRequest', 'ConvertResponse', 'Error', 'ExecuteRequest', 'ExecuteResponse', 'Finding', 'Health', 'Info', 'Ready', 'Symbols'])
    for (const [name, schema] of Object.entries<any>(schemas)) expect([name, schema.$schema, schema.$id]).toEqual([name, undefined, undefined])
    // Requests as clients write them: other fields allowed, defaults stated; responses closed.
    expect(schemas.ExecuteRequest.additionalProperties).not.toBe(false)
    expect(schemas.ExecuteRequest.properties.type.default).toBe('auto')
    expect(schemas.ExecuteRequest.properties.timeout_ms).toMatchObject({ type: 'integer', minimum: 1, maximum: 30_000, default: 5_000 })
    expect(schemas.ExecuteRequest.properties.args).toMatchObject({ type: 'array', maxItems: 1000, default: [] })
    expect(schemas.ExecuteRequest.properties.stdin).toMatchObject({ type: 'string', default: '' })
    expect(schemas.ExecuteResponse.additionalProperties).toBe(false)
    expect(schemas.Blocked.properties.findings).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Finding' } })
    // The values docs/api.md gives these fields, on hosts other than this one too.
    expect(schemas.Finding.properties.severity.enum).toEqual(['high', 'medium'])
    expect(schemas.Info.properties.sandbox.enum).toEqual(['uid', 'process-group'])
    expect(schemas.Info.properties.isolation.properties.network.enum).toEqual(['none', 'host'])
    expect(schemas.Info.properties.isolation.properties.filesystem.enum).toEqual(['private', 'host'])
    expect(schemas.Info.properties.isolation.properties.memory.enum).toEqual(['cgroup', 'python-rlimit', 'none'])
    expect(schemas.Ready.properties.status.enum).toEqual(['ready', 'draining', 'busy'])
    expect(schemas.Info.properties.auth.enum).toEqual(['bearer', 'none'])
    expect(schemas.Info.properties.isolation.properties.cgroup.anyOf).toEqual([{ type: 'string', enum: ['v1', 'v2'] }, { type: 'null' }])
  })
})

describe('which file and interpreter an execution gets', () => {
  // What the program itself reports as its file name: main.py, main.ts or main.φ, and the interpreter that ran it.
  const cases: Array<[name: string, code: string, type: string | undefined, output: string]> = [
    ['plain Python, detected', 'import sys\nprint(sys.argv[0].rsplit("/", 1)[1])\n', undefined, 'main.py\n'],
    ['plain TypeScript, detected', 'const parts: string[] = import.meta.path.split("/")\nconsole.log(parts.pop())\n', undefined, 'main.ts\n'],
    ['a tie goes to Python', 'print(__file__.rsplit("/", 1)[1])\n', undefined, 'main.py\n'],
    ['φ Python, by its symbols', 'π(__file__.rsplit("/", 1)[1])\n', undefined, 'main.φ\n'],
    ['φ TypeScript, by its symbols', 'const f = import.meta.path.split("/").pop();\nπ(f, typeof Bun)\n', undefined, 'main.φ object\n'],
    ['φ by its pragma alone', '// phicode: typescript\nconsole.log(import.meta.path.split("/").pop(), typeof Bun)\n', undefined, 'main.φ object\n'],
    ['φ asked for, without a symbol', 'print(__file__.rsplit("/", 1)[1])\n', 'phicode', 'main.φ\n'],
    // Lines ending in `;` count for TypeScript; the type given overrides that.
    ['Python asked for, TypeScript by content', 'import sys;\nprint(sys.argv[0].rsplit("/", 1)[1]);\n', 'python', 'main.py\n'],
    ['TypeScript asked for, Python by content', 'console.log(import.meta.path.split("/").pop(), typeof Bun)\n', 'typescript', 'main.ts object\n'],
  ]
  for (const [name, code, type, output] of cases) {
    test(name, async () => {
      const reply = await send('/execute', JSON.stringify({ code, ...(type && { type }) }))
      expect([reply.status, reply.body.stderr, reply.body.output]).toEqual([200, '', output])
    })
  }
})

describe('/info and /health', () => {
  test('/info states the default limits of docs/api.md, the scanner and the auth', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    const bun = Bun.spawnSync([join(ROOT, 'node_modules/.bin/bun'), '--version']).stdout.toString().trim()
    const info = await get(api.server.url, '/info', auth)
    expect(info.body).toMatchObject({
      success: true,
      engine: '(φ) Phicode Engine',
      badge: '(φ)',
      symbol: 'φ',
      api_version: version,
      name: 'phicode',
      version,
      bun,
      target: `${process.platform}-${process.arch}`,
      types: ['auto', 'phicode', 'python', 'typescript'],
      dialects: ['python', 'typescript'],
      limits: {
        max_body_bytes: 1_048_576,
        concurrency: Math.max(2, navigator.hardwareConcurrency),
        queue: 64,
        default_timeout_ms: 5_000,
        max_timeout_ms: 30_000,
        max_output_bytes: 1_048_576,
        max_processes: 128,
        max_memory_bytes: 1_073_741_824,
        max_file_bytes: 67_108_864,
      },
      // docs/api.md's rule table has 20 rows; no phimmuno-engine is installed for the tests.
      security: { scan: true, rules: 20, engine: false },
      auth: 'bearer',
    })
    api.conforms(info, 'GET', '/info', 200)
    expect(info.body.interpreters.typescript).toEqual({ kind: 'bun', version: bun })
    const asked = await send('/execute', JSON.stringify({ code: 'import platform\nprint(platform.python_implementation().lower(), platform.python_version())\n', type: 'python' }))
    const [kind, full] = asked.body.output.trim().split(' ')
    expect(info.body.interpreters.python).toEqual({ kind, version: full })
    expect(info.body.python_info).toBe(`${kind} ${full.split('.').slice(0, 2).join('.')}`)
    jsonHeaders(info)
  })

  test('/health: uptime in whole seconds since the start, nothing running', async () => {
    const started = performance.now()
    const health = await get(api.server.url, '/health')
    expect(health.body).toEqual({ status: 'ok', uptime: expect.any(Number), running: 0, waiting: 0 })
    expect(Number.isInteger(health.body.uptime)).toBe(true)
    // The server started during this file's setup, before `started`; the test has run less than a minute.
    expect(health.body.uptime).toBeGreaterThanOrEqual(0)
    expect(health.body.uptime).toBeLessThanOrEqual(60 + Math.ceil((performance.now() - started) / 1000))
    jsonHeaders(health)
  })
})

describe('/convert: the dialect', () => {
  const convert = async (body: Record<string, unknown>, url = api.server.url) => (await post(url, '/convert', body, auth)).body

  test('JSX text is never converted, in either direction', async () => {
    expect(await convert({ code: 'const x = <b>⟲ ƒ</b>\nƒ f() { ⟲ x }', target: 'typescript' })).toEqual({
      success: true,
      converted: 'const x = <b>⟲ ƒ</b>\nfunction f() { return x }',
      symbols_used: ['ƒ', '⟲'],
      target: 'typescript',
      dialect: 'typescript',
    })
    expect((await convert({ code: 'const x = <b>return</b>\nfunction f() { return x }', target: 'phicode', dialect: 'typescript' })).converted).toBe('const x = <b>return</b>\nƒ f() { ⟲ x }')
  })

  test('target phicode: the dialect given, else the content rule; a dialect equal to the target is accepted', async () => {
    expect(await convert({ code: 'function f() { return 1; }', target: 'phicode' })).toMatchObject({ converted: 'ƒ f() { ⟲ 1; }', dialect: 'typescript' })
    expect(await convert({ code: 'x = 1', target: 'phicode', dialect: 'typescript' })).toMatchObject({ converted: 'x = 1', dialect: 'typescript' })
    expect(await convert({ code: 'x = 1', target: 'phicode' })).toMatchObject({ dialect: 'python' })
    expect(await convert({ code: 'π(1)', target: 'python', dialect: 'python' })).toMatchObject({ converted: 'print(1)', dialect: 'python' })
  })

  test('target python or typescript: that dialect, whatever the content rule says', async () => {
    expect(await convert({ code: 'π(1)', target: 'typescript' })).toEqual({ success: true, converted: 'console.log(1)', symbols_used: ['π'], target: 'typescript', dialect: 'typescript' })
    expect(await convert({ code: 'π(1);\nπ(2);', target: 'python' })).toEqual({ success: true, converted: 'print(1);\nprint(2);', symbols_used: ['π'], target: 'python', dialect: 'python' })
  })

  test("the server project's language decides what neither a pragma nor the request does", async () => {
    const project = tempProject({ '.(φ)/config.json': '{"language": "typescript"}' })
    const ts = await startServer({ cwd: project, env: { PHICODE_API_TOKEN: TOKEN } })
    try {
      expect(await convert({ code: 'return x', target: 'phicode' }, ts.url)).toMatchObject({ converted: '⟲ x', dialect: 'typescript' })
      expect(await convert({ code: '# phicode: python\nreturn x', target: 'phicode' }, ts.url)).toMatchObject({ dialect: 'python' })
      const run = await post(ts.url, '/execute', { code: 'π(typeof Bun)' }, auth)
      expect([run.body.output, run.body.stderr]).toEqual(['object\n', ''])
    } finally {
      await ts.stop()
    }
  })
})
