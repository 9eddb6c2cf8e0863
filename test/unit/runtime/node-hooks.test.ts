/**
 * The module hooks `phicode --node` registers (src/runtime/node/hooks.mjs), run by the real
 * node: registered with `module.register` as register.mjs registers them, talking over a Unix
 * socket to a converter written here (it answers with sources written by hand and records what
 * it was asked). What Node itself says is the oracle for what the hooks must leave alone: the
 * same import run by plain node.
 */
import { expect, setDefaultTimeout, test } from 'bun:test'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { required } from '../../helpers/prerequisites'
import { tempDir, writeFiles } from '../../helpers/tmp'

const HOOKS = pathToFileURL(resolve(import.meta.dir, '../../../src/runtime/node/hooks.mjs')).href
const NODE = required('node')
const COMPILED = ['.ts', '.tsx', '.jsx', '.mts']

setDefaultTimeout(60_000)

interface Request {
  id: number
  path: string
  type?: string
}
type Reply = { source: string } | { error: { name: string; message: string; stack: string } }

/**
 * A converter on a Unix socket that answers each request line with `answer(request)`, and
 * keeps every connection open: the hooks must not need it closed to let Node end.
 * `hold`: the first requests are answered once that many have arrived (or after two seconds,
 * should Node ask them one after the other), last first, in one write, the first reply cut
 * inside a two-byte character.
 */
function converter(dir: string, answer: (request: Request) => Reply, hold = 1) {
  const requests: Request[] = []
  const path = join(dir, 'convert.sock')
  const flush = (socket: Bun.Socket<{ text: string; held: Request[] }>) => {
    hold = 1
    const lines = socket.data.held.reverse().map((r) => `${JSON.stringify({ id: r.id, ...answer(r) })}\n`)
    socket.data.held = []
    const bytes = Buffer.from(lines.join(''))
    // Cut inside the first multi-byte character, where there is one: the reader must join the halves.
    const cut = bytes.findIndex((b) => b >= 0xc0)
    if (cut < 0) socket.write(bytes)
    else {
      socket.write(bytes.subarray(0, cut + 1))
      setTimeout(() => socket.write(bytes.subarray(cut + 1)), 20)
    }
  }
  const server = Bun.listen<{ text: string; held: Request[] }>({
    unix: path,
    socket: {
      open(socket) {
        socket.data = { text: '', held: [] }
      },
      data(socket, chunk) {
        socket.data.text += chunk.toString()
        let nl = socket.data.text.indexOf('\n')
        while (nl >= 0) {
          const request = JSON.parse(socket.data.text.slice(0, nl)) as Request
          socket.data.text = socket.data.text.slice(nl + 1)
          requests.push(request)
          socket.data.held.push(request)
          nl = socket.data.text.indexOf('\n')
        }
        if (socket.data.held.length >= hold) flush(socket)
        else if (socket.data.held.length > 0) setTimeout(() => socket.data.held.length > 0 && flush(socket), 2_000)
      },
    },
  })
  // Stopped when the test's `using` binding goes out of scope, whatever the test threw.
  return { path, requests, [Symbol.dispose]: () => server.stop(true) }
}

/** Runs `main.mjs` of `dir` on node, the hooks registered (or not, for Node's own answer). */
async function node(dir: string, socket: string | undefined, extensions = ['.φ', '.phi']) {
  const register = `import{register}from'node:module';register(${JSON.stringify(HOOKS)},{data:${JSON.stringify({ socket, extensions, compiled: COMPILED })}})`
  const flags = socket === undefined ? [] : ['--import', `data:text/javascript,${encodeURIComponent(register)}`]
  const proc = Bun.spawn([NODE, ...flags, 'main.mjs'], { cwd: dir, stdout: 'pipe', stderr: 'pipe', timeout: 20_000, killSignal: 'SIGKILL' })
  const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()])
  await proc.exited
  return { code: proc.exitCode, stdout, stderr }
}

/** A main.mjs that tries each import in turn and prints what it got: the default export, or the error's code. */
function tries(specifiers: Array<[string, string?]>): string {
  const lines = specifiers.map(
    ([spec, type]) =>
      `try { const m = await import(${JSON.stringify(spec)}${type ? `, { with: { type: ${JSON.stringify(type)} } }` : ''}); console.log(${JSON.stringify(spec)}, JSON.stringify(m.default)) } catch (e) { console.log(${JSON.stringify(spec)}, e.code) }`,
  )
  return lines.join('\n')
}

/** Answers each path with a module whose default export is the path's last part. */
const byName = (request: Request): Reply => ({ source: `export default ${JSON.stringify(`${request.path.split('/').pop()}${request.type ? `:${request.type}` : ''}`)}` })

test('an extensionless relative import finds the file Bun would take: each code extension, then φ, then an index; .js names a .ts', async () => {
  const dir = tempDir()
  writeFiles(dir, {
    'a.ts': '',
    'a.js': 'export default "a.js"',
    'b.tsx': '',
    'b.ts': '',
    'e1.tsx': '',
    'e2.ts': '',
    'e3.jsx': '',
    'e4.js': 'export default "e4.js"',
    'e5.mjs': 'export default "e5.mjs"',
    'e6.cjs': 'module.exports = "e6.cjs"',
    'e7.mts': '',
    'e9.φ': '',
    'pkg/index.ts': '',
    'pkg2/index.φ': '',
    'pkg3/index.js': 'export default "pkg3/index.js"',
    'm1.ts': '',
    'm2.tsx': '',
    'm3.mts': '',
    'm4.tsx': '',
    'sub/main.mjs': tries([['..'], ['../e2'], ['./x']]),
    'sub/x.ts': '',
    'index.ts': '',
    'main.mjs': [
      tries([
        ['./a'], ['./b'], ['./e1'], ['./e2'], ['./e3'], ['./e4'], ['./e5'], ['./e6'], ['./e7'], ['./e9'],
        ['./pkg'], ['./pkg2'], ['./pkg3'], ['./m1.js'], ['./m2.js'], ['./m3.mjs'], ['./m4.jsx'], [`${dir}/e2`],
      ]),
      'try { console.log("e8", (await import("./e8", { with: { type: "json" } })).default) } catch (e) { console.log("e8", e.code) }',
      'await import("./sub/main.mjs")',
    ].join('\n'),
    'e8.json': '"e8.json"',
  })
  using server = converter(dir, byName)
  const result = await node(dir, server.path)
  expect(result).toEqual({
    code: 0,
    stderr: '',
    stdout: [
      './a "a.ts"', './b "b.tsx"', './e1 "e1.tsx"', './e2 "e2.ts"', './e3 "e3.jsx"', './e4 "e4.js"', './e5 "e5.mjs"',
      './e6 "e6.cjs"', './e7 "e7.mts"', './e9 "e9.φ"', './pkg "index.ts"', './pkg2 "index.φ"', './pkg3 "pkg3/index.js"',
      './m1.js "m1.ts"', './m2.js "m2.tsx"', './m3.mjs "m3.mts"', './m4.jsx "m4.tsx"', `${dir}/e2 "e2.ts"`, 'e8 e8.json',
      '.. "index.ts"', '../e2 "e2.ts"', './x "x.ts"', '',
    ].join('\n'),
  })
  // Plain files Node runs itself are never sent.
  expect(server.requests.map((r) => r.path.slice(dir.length + 1)).sort()).toEqual(
    ['a.ts', 'b.tsx', 'e1.tsx', 'e2.ts', 'e3.jsx', 'e7.mts', 'e9.φ', 'index.ts', 'm1.ts', 'm2.tsx', 'm3.mts', 'm4.tsx', 'pkg/index.ts', 'pkg2/index.φ', 'sub/x.ts'].sort(),
  )
})

test('what the hooks cannot find fails as Node fails: bare names (one with ./ inside), missing files, a file used as a folder, encoded slashes, a data: importer', async () => {
  const dir = tempDir()
  writeFiles(dir, {
    'e2.ts': '',
    'sub/e2.ts': '',
    '.x.ts': '',
    '.y/z.ts': '',
    'a%2Fb.ts': '',
    'f.txt': '',
    'nothing.json.ts': '',
    'main.mjs': tries([['e2'], ['sub/e2'], ['.x'], ['.y/z'], ['./nothing'], ['./f.txt/deeper'], ['./a%2Fb'], ['data:text/javascript,import "./e2"'], ['./nothing.json'], ['sub/./e2']]),
  })
  using server = converter(dir, byName)
  const plain = await node(dir, undefined)
  expect(plain.stdout.split('\n').map((l) => l.split(' ').pop())).toEqual([
    'ERR_MODULE_NOT_FOUND', 'ERR_MODULE_NOT_FOUND', 'ERR_INVALID_MODULE_SPECIFIER', 'ERR_INVALID_MODULE_SPECIFIER', 'ERR_MODULE_NOT_FOUND',
    'ERR_MODULE_NOT_FOUND', 'ERR_INVALID_MODULE_SPECIFIER', 'ERR_UNSUPPORTED_RESOLVE_REQUEST', 'ERR_MODULE_NOT_FOUND',
    'ERR_MODULE_NOT_FOUND', '',
  ])
  const hooked = await node(dir, server.path)
  // `./nothing.json` is the one the hooks find (nothing.json.ts), as Bun would.
  expect(hooked).toEqual({ code: 0, stderr: '', stdout: plain.stdout.replace('./nothing.json ERR_MODULE_NOT_FOUND', './nothing.json "nothing.json.ts"') })
})

test("a bun: module names itself, its importer and the way out; Node's own schemes and node_modules stay Node's", async () => {
  const dir = tempDir()
  writeFiles(dir, {
    'node_modules/p/index.ts': 'export default 1',
    'main.mjs': [
      'for (const spec of ["bun:sqlite", "data:text/javascript,import \\"bun:ffi\\""]) {',
      '  try { await import(spec) } catch (e) { console.log(JSON.stringify([e.constructor.name, e.message, e.stack])) }',
      '}',
      'console.log((await import("node:path")).sep, (await import("data:text/javascript,export default 7")).default)',
      'try { await import("./node_modules/p/index.ts") } catch (e) { console.log(e.code) }',
    ].join('\n'),
  })
  using server = converter(dir, byName)
  const result = await node(dir, server.path)
  const main = join(dir, 'main.mjs')
  const tail = ": Bun's own modules do not exist on Node; run without --node to use them"
  expect(result).toEqual({
    code: 0,
    stderr: '',
    stdout: [
      JSON.stringify(['Error', `Cannot find module 'bun:sqlite' imported from ${main}${tail}`, `Error: Cannot find module 'bun:sqlite' imported from ${main}${tail}\n    at ${main}`]),
      JSON.stringify(['Error', `Cannot find module 'bun:ffi'${tail}`, `Error: Cannot find module 'bun:ffi'${tail}`]),
      '/ 7',
      'ERR_UNKNOWN_FILE_EXTENSION',
      '',
    ].join('\n'),
  })
  expect(server.requests).toEqual([])
})

test('the five data types Bun reads are asked of phicode with their type; json stays Node’s; an error comes back as the error phicode described', async () => {
  const dir = tempDir()
  writeFiles(dir, {
    'c.text': '',
    'c.toml': '',
    'c.yaml': '',
    'c.jsonc': '',
    'c.json5': '',
    'c.json': '"c.json"',
    'bad.toml': '',
    'bad.ts': '',
    'main.mjs': [
      tries([['./c.text', 'text'], ['./c.toml', 'toml'], ['./c.yaml', 'yaml'], ['./c.jsonc', 'jsonc'], ['./c.json5', 'json5'], ['./c.json', 'json']]),
      'for (const [spec, type] of [["./bad.toml", "toml"], ["./bad.ts"]]) {',
      '  try { await import(spec, type ? { with: { type } } : undefined) } catch (e) { console.log(JSON.stringify([e instanceof SyntaxError, e.constructor.name, e.message, e.stack])) }',
      '}',
    ].join('\n'),
  })
  using server = converter(dir, (request) => {
    if (request.path.endsWith('bad.toml')) return { error: { name: 'SyntaxError', message: 'bad toml', stack: 'bad.toml:1:2 bad toml' } }
    if (request.path.endsWith('bad.ts')) return { error: { name: 'TypeError', message: 'bad ts', stack: 'bad.ts:3 bad ts' } }
    return byName(request)
  })
  const result = await node(dir, server.path)
  expect(result).toEqual({
    code: 0,
    stderr: '',
    stdout: [
      './c.text "c.text:text"', './c.toml "c.toml:toml"', './c.yaml "c.yaml:yaml"', './c.jsonc "c.jsonc:jsonc"', './c.json5 "c.json5:json5"',
      './c.json "c.json"',
      JSON.stringify([true, 'SyntaxError', 'bad toml', 'bad.toml:1:2 bad toml']),
      JSON.stringify([false, 'Error', 'bad ts', 'bad.ts:3 bad ts']),
      '',
    ].join('\n'),
  })
  expect(server.requests.map((r) => [r.path.slice(dir.length + 1), r.type])).toEqual([
    ['c.text', 'text'], ['c.toml', 'toml'], ['c.yaml', 'yaml'], ['c.jsonc', 'jsonc'], ['c.json5', 'json5'], ['bad.toml', 'toml'], ['bad.ts', undefined],
  ])
})

test('imports asked at once are told apart by id whatever order the replies come in, one cut inside a character; Node then ends with the socket still open', async () => {
  const dir = tempDir()
  writeFiles(dir, {
    'p1.ts': '',
    'p2.ts': '',
    'p3.ts': '',
    'main.mjs': [
      'const [a, b] = await Promise.all([import("./p1.ts"), import("./p2.ts")])',
      'console.log(a.default, b.default)',
      'await new Promise((done) => setTimeout(done, 50))',
      'console.log((await import("./p3.ts")).default)',
    ].join('\n'),
  })
  using server = converter(dir, (request) => ({ source: `export default "φ ${request.path.split('/').pop()} ✓"` }), 2)
  const result = await node(dir, server.path)
  expect(result).toEqual({ code: 0, stderr: '', stdout: 'φ p1.ts ✓ φ p2.ts ✓\nφ p3.ts ✓\n' })
  expect(new Set(server.requests.map((r) => r.id)).size).toBe(3)
})

test('when phicode is gone, every waiting import fails saying so', async () => {
  const dir = tempDir()
  writeFiles(dir, {
    'p1.ts': '',
    'p2.φ': '',
    'main.mjs': [
      'const results = await Promise.allSettled([import("./p1.ts"), import("./p2.φ")])',
      'for (const r of results) console.log(r.status, r.reason.constructor.name, r.reason.message, "|", r.reason.stack)',
    ].join('\n'),
  })
  const missing = join(dir, 'no.sock')
  const result = await node(dir, missing)
  const line = `rejected Error connect ENOENT ${missing} | phicode is gone: connect ENOENT ${missing}`
  expect(result).toEqual({ code: 0, stderr: '', stdout: `${line}\n${line}\n` })
})
