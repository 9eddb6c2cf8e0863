import { dirname } from 'node:path'
import { openCache } from '../../cache'
import { loadConfig } from '../../config/load'
import { serveModules } from './_channel'
import { createModuleServer, type ModuleServer } from './_modules'

/**
 * The `phicode` Python package's converter: a Python process starts this with a socket on
 * stdin and asks it what the bootstrap asks its parent (`G` a module, `X` a source, `P` code to
 * cache), for as long as the socket stays open. Each module is converted with its own
 * project's symbols and cached in its project's cache, as in a `phicode` run; `kind` names the
 * interpreter's bytecode layer (`comφled_cpython_311`).
 */
export async function servePythonChannel(kind: string | undefined): Promise<number> {
  // The terminal's Ctrl-C reaches the whole group: the Python process decides what it means,
  // and this one ends when its socket closes.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => {})
  const byRoot = new Map<string, ModuleServer>()
  const byDir = new Map<string, ModuleServer>()
  const byKey = new Map<string, ModuleServer>()
  const serverFor = (dir: string): ModuleServer => {
    let server = byDir.get(dir)
    if (server) return server
    const config = loadConfig(dir)
    server = byRoot.get(config.root)
    if (!server) {
      server = createModuleServer({ entryDir: dir, entryConfig: config, cache: openCache(config.root), bytecodeKind: kind ?? 'comφled_cpython_0', bootKey: 'boot.none' })
      byRoot.set(config.root, server)
    }
    byDir.set(dir, server)
    return server
  }
  const remember = (server: ModuleServer, reply: { tag: string; body: Uint8Array | string }) => {
    if (reply.tag === 'S' && typeof reply.body !== 'string') byKey.set(Buffer.from(reply.body.subarray(0, 32)).toString('latin1'), server)
    return reply
  }
  const channel = await serveModules(0, {
    hello: () => ({ tag: 'M', body: new Uint8Array(0) }),
    get(flags, path) {
      const server = serverFor(dirname(path))
      return remember(server, server.get(flags, path))
    },
    transpile(dir, source) {
      const server = serverFor(dir)
      return remember(server, server.transpile(dir, source))
    },
    put(payload) {
      byKey.get(Buffer.from(payload.subarray(5, 37)).toString('latin1'))?.put(payload)
    },
    boot() {},
    loader() {},
  })
  await channel.closed
  for (const root of byRoot.keys()) openCache(root).finish()
  return 0
}
