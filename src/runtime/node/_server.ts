import type { Socket } from 'bun'
import { log } from '../../util/log'
import { dataModule, isDataType } from './_data'
import { transformForNode, type ModuleFormat, type NodeProject, type Transformed } from './_transform'

interface Connection {
  decoder: TextDecoder
  buffer: string
  /** Reply bytes the socket has not taken yet. */
  unsent: Uint8Array
}

const encoder = new TextEncoder()

function flush(socket: Socket<Connection>): void {
  const { data } = socket
  if (data.unsent.length === 0) return
  // write() returns -1 on a closed socket: nothing was taken then.
  data.unsent = data.unsent.subarray(Math.max(0, socket.write(data.unsent)))
}

function send(socket: Socket<Connection>, reply: object): void {
  const bytes = encoder.encode(JSON.stringify(reply) + '\n')
  const { unsent } = socket.data
  const joined = new Uint8Array(unsent.length + bytes.length)
  joined.set(unsent)
  joined.set(bytes, unsent.length)
  socket.data.unsent = joined
  flush(socket)
}

async function answer(socket: Socket<Connection>, line: string, project: NodeProject): Promise<void> {
  let request: { id: number; path: string; format?: ModuleFormat; type?: string }
  try {
    request = JSON.parse(line)
  } catch {
    return log.debug(`node: ignored a malformed request: ${line.slice(0, 80)}`)
  }
  const { id, path, format = 'esm', type } = request
  let reply: Transformed
  const started = performance.now()
  try {
    reply = type !== undefined && isDataType(type) ? dataModule(path, type) : await transformForNode(path, project, format)
    log.debug(`node: converted ${path} in ${(performance.now() - started).toFixed(1)} ms`)
  } catch (error) {
    const message = `phicode could not convert ${path}: ${error instanceof Error ? error.message : String(error)}`
    reply = { error: { name: 'Error', message, stack: `Error: ${message}` } }
  }
  send(socket, { id, ...reply })
}

/**
 * Converts project files for Node's module hooks: one JSON request per line (`{id, path}`, and
 * `format: 'cjs'` for require() or `type` for a data file imported with that attribute),
 * one JSON reply per line (`{id, source}` or `{id, error}`), in any order.
 */
export function serveTransforms(socketPath: string, project: NodeProject): { stop(): void } {
  const server = Bun.listen<Connection>({
    unix: socketPath,
    socket: {
      open(socket) {
        socket.data = { decoder: new TextDecoder(), buffer: '', unsent: new Uint8Array(0) }
      },
      data(socket, chunk) {
        const state = socket.data
        state.buffer += state.decoder.decode(chunk, { stream: true })
        for (let nl = state.buffer.indexOf('\n'); nl >= 0; nl = state.buffer.indexOf('\n')) {
          void answer(socket, state.buffer.slice(0, nl), project)
          state.buffer = state.buffer.slice(nl + 1)
        }
      },
      drain: flush,
    },
  })
  return { stop: () => server.stop(true) }
}
