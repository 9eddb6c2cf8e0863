/** A reply: a tag byte the bootstrap understands (see `_modules.ts`) and a body. */
export interface Reply {
  tag: string
  body: Uint8Array | string
}

/** What the bootstrap may send: requests that want a reply, and code to keep. */
export interface Requests {
  /** `H`: hello, with the interpreter's optimization level: the modules to push (an `M` reply). */
  hello(level: number): Reply
  /** `G`: a module's code or source. `flags` as the bootstrap sets them (see `_modules.ts`). */
  get(flags: number, path: string): Reply
  /** `X`: φ source converted with the symbols of `dir`'s project (an `S` or `T` reply). */
  transpile(dir: string, source: Uint8Array): Reply
  /** `P`: compiled code of a module, to be cached (no reply). */
  put(payload: Uint8Array): void
  /** `B`: compiled code of the bootstrap itself, to be cached (no reply). */
  boot(payload: Uint8Array): void
  /** `L`: compiled code of the loader, to be kept where the next start reads it (no reply). */
  loader(payload: Uint8Array): void
}

const HEADER = 5

/** How long compiled code still on its way from an exited interpreter is waited for. */
const DRAIN_MS = 200

export interface Channel {
  /** Sends a message the child reads unasked: a u32 big-endian length, then the bytes. */
  send(bytes: Uint8Array): void
  /** Sends messages already framed as `send` frames them, back to back (`unaskedFrames`). */
  sendFramed(frames: Uint8Array): void
  /** How many frames the child has sent so far: requests and code to keep alike. */
  readonly received: number
  /** Settles once everything the child sent has been handled, or after `waitMs` at most (a forked grandchild may hold the socket open). */
  drained(waitMs: number): Promise<void>
  /** Settles when the other end has closed the socket. */
  closed: Promise<void>
  close(): void
}

/**
 * Serves the bootstrap on the parent end of its fd-3 socketpair (or, for `--python-channel`,
 * the `phicode` package on stdin, a socket too). The bootstrap first reads unasked messages
 * (see `send`): its own cached code, its text and its error half's, the package folder, then
 * the modules pushed to it. Then it sends frames, an op byte,
 * a u32 length and a payload, answered (ops `H` and `G`) with a tag byte, a u32 length and a
 * body, one request at a time.
 */
export async function serveModules(fd: number, requests: Requests): Promise<Channel> {
  let pending: Buffer = Buffer.alloc(0)
  // Bun's own socket, not node:net: its streams cost some 6 ms of CPU while the interpreter
  // starts (an empty compiled program beside one that serves a socket each way). It buffers
  // nothing: what the socket does not take waits here for `drain`.
  const unsent: Uint8Array[] = []
  const flush = (socket: Bun.Socket): void => {
    while (unsent.length > 0) {
      const head = unsent[0]!
      const wrote = socket.write(head)
      if (wrote < head.length) {
        unsent[0] = head.subarray(Math.max(wrote, 0))
        return
      }
      unsent.shift()
    }
  }
  const write = (socket: Bun.Socket, bytes: Uint8Array): void => {
    unsent.push(bytes)
    if (unsent.length === 1) flush(socket)
  }
  let hungUp!: () => void
  const ended = new Promise<void>((resolve) => (hungUp = resolve))
  let received = 0
  const onData = (socket: Bun.Socket, chunk: Buffer): void => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk
    // Code to keep arrives with the request that follows it: the request is answered first,
    // so keeping the code overlaps with the interpreter's work instead of delaying it.
    const kept: Array<[number, Uint8Array]> = []
    while (pending.length >= HEADER && pending.length >= HEADER + pending.readUInt32BE(1)) {
      const end = HEADER + pending.readUInt32BE(1)
      const op = pending[0]!
      const payload = pending.subarray(HEADER, end)
      received++
      const reply =
        op === 0x47 /* G */ && payload.length > 0 ? requests.get(payload[0]!, payload.toString('utf8', 1))
        : op === 0x48 /* H */ && payload.length > 0 ? requests.hello(payload[0]! - 0x30)
        : op === 0x58 /* X */ ? transpileRequest(requests, payload)
        : undefined
      if (reply) write(socket, frame(reply.tag, typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body))
      else kept.push([op, new Uint8Array(payload)])
      pending = pending.subarray(end)
    }
    for (const [op, payload] of kept) {
      if (op === 0x50 /* P */) requests.put(payload)
      else if (op === 0x42 /* B */) requests.boot(payload)
      else if (op === 0x4c /* L */) requests.loader(payload)
    }
  }
  const options: Bun.FdSocketOptions = {
    fd,
    socket: {
      data: onData,
      drain: flush,
      end: hungUp,
      close: hungUp,
      // The child may exit mid-exchange; its exit status is what counts, not the broken socket,
      // which is done with (node:net closed it after an error).
      error: hungUp,
    },
  }
  let socket: Bun.Socket | undefined
  try {
    // Bun.connect takes a descriptor (`FdSocketOptions`), though its overloads do not name it.
    socket = await Bun.connect(options as unknown as Bun.UnixSocketOptions)
  } catch {
    // Not a socket (a --python-channel started by hand on a file): closed from the start, as node:net had it.
    hungUp()
  }
  return {
    send: (bytes) => socket && write(socket, frame(undefined, bytes)),
    sendFramed: (frames) => socket && write(socket, frames),
    get received() {
      return received
    },
    drained(waitMs) {
      let timer: Timer | undefined
      return Promise.race([ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]).finally(() => clearTimeout(timer))
    },
    closed: ended,
    close: () => socket?.terminate(),
  }
}

/** An `X` payload: the directory, NUL, the source. */
function transpileRequest(requests: Requests, payload: Buffer): Reply {
  const nul = payload.indexOf(0)
  return nul < 0 ? { tag: 'I', body: 'phicode: malformed transpile request' } : requests.transpile(payload.toString('utf8', 0, nul), payload.subarray(nul + 1))
}

/**
 * Waits until the interpreter is done with the channel, then closes it. It hangs up after its
 * program's exit handlers, before it finalizes (milliseconds, in which the caller may settle the
 * cache); one that exited without hanging up (a signal, `os._exit`) may still have code on its way,
 * waited for a while when `keeping` it.
 */
export async function channelDone(channel: Channel, exited: Promise<unknown>, keeping: boolean): Promise<void> {
  const first = await Promise.race([channel.closed.then(() => 'hung up'), exited.then(() => 'exited')])
  if (first === 'exited' && keeping) await channel.drained(DRAIN_MS)
  channel.close()
}

/** Unasked messages as `send` puts them on the socket, one after the other. */
export function unaskedFrames(messages: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(messages.map((bytes) => frame(undefined, bytes)))
}

/** `[tag] u32 length, body`: unasked messages have no tag. */
function frame(tag: string | undefined, body: Uint8Array): Buffer {
  const head = Buffer.alloc(tag === undefined ? 4 : 5)
  if (tag !== undefined) head.write(tag, 0, 'latin1')
  head.writeUInt32BE(body.length, tag === undefined ? 0 : 1)
  return Buffer.concat([head, body])
}
