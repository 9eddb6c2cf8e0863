import type { NetConnectOpts, Socket } from 'node:net'
import type { ModuleReply } from './_modules'

/**
 * Serves the bootstrap's requests on the parent end of its fd-3 socketpair. A request is a
 * u32 (big-endian) length and a UTF-8 path; a reply is a tag byte, a u32 length and a UTF-8
 * body. The child sends one request at a time and waits for its reply.
 */
export async function serveModules(fd: number, answer: (path: string) => ModuleReply): Promise<Socket> {
  // Loaded here, not at start-up: node:net and its streams cost milliseconds every Bun run would pay.
  const { connect } = await import('node:net')
  // Bun's documented way to wrap a socket-fd slot; @types/node has no `fd` on connect options.
  const socket = connect({ fd } as unknown as NetConnectOpts)
  let pending: Buffer = Buffer.alloc(0)
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk
    while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32BE(0)) {
      const end = 4 + pending.readUInt32BE(0)
      socket.write(encodeReply(answer(pending.toString('utf8', 4, end))))
      pending = pending.subarray(end)
    }
  })
  // The child may exit mid-exchange; its exit status is what counts, not the broken socket.
  socket.on('error', () => {})
  return socket
}

function encodeReply(reply: ModuleReply): Buffer {
  const body = Buffer.from(reply.body, 'utf8')
  const head = Buffer.alloc(5)
  head.write(reply.tag, 0, 'latin1')
  head.writeUInt32BE(body.length, 1)
  return Buffer.concat([head, body])
}
