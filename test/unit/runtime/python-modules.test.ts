/**
 * The module server the bootstrap talks to: each answer's tag and body laid out by hand, the
 * converted Python written by hand, digests from node:crypto, errno numbers as Linux has them.
 */
import { expect, setSystemTime, test } from 'bun:test'
import { createHash } from 'node:crypto'
import { mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openCache } from '../../../src/cache'
import { loadConfig } from '../../../src/config/load'
import { createModuleServer } from '../../../src/runtime/python/_modules'
import { tempProject } from '../../helpers/tmp'

const PHI = 'ƒ f():\n    ⟲ 1\nπ(f())\n'
const PY = 'def f():\n    return 1\nprint(f())\n'
const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32)
const text = (body: Uint8Array | string) => (typeof body === 'string' ? body : Buffer.from(body).toString('latin1'))
const utf8 = (body: Uint8Array | string) => (typeof body === 'string' ? body : Buffer.from(body).toString('utf8'))

const project = tempProject({
  'pyproject.toml': '',
  'main.φ': PHI,
  'other.φ': 'π(2)\n',
  'bad.φ': 'x = 1\nπ("abc\n',
  'sub/.(φ)/config.json': '{ broken',
  'sub/x.φ': 'π(1)\n',
  'custom/.(φ)/config.json': JSON.stringify({ symbols: { def: 'fn' } }),
  'custom/m.φ': 'fn g():\n    ⟲ 2\n',
})
mkdirSync(join(project, 'folder.φ'))

const server = (cache = false, entryDir = project, entryConfig = loadConfig(project)) =>
  createModuleServer({ entryDir, entryConfig, cache: cache ? openCache(project) : undefined, bytecodeKind: 'comφled_cpython_311', bootKey: 'boot.test' })

test('a φ module is served as Python source: S, the digest of the Python text, then the text', () => {
  const reply = server().get(0, join(project, 'main.φ'))
  expect([reply.tag, text(reply.body)]).toEqual(['S', digest(PY) + PY])
})

test('a file that cannot be read is O with its errno; a transpile error is T: line, column, the φ line, the reason', () => {
  const s = server()
  expect([s.get(0, join(project, 'missing.φ'))].map((r) => [r.tag, text(r.body)])).toEqual([['O', '2']])
  expect([s.get(0, join(project, 'folder.φ'))].map((r) => [r.tag, text(r.body)])).toEqual([['O', '21']])
  const bad = s.get(0, join(project, 'bad.φ'))
  expect([bad.tag, utf8(bad.body)]).toEqual(['T', '2\x003\x00π("abc\n\x00unterminated string literal: the line ends before its closing quote'])
})

test("a project whose config is broken is I with the config's error", () => {
  const reply = server().get(0, join(project, 'sub', 'x.φ'))
  expect([reply.tag, utf8(reply.body)]).toEqual(['I', `${join(project, 'sub', '.(φ)', 'config.json')}:1:3: invalid JSON here`])
})

test("each module is converted with its own project's symbols; the entry's folder with the config given", () => {
  const custom = server().get(0, join(project, 'custom', 'm.φ'))
  expect(text(custom.body).slice(32)).toBe('def g():\n    return 2\n')
  // The entry folder takes the config it is given, not the one on disk.
  const given = server(false, join(project, 'custom'), loadConfig(project)).get(0, join(project, 'custom', 'm.φ'))
  expect(text(given.body).slice(32)).toBe('fn g():\n    return 2\n')
})

test('X: source sent by the interpreter, converted with the symbols of the folder it names', () => {
  const s = server()
  const reply = s.transpile(project, new TextEncoder().encode(PHI))
  expect([reply.tag, text(reply.body)]).toEqual(['S', digest(PY) + PY])
  const custom = s.transpile(join(project, 'custom'), new TextEncoder().encode('fn h(): ⟲ 3\n'))
  expect(text(custom.body).slice(32)).toBe('def h(): return 3\n')
  const bad = s.transpile(project, new TextEncoder().encode('y = 2\n\nπ("abc\n'))
  expect([bad.tag, utf8(bad.body)]).toEqual(['T', '3\x003\x00π("abc\n\x00unterminated string literal: the line ends before its closing quote'])
  const broken = s.transpile(join(project, 'sub'), new TextEncoder().encode('π(1)\n'))
  expect([broken.tag, utf8(broken.body)]).toEqual(['I', `${join(project, 'sub', '.(φ)', 'config.json')}:1:3: invalid JSON here`])
})

test('code the interpreter sends back is served instead of source at its optimization level, until it is refused', () => {
  const s = server(true)
  const path = join(project, 'other.φ')
  const py = 'print(2)\n'
  const key = digest(py)
  expect(s.get(0, path).tag).toBe('S')
  // Magic number (4 bytes), optimization level (one digit), key (32), marshal data.
  const code = (level: string, k = key, data = 'marshal') => new Uint8Array(Buffer.from(`\x01\x02\x0d\x0a${level}${k}${data}`, 'latin1'))
  s.put(code('1'))
  s.put(code('3', key, 'never'))
  s.put(code('/', key, 'never'))
  s.put(code('0', key.toUpperCase(), 'never'))
  s.put(code('0', key, ''))
  expect([s.get(0, path)].map((r) => [r.tag, text(r.body)])).toEqual([['S', key + py]])
  const one = s.get(1, path)
  expect([one.tag, text(one.body)]).toEqual(['C', key + text(code('1'))])
  // Bits above the level's two are flags: 0b100 is not a level.
  expect(text(s.get(0b101, path).body)).toBe(key + text(code('1')))
  // Refused (0b1000): source this time, and the code is dropped.
  expect(text(s.get(0b1001, path).body)).toBe(key + py)
  expect(s.get(1, path).tag).toBe('S')
  s.put(code('2'))
  expect(s.get(2, path).tag).toBe('C')
  s.put(code('0'))
  expect(s.get(0, path).tag).toBe('C')
  // Levels are 0 to 2: code sent as level 3 is not kept.
  s.put(code('3'))
  expect(s.get(3, path).tag).toBe('S')
})

test('without a cache, code and the bootstrap sent back are dropped quietly', () => {
  const s = server()
  s.put(new Uint8Array(Buffer.from(`\x01\x02\x0d\x0a0${digest(PY)}marshal`, 'latin1')))
  s.boot(new Uint8Array([1]))
  expect(s.get(0, join(project, 'main.φ')).tag).toBe('S')
  expect(s.bootCode()).toEqual(new Uint8Array(0))
})

/** What real CPython's marshal reads from `data`, as repr() shows it. */
const unmarshalled = (data: Uint8Array) =>
  Bun.spawnSync(['python3', '-c', 'import marshal, sys; print(repr(marshal.loads(sys.stdin.buffer.read())))'], { stdin: data }).stdout.toString().trim()

test("hello pushes the prepared modules' code at the interpreter's level as marshal data: {path: (identity, digest and code)}", () => {
  const pushProject = tempProject({ 'pyproject.toml': '', 'a.φ': 'π(4)\n', 'b.φ': 'π(5)\n', 'c.φ': 'π(6)\n', 'sub/.(φ)/config.json': '{ broken', 'sub/d.φ': 'π(7)\n' })
  const s = createModuleServer({ entryDir: pushProject, entryConfig: loadConfig(pushProject), cache: openCache(pushProject), bytecodeKind: 'comφled_cpython_311', bootKey: 'boot.test' })
  const a = join(pushProject, 'a.φ')
  const b = join(pushProject, 'b.φ')
  const code = new Uint8Array(Buffer.from(`\x01\x02\x0d\x0a0${digest('print(4)\n')}marshal-a`, 'latin1'))
  s.put(code)
  s.put(new Uint8Array(Buffer.from(`\x01\x02\x0d\x0a1${digest('print(5)\n')}marshal-b`, 'latin1')))
  // Three seconds on, the files are no longer "just changed".
  setSystemTime(new Date(Date.now() + 3_000))
  try {
    s.prepare([a, b, join(pushProject, 'c.φ'), join(pushProject, 'gone.φ'), join(pushProject, 'sub', 'd.φ')])
  } finally {
    setSystemTime()
  }
  const st = statSync(a, { bigint: true })
  const identity = [st.mtimeNs, st.ctimeNs, st.size, st.ino].join('\0')
  const hello = s.hello(0)
  expect(hello.tag).toBe('M')
  const body = `${digest('print(4)\n')}\\x01\\x02\\r\\n0${digest('print(4)\n')}marshal-a`
  expect(unmarshalled(hello.body as Uint8Array)).toBe(`{'${a}': ('${identity.replaceAll('\0', '\\x00')}', b'${body}')}`)
  // a was pushed and not asked for; c is asked for.
  s.get(0, join(pushProject, 'c.φ'))
  expect(s.imported()).toEqual({ paths: [a, join(pushProject, 'c.φ')], pushedAndUsed: 1, requested: 1 })
  s.get(0, a)
  expect(s.imported()).toEqual({ paths: [a, join(pushProject, 'c.φ')], pushedAndUsed: 0, requested: 2 })
})

test('a file whose time was set back but which changed just now (its ctime) is not pushed', () => {
  const dir = tempProject({ 'pyproject.toml': '', 'old.φ': 'π(8)\n' })
  const s = createModuleServer({ entryDir: dir, entryConfig: loadConfig(dir), cache: openCache(dir), bytecodeKind: 'comφled_cpython_311', bootKey: 'boot.test' })
  const old = join(dir, 'old.φ')
  utimesSync(old, new Date(2001, 0, 1), new Date(2001, 0, 1))
  s.put(new Uint8Array(Buffer.from(`\x01\x02\x0d\x0a0${digest('print(8)\n')}marshal`, 'latin1')))
  s.prepare([old])
  expect(text(s.hello(0).body)).toBe('')
})

test('a refusal without a cache is served as source', () => {
  const reply = server().get(0b1000, join(project, 'main.φ'))
  expect([reply.tag, text(reply.body)]).toEqual(['S', digest(PY) + PY])
})

test('hello without a cache pushes nothing', () => {
  const s = server()
  setSystemTime(new Date(Date.now() + 3_000))
  try {
    s.prepare([join(project, 'main.φ')])
  } finally {
    setSystemTime()
  }
  expect(text(s.hello(0).body)).toBe('')
})

test("the bootstrap's own code, kept under its key", () => {
  const s = server(true)
  expect(s.bootCode()).toEqual(new Uint8Array(0))
  expect(server().bootCode()).toEqual(new Uint8Array(0))
  s.boot(new Uint8Array([1, 2, 3]))
  expect(s.bootCode()).toEqual(new Uint8Array([1, 2, 3]))
})

test('hello pushes nothing a run has not prepared, nor a file changed in the last seconds; imported lists what was asked', () => {
  const s = server(true)
  expect([s.hello(0)].map((r) => [r.tag, text(r.body)])).toEqual([['M', '']])
  const fresh = join(project, 'fresh.φ')
  writeFileSync(fresh, 'π(3)\n')
  s.put(new Uint8Array(Buffer.from(`\x01\x02\x0d\x0a0${digest('print(3)\n')}marshal`, 'latin1')))
  s.prepare([fresh, join(project, 'gone.φ')])
  expect(text(s.hello(0).body)).toBe('')
  s.get(0, join(project, 'other.φ'))
  s.get(0, join(project, 'main.φ'))
  s.get(0, join(project, 'other.φ'))
  expect(s.imported()).toEqual({ paths: [join(project, 'other.φ'), join(project, 'main.φ')], pushedAndUsed: 0, requested: 2 })
})
