/**
 * The bootstrap's channel, served on the parent end of a real socketpair (fd 3 of a real
 * python3, as a φ-Python run starts it). The Python side frames its requests with `struct`
 * and reports what it read: the frame layout is checked by Python, not by phicode's own code.
 */
import { expect, test } from 'bun:test'
import { channelDone, serveModules, type Requests } from '../../../src/runtime/python/_channel'

const PEER = String.raw`
import json, socket, struct, sys
s = socket.socket(fileno=3)
def exact(n):
    data = b''
    while len(data) < n:
        more = s.recv(n - len(data))
        if not more:
            raise EOFError(len(data))
        data += more
    return data
def frame(op, payload):
    return op + struct.pack('>I', len(payload)) + payload
def reply():
    tag = exact(1).decode('latin1')
    return [tag, list(exact(struct.unpack('>I', exact(4))[0]))]
out = {}
out['unasked'] = [list(exact(struct.unpack('>I', exact(4))[0])) for _ in range(2)]
s.sendall(frame(b'H', b'2')); out['hello'] = reply()
s.sendall(frame(b'G', bytes([5]) + 'dir/é.φ'.encode())); out['get'] = reply()
s.sendall(frame(b'G', bytes([0]) + b'/bytes')); out['bytes'] = reply()
s.sendall(frame(b'X', b'/proj\0src \xcf\x86')); out['transpile'] = reply()
s.sendall(frame(b'X', b'no nul')); out['malformed'] = reply()
# Code to keep, then a request, in one write: the request is answered first.
s.sendall(frame(b'P', b'code1') + frame(b'B', b'boot1') + frame(b'L', b'loader1') + frame(b'G', bytes([0]) + b'/a')); out['after'] = reply()
# A frame in two writes, then frames that are no requests (empty G and H, an unknown op).
data = frame(b'G', bytes([1]) + b'/split')
s.sendall(data[:3]); s.sendall(data[3:]); out['split'] = reply()
s.sendall(frame(b'G', b'') + frame(b'H', b'') + frame(b'Z', b'z') + frame(b'G', bytes([0]) + b'/last')); out['last'] = reply()
# A frame of 1 MiB arrives in many reads; an empty X frame alone is still a whole frame.
s.sendall(frame(b'G', bytes([2]) + b'/' + b'a' * (1 << 20))); big = reply(); out['big'] = [big[0], len(big[1])]
s.sendall(frame(b'X', b'')); out['empty'] = reply()
s.sendall(frame(b'X', b'\0top')); out['nodir'] = reply()
print(json.dumps(out), flush=True)
# Wait until the parent closes its end.
out['end'] = s.recv(1)
sys.exit(0 if out['end'] == b'' else 3)
`

const bytes = (text: string) => [...Buffer.from(text, 'utf8')]

test('frames both ways over fd 3: unasked messages, replies by op, code kept after the request it came with', async () => {
  const python = Bun.which('python3')
  if (!python) throw new Error('python3 is not on PATH: this test needs it')
  const calls: string[] = []
  const requests: Requests = {
    hello: (level) => (calls.push(`hello ${level}`), { tag: 'M', body: `level ${level}` }),
    get(flags, path) {
      calls.push(`get ${flags} ${path}`)
      return path === '/bytes' ? { tag: 'C', body: new Uint8Array([0, 255, 1]) } : { tag: 'S', body: `${flags} ${path}` }
    },
    transpile: (dir, source) => (calls.push(`transpile ${dir} ${new TextDecoder().decode(source)}`), { tag: 'T', body: 'é' }),
    put: (payload) => void calls.push(`put ${new TextDecoder().decode(payload)}`),
    boot: (payload) => void calls.push(`boot ${new TextDecoder().decode(payload)}`),
    loader: (payload) => void calls.push(`loader ${new TextDecoder().decode(payload)}`),
  }
  const child = Bun.spawn([python, '-c', PEER], { stdio: ['ignore', 'pipe', 'inherit', 'socket-fd' as never] })
  const channel = await serveModules(child.stdio[3] as unknown as number, requests)
  channel.send(new Uint8Array([7, 8, 9]))
  channel.send(new Uint8Array(0))
  const reader = child.stdout.getReader()
  let text = ''
  while (!text.includes('\n')) {
    const { value, done } = await reader.read()
    if (done) throw new Error(`python3 ended before reporting: ${text}`)
    text += new TextDecoder().decode(value)
  }
  expect(JSON.parse(text)).toEqual({
    unasked: [[7, 8, 9], []],
    hello: ['M', bytes('level 2')],
    get: ['S', bytes('5 dir/é.φ')],
    bytes: ['C', [0, 255, 1]],
    transpile: ['T', bytes('é')],
    malformed: ['I', bytes('phicode: malformed transpile request')],
    after: ['S', bytes('0 /a')],
    split: ['S', bytes('1 /split')],
    last: ['S', bytes('0 /last')],
    big: ['S', '2 /'.length + (1 << 20)],
    empty: ['I', bytes('phicode: malformed transpile request')],
    nodir: ['T', bytes('é')],
  })
  expect(calls).toEqual(['hello 2', 'get 5 dir/é.φ', 'get 0 /bytes', 'transpile /proj src φ', 'get 0 /a', 'put code1', 'boot boot1', 'loader loader1', 'get 1 /split', 'get 0 /last', `get 2 /${'a'.repeat(1 << 20)}`, 'transpile  top'])
  // The peer still holds its end: drained() gives up after its wait.
  await channel.drained(5)
  channel.close()
  await channel.closed
  expect(await child.exited).toBe(0)
  // Once the other end is gone, drained() settles at once (a wait of 30 s would outlast the test).
  await channel.drained(30_000)
}, 10_000)

test('closed settles when the child ends by itself', async () => {
  const python = Bun.which('python3')
  if (!python) throw new Error('python3 is not on PATH: this test needs it')
  const child = Bun.spawn([python, '-c', 'import socket; socket.socket(fileno=3).close()'], { stdio: ['ignore', 'inherit', 'inherit', 'socket-fd' as never] })
  const none = () => {
    throw new Error('no request was sent')
  }
  const channel = await serveModules(child.stdio[3] as unknown as number, { hello: none, get: none, transpile: none, put: none, boot: none, loader: none })
  await channel.closed
  await channel.drained(30_000)
  expect(await child.exited).toBe(0)
}, 10_000)

test('a child that asks and exits before the answer breaks nothing: the write error is absorbed', async () => {
  const python = Bun.which('python3')
  if (!python) throw new Error('python3 is not on PATH: this test needs it')
  const peer = "import socket, struct\ns = socket.socket(fileno=3)\ns.sendall(b'G' + struct.pack('>I', 3) + b'\\x00/x')\ns.close()"
  const child = Bun.spawn([python, '-c', peer], { stdio: ['ignore', 'inherit', 'inherit', 'socket-fd' as never] })
  let asked = 0
  const big = new Uint8Array(1 << 20)
  const none = () => {
    throw new Error('not asked')
  }
  const channel = await serveModules(child.stdio[3] as unknown as number, {
    hello: none,
    get: () => (asked++, { tag: 'S', body: big }),
    transpile: none,
    put: none,
    boot: none,
    loader: none,
  })
  expect(await child.exited).toBe(0)
  await channel.closed
  // Writing after the peer has gone raises EPIPE on the socket, which must not surface.
  channel.send(big)
  channel.send(big)
  await Bun.sleep(50)
  expect(asked).toBe(1)
}, 10_000)

/** A python3 peer on fd 3 whose only frames are code to keep (`P`): what it sent, as text, lands in `kept`. */
async function keepingPeer(peer: string) {
  const python = Bun.which('python3')
  if (!python) throw new Error('python3 is not on PATH: this test needs it')
  const child = Bun.spawn([python, '-c', peer], { stdio: ['ignore', 'pipe', 'inherit', 'socket-fd' as never] })
  const kept: string[] = []
  const none = () => {
    throw new Error('not asked')
  }
  const channel = await serveModules(child.stdio[3] as unknown as number, {
    hello: none,
    get: none,
    transpile: none,
    put: (payload) => void kept.push(new TextDecoder().decode(payload)),
    boot: none,
    loader: none,
  })
  return { child, channel, kept }
}

test('drained() waits for code the child sends as it ends', async () => {
  // Sent only once the parent's message arrives, that is after drained() was called.
  const { child, channel, kept } = await keepingPeer("import socket, struct\ns = socket.socket(fileno=3)\ns.recv(5)\ns.sendall(b'P' + struct.pack('>I', 4) + b'late')\ns.close()")
  channel.send(new Uint8Array([1]))
  await channel.drained(9_000)
  expect(kept).toEqual(['late'])
  channel.close()
  expect(await child.exited).toBe(0)
}, 10_000)

/**
 * channelDone after the interpreter's exit was seen and its socket is still open (a signal, an
 * `os._exit`, a grandchild holding the socket): code still on its way is waited for only when the
 * cache keeps it. The peer sends its code once the parent's byte arrives, which the test sends
 * once the exit is signalled: the code can come in only on a later turn of the event loop, after
 * channelDone has seen the exit.
 */
async function afterExit(keeping: boolean): Promise<string[]> {
  const peer = [
    'import socket, struct, sys',
    's = socket.socket(fileno=3)',
    "print('ready', flush=True)",
    'if s.recv(1):',
    "    try:\n        s.sendall(b'P' + struct.pack('>I', 4) + b'late')\n    except OSError:\n        pass",
    's.close()',
  ].join('\n')
  const { child, channel, kept } = await keepingPeer(peer)
  const reader = child.stdout.getReader()
  let text = ''
  while (!text.includes('ready\n')) {
    const { value, done } = await reader.read()
    if (done) throw new Error(`python3 ended before it was ready: ${text}`)
    text += new TextDecoder().decode(value)
  }
  let seen!: () => void
  const exited = new Promise<void>((resolve) => (seen = resolve))
  const done = channelDone(channel, exited, keeping)
  seen()
  channel.send(new Uint8Array([1]))
  await done
  expect(await child.exited).toBe(0)
  return kept
}

test('after the exit, code still on its way is waited for when it is kept, and not otherwise', async () => {
  expect(await afterExit(true)).toEqual(['late'])
  expect(await afterExit(false)).toEqual([])
}, 10_000)
