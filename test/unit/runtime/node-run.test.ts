/**
 * How `phicode --node` starts Node (src/runtime/node/index.ts), run from source: the interpreter
 * is a Python script standing in for node (it answers the probe, writes down its arguments, the
 * files it was handed and what the conversion socket answers), or the real node. Expected values
 * written by hand.
 */
import { expect, setDefaultTimeout, test } from 'bun:test'
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { PhicodeError } from '../../../src/errors'
import { runNode } from '../../../src/runtime/node/index'
import type { RunOptions } from '../../../src/runtime/types'
import { required } from '../../helpers/prerequisites'
import { tempDir, tempProject } from '../../helpers/tmp'
import { CLI, runSource } from '../../helpers/source'

setDefaultTimeout(60_000)

const NODE_DIR = resolve(import.meta.dir, '../../../src/runtime/node')

/** Node as it answers the probe (its path, `version`), then a recorder of what it was given. */
function fakeNode(dir: string, version: string): string {
  const path = join(dir, `node-${version}`)
  writeFileSync(
    path,
    `#!${required('python3')}
import json, os, socket, stat, sys
from urllib.parse import unquote
if sys.argv[1:2] == ['-e']:
    print(os.path.realpath(sys.argv[0]))
    print(${JSON.stringify(version)})
    sys.exit(0)
prefix = 'data:text/javascript,'
text = unquote(sys.argv[3][len(prefix):]) if sys.argv[3].startswith(prefix) else ''
data = json.loads(text[text.index('setup(') + 6:-1])
folder = os.path.dirname(data['socket'])
link = socket.socket(socket.AF_UNIX)
link.connect(data['socket'])
link.sendall((json.dumps({'id': 4, 'path': sys.argv[4]}) + '\\n').encode())
reply = b''
while not reply.endswith(b'\\n'):
    reply += link.recv(65536)
link.close()
record = {
    'argv': sys.argv[1:],
    'register': text[:text.index('setup(')],
    'data': data,
    'files': {name: open(os.path.join(folder, name)).read() for name in sorted(os.listdir(folder)) if name.endswith('.mjs')},
    'socket': stat.S_ISSOCK(os.stat(data['socket']).st_mode),
    'reply': json.loads(reply),
    'cwd': os.getcwd(),
    'leader': os.getpgid(0) == os.getpid(),
    'env': [os.environ.get('FROM_DOTENV'), os.environ.get('FROM_ENV')],
}
with open(os.environ['FAKE_NODE_OUT'], 'w') as out:
    json.dump(record, out)
if os.environ.get('FAKE_NODE_KILL'):
    os.kill(os.getpid(), 15)
sys.exit(int(os.environ.get('FAKE_NODE_EXIT', '0')))
`,
  )
  chmodSync(path, 0o755)
  return path
}

const phicode = (args: string[], cwd: string, env: Record<string, string>) => runSource(args, cwd, env)

test('Node older than 20.6 (18 before 18.19) is refused, naming the path and the version', async () => {
  for (const version of ['20.5.9', '19.9.0', '18.18.2', '16.20.0', '18']) {
    const options = { interpreter: { kind: 'node', path: '/opt/old/node', version } } as RunOptions
    const error = await runNode(options).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(PhicodeError)
    expect((error as PhicodeError).message).toBe(`--node needs Node 20.6 or newer (module hooks); /opt/old/node is Node ${version}`)
    expect((error as PhicodeError).exitCode).toBe(69)
  }
})

test('Node gets --enable-source-maps, an --import of the register module with its data, the entry and the arguments; the hook files are what phicode holds, and removed after', async () => {
  const dir = tempProject({ 'app.ts': 'const said: string = "from app.ts"\nconsole.log(said)\n', '.env': 'FROM_DOTENV=dotenv value\n' })
  const tmp = tempDir()
  const out = join(dir, 'record.json')
  for (const version of ['20.6.0', '18.19.0', '21.0.0']) {
    const node = fakeNode(tmp, version)
    const result = await phicode(['--node', 'app.ts', 'one', 'two words'], dir, { PHINODE_PATH: node, FAKE_NODE_OUT: out, FROM_ENV: 'env value', TMPDIR: tmp, FAKE_NODE_EXIT: '7' })
    expect(result).toEqual({ code: 7, signal: null, stdout: '', stderr: '' })
    const record = JSON.parse(readFileSync(out, 'utf8'))
    const folder = record.data.socket.slice(0, -'/convert.sock'.length) as string
    expect(folder.startsWith(join(tmp, 'phicode-node-'))).toBe(true)
    expect(record.argv).toEqual(['--enable-source-maps', '--import', expect.stringMatching(/^data:text\/javascript,/), join(dir, 'app.ts'), 'one', 'two words'])
    expect(record.register).toBe(`import{setup}from${JSON.stringify(`file://${folder}/register.mjs`)};`)
    expect(record.data).toEqual({
      hooks: `file://${folder}/hooks.mjs`,
      serve: `file://${folder}/serve.mjs`,
      socket: `${folder}/convert.sock`,
      extensions: ['.φ', '.phi'],
      compiled: { esm: ['.ts', '.mts', '.tsx', '.jsx'], cjs: ['.ts', '.mts', '.cts', '.tsx', '.jsx'] },
      // Not on a terminal: Node leads a group of its own.
      guard: true,
    })
    expect(record.files).toEqual(
      Object.fromEntries(['hooks', 'register', 'serve'].map((name) => [`${name}.mjs`, readFileSync(join(NODE_DIR, `${name}.mjs`), 'utf8')])),
    )
    expect(record.socket).toBe(true)
    expect(record.reply.id).toBe(4)
    expect(record.reply.source).toContain('"from app.ts"')
    expect(record.reply.source).not.toContain(': string')
    expect(record.cwd).toBe(dir)
    expect(record.leader).toBe(true)
    expect(record.env).toEqual(['dotenv value', 'env value'])
    expect(existsSync(folder)).toBe(false)
  }
})

test("a project's own φ extension is handed to the hooks; Node killed by a signal is passed back as that signal", async () => {
  const dir = tempProject({ 'package.json': '{}', '.(φ)/config.json': JSON.stringify({ file_extension: '.fi' }), 'app.fi': '// phicode: typescript\nπ("x")\n' })
  const tmp = tempDir()
  const out = join(dir, 'record.json')
  const result = await phicode(['--node', 'app.fi'], dir, { PHINODE_PATH: fakeNode(tmp, '22.1.0'), FAKE_NODE_OUT: out, FAKE_NODE_KILL: '1' })
  expect(result).toMatchObject({ code: null, signal: 'SIGTERM', stdout: '' })
  const record = JSON.parse(readFileSync(out, 'utf8'))
  expect(record.data.extensions).toEqual(['.φ', '.phi', '.fi'])
  expect(record.reply.source).toContain('console.log("x")')
})

test('the real node runs a TypeScript entry with its arguments and passes its exit code back', async () => {
  const dir = tempProject({ 'app.ts': 'const args: string[] = process.argv.slice(2)\nconsole.log(JSON.stringify(args))\nprocess.exitCode = 3\n' })
  const result = await phicode(['--node', 'app.ts', 'a', 'b c'], dir, { PHINODE_PATH: required('node') })
  expect(result).toEqual({ code: 3, signal: null, stdout: '["a","b c"]\n', stderr: '' })
})

test('a signal sent to phicode reaches Node, which ends by it; the conversions were cached in the project', async () => {
  const dir = tempProject({ 'app.ts': 'const ready: string = "ready"\nconsole.log(ready)\nsetInterval(() => {}, 1000)\n' })
  const proc = Bun.spawn([process.execPath, CLI, '--node', 'app.ts'], {
    cwd: dir,
    env: { ...process.env, PHICODE_HOME: join(dir, '.home'), PHINODE_PATH: required('node'), NO_COLOR: '1' },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    timeout: 30_000,
    killSignal: 'SIGKILL',
  })
  try {
    const reader = proc.stdout.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toBe('ready\n')
    proc.kill('SIGTERM')
    await proc.exited
    expect([proc.exitCode, proc.signalCode]).toEqual([null, 'SIGTERM'])
  } finally {
    // Should the signal not have ended it: phicode killed outright, Node's guard ends Node's group.
    proc.kill('SIGKILL')
  }
  expect(readdirSync(join(dir, '.(φ)cache'))).toContain('node')
})
