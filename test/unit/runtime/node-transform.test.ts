/**
 * Project files compiled for Node (`--node`) and the socket server the hooks ask: the real node
 * runs what comes out (its output, and the φ positions in its stack traces, are the oracle);
 * the expected texts are written by hand.
 */
import { afterAll, expect, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { openCache } from '../../../src/cache'
import { serveTransforms } from '../../../src/runtime/node/_server'
import { transformForNode, type NodeProject } from '../../../src/runtime/node/_transform'
import { tempProject } from '../../helpers/tmp'

const NODE = Bun.which('node')
if (!NODE) throw new Error('node is not on PATH: these tests need it')

const project = tempProject({
  'package.json': '{"type":"module"}',
  'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['lib/*'] } } }),
  'lib/two.js': 'export const two = 2\n',
  'data.json': '{"a": 41}',
  // Line 3's `undefinedName` is φ column 15 (code column 27, after `function` and `return`); line 5's `f` column 22.
  'main.φ': "⇒ { two } ← '@lib/two'\nπ(two)\nƒ f() { ⟲ 1 + undefinedName }\nπ(import.meta.main, import.meta.file)\nexport const value = f()\n",
  'attrs.ts': "import data from './data.json' with { type: 'json' }\nconsole.log(data.a + 1, import.meta.resolve('@lib/two').endsWith('/lib/two.js'))\n",
  'cjs.ts': "const x: number = 5\nmodule.exports = { x, main: import.meta.main }\n",
  'bad-transpile.φ': 'π(1)\nπ("abc\n',
  // Bun rejects `)` after `+`: code column 16 of `console.log(1 +)`, φ column 6.
  'bad-build.φ': 'π(1)\nπ(1 +)\n',
  'bad-plain.ts': 'const a = 1\nconsole.log(a +)\n',
  'sub/.(φ)/config.json': '{ broken',
  'sub/x.φ': 'π(1)\n',
  'conf.toml': 'port = 8080\n',
  'bare.ts': "import data from './data.json'\nconst cast = <number>(data.a as unknown)\nconsole.log(cast + 1)\n",
})
const entry = join(project, 'main.φ')
const nodeProject: NodeProject = { phiExtensions: ['.φ', '.phi'], entry }

/** Runs `source` as `name` in the project with the real node; `serve` stands in for register.mjs's hook. */
function runInNode(name: string, source: string): { stdout: string; stderr: string; code: number } {
  const file = join(project, name)
  writeFileSync(file, source)
  const loader = `globalThis[Symbol.for('phicode.serve')] = (m) => console.log('serve', Object.keys(m).join(','));await import(${JSON.stringify(`file://${file}`)})`
  const r = Bun.spawnSync([NODE!, '--enable-source-maps', '--input-type=module', '-e', loader], { cwd: project, stdout: 'pipe', stderr: 'pipe' })
  return { stdout: r.stdout.toString(), stderr: r.stderr.toString(), code: r.exitCode ?? -1 }
}

test('a φ entry: converted, tsconfig paths made relative, import.meta fields set, its exports served, φ positions in traces', async () => {
  const reply = await transformForNode(entry, nodeProject)
  if (!('source' in reply)) throw new Error(reply.error.stack)
  const { stdout, stderr } = runInNode('main-out.mjs', reply.source)
  expect(stdout).toBe('2\ntrue main.φ\n')
  expect(stderr).toContain(`ReferenceError: undefinedName is not defined\n    at f (${entry}:3:15)\n    at <anonymous> (${entry}:5:22)`)
  const ok = runInNode('main-ok.mjs', reply.source.replace('undefinedName', '0'))
  expect(ok.stdout).toBe('2\ntrue main.φ\nserve value\n')
})

test('the same file when it is not the entry, or as CommonJS: no main, nothing served', async () => {
  const other = await transformForNode(entry, { ...nodeProject, entry: join(project, 'other.φ') })
  if (!('source' in other)) throw new Error(other.error.stack)
  expect(runInNode('main-other.mjs', other.source.replace('undefinedName', '0')).stdout).toBe('2\nfalse main.φ\n')
  const cjs = await transformForNode(join(project, 'cjs.ts'), { ...nodeProject, entry: join(project, 'cjs.ts') }, 'cjs')
  if (!('source' in cjs)) throw new Error(cjs.error.stack)
  writeFileSync(join(project, 'cjs-out.cjs'), cjs.source)
  const r = Bun.spawnSync([NODE!, '-e', `console.log(JSON.stringify(require(${JSON.stringify(join(project, 'cjs-out.cjs'))})))`], { stdout: 'pipe', stderr: 'pipe' })
  expect([r.stdout.toString(), r.stderr.toString()]).toEqual(['{"x":5,"main":false}\n', ''])
  const esm = await transformForNode(join(project, 'cjs.ts'), { ...nodeProject, entry: join(project, 'cjs.ts') })
  expect('source' in esm && esm.source.includes('main: true')).toBe(true)
})

test('import attributes are put back, so Node loads the JSON module; resolve calls see tsconfig paths', async () => {
  const reply = await transformForNode(join(project, 'attrs.ts'), nodeProject)
  if (!('source' in reply)) throw new Error(reply.error.stack)
  const r = runInNode('attrs-out.mjs', reply.source)
  expect([r.stdout, r.stderr]).toEqual(['42 true\n', ''])
})

test('a JSON import without attributes gets them, as Bun reads it; a plain TypeScript file is read as TypeScript, not TSX', async () => {
  const reply = await transformForNode(join(project, 'bare.ts'), nodeProject)
  if (!('source' in reply)) throw new Error(reply.error.stack)
  const r = runInNode('bare-out.mjs', reply.source)
  expect([r.stdout, r.stderr]).toEqual(['42\n', ''])
})

test('with a cache, the entry and the same file imported are kept apart', async () => {
  const cached = tempProject({ 'package.json': '{"type":"module"}', 'main.φ': 'π(import.meta.main)\n' })
  const main = join(cached, 'main.φ')
  const withCache: NodeProject = { phiExtensions: ['.φ'], entry: main, cache: openCache(cached) }
  const asEntry = await transformForNode(main, withCache)
  const asImport = await transformForNode(main, { ...withCache, entry: join(cached, 'other.φ') })
  if (!('source' in asEntry) || !('source' in asImport)) throw new Error('no module')
  expect(runInNode('cached-entry.mjs', asEntry.source).stdout).toBe('true\nserve \n')
  expect(runInNode('cached-import.mjs', asImport.source).stdout).toBe('false\n')
})

test('syntax errors as Node lays them out, at the φ line and column, from the converter and from Bun', async () => {
  const path = join(project, 'bad-transpile.φ')
  expect(await transformForNode(path, nodeProject)).toEqual({
    error: {
      name: 'SyntaxError',
      message: 'unterminated string literal: the line ends before its closing quote',
      stack: `${path}:2\nπ("abc\n  ^\n\nSyntaxError: unterminated string literal: the line ends before its closing quote\n    at ${path}:2:3`,
    },
  })
  const built = join(project, 'bad-build.φ')
  const reply = (await transformForNode(built, nodeProject)) as { error: { name: string; message: string; stack: string } }
  expect(reply.error.name).toBe('SyntaxError')
  expect(reply.error.message).toBe('Unexpected )')
  expect(reply.error.stack).toBe(`${built}:2\nπ(1 +)\n     ^\n\nSyntaxError: Unexpected )\n    at ${built}:2:6`)
  // A plain TypeScript file keeps Bun's column (16, at the `)`).
  const plain = join(project, 'bad-plain.ts')
  expect(await transformForNode(plain, nodeProject)).toEqual({
    error: { name: 'SyntaxError', message: 'Unexpected )', stack: `${plain}:2\nconsole.log(a +)\n               ^\n\nSyntaxError: Unexpected )\n    at ${plain}:2:16` },
  })
})

test('a file that cannot be read is an Error naming it and the errno; other failures are thrown', async () => {
  const missing = join(project, 'missing.ts')
  expect(await transformForNode(missing, nodeProject)).toEqual({
    error: { name: 'Error', message: `Cannot read ${missing}: ENOENT`, stack: `Error: Cannot read ${missing}: ENOENT` },
  })
  expect(transformForNode(join(project, 'sub', 'x.φ'), nodeProject)).rejects.toThrow('invalid JSON here')
})

const socketPath = join(project, 'convert.sock')
const server = serveTransforms(socketPath, nodeProject)
afterAll(() => server.stop())

test('the server answers one JSON line per request, by id, whatever the chunks; empty and malformed lines are ignored', async () => {
  const socket = connect(socketPath)
  const replies = new Map<number, { id: number; source?: string; error?: { name: string; message: string } }>()
  const received: number[] = []
  let buffer = ''
  const done = new Promise<void>((resolve, reject) => {
    socket.on('error', reject)
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8')
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const reply = JSON.parse(buffer.slice(0, nl))
        received.push(reply.id)
        replies.set(reply.id, reply)
        buffer = buffer.slice(nl + 1)
      }
      if (replies.size === 5) resolve()
    })
  })
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
  const line = (request: object) => `${JSON.stringify(request)}\n`
  socket.write(`${line({ id: 1, path: join(project, 'conf.toml'), type: 'toml' })}\nnot json\n${line({ id: 5, path: entry })}`)
  // A request cut inside the UTF-8 bytes of `φ`, in two writes.
  const cut = Buffer.from(line({ id: 2, path: join(project, 'bad-transpile.φ') }))
  const at = cut.indexOf(Buffer.from('φ')) + 1
  socket.write(cut.subarray(0, at))
  await Bun.sleep(0)
  socket.write(Buffer.concat([cut.subarray(at), Buffer.from(line({ id: 3, path: join(project, 'sub', 'x.φ') }) + line({ id: 4, path: join(project, 'cjs.ts'), format: 'cjs', type: 'json' }))]))
  await done
  socket.end()
  // One reply per request, each written once.
  expect(received.toSorted()).toEqual([1, 2, 3, 4, 5])
  expect(replies.get(1)).toEqual({ id: 1, source: 'const data = {"port":8080}\nexport default data\nconst _0 = data["port"]\nexport { _0 as "port" }\n' })
  expect(replies.get(2)?.error?.name).toBe('SyntaxError')
  const message = `phicode could not convert ${join(project, 'sub', 'x.φ')}: ${join(project, 'sub', '.(φ)', 'config.json')}:1:3: invalid JSON here`
  expect(replies.get(3)?.error).toEqual({ name: 'Error', message, stack: `Error: ${message}` } as never)
  // A request without a format is an import: the entry's module serves its exports.
  expect(replies.get(5)?.source).toContain("globalThis[Symbol.for('phicode.serve')]")
  expect(replies.get(4)?.source).toContain('module.exports')
}, 15_000)

test('a stopped server takes no more connections', async () => {
  const path = join(project, 'stopped.sock')
  const stopped = serveTransforms(path, nodeProject)
  stopped.stop()
  const error = await new Promise<Error | undefined>((resolve) => {
    const socket = connect(path)
    socket.on('connect', () => {
      socket.end()
      resolve(undefined)
    })
    socket.on('error', resolve)
  })
  expect(error).toBeInstanceOf(Error)
})
