import { readFileSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import type { RunCache } from '../../cache/run-cache'
import { transpilePython } from '../../cache/transpiled'
import type { KindStore } from '../../cache/store'
import { loadConfig, type LoadedConfig } from '../../config'
import { errnoOf, PhicodeError } from '../../errors'
import { TranspileError } from '../../transpile/error'
import type { decodePhiSource as DecodePhiSource } from '../../transpile/source'
import type { Reply, Requests } from './_channel'

/**
 * The bootstrap's answer to `G` for one φ file, by tag: `C` cached code (key, then the code as
 * the bootstrap stored it), `S` Python source (key, then the text), `T` a transpile error (line,
 * column, φ line, reason), `O` the errno of a failed read, `I` any other reason it cannot be
 * imported. The bootstrap turns T, O and I into SyntaxError, OSError and ImportError.
 */
type ModuleReply = Reply & { tag: 'C' | 'S' | 'T' | 'O' | 'I' | 'M' }

/** `G` flags: the interpreter's optimization level (bits 0-1); the code sent for this path was refused. */
const OPTIMIZE = 0b11
const REFUSED = 0b1000

/** Code the bootstrap stores: magic number (4 bytes), optimization level (1 digit), key (32), marshal data. */
const CODE_HEADER = 37
const KEY = /^[0-9a-f]{32}$/

/** The loader's code (`L`) is kept by the run, not in a project's cache. */
export interface ModuleServer extends Omit<Requests, 'loader'> {
  /** The bootstrap's own cached code, or empty. */
  bootCode(): Uint8Array
  /** What a hello at `level` gets (its `M` body): the prepared modules' code, as marshal data. */
  pushed(level: number): Uint8Array
  /**
   * Reads and looks up the φ modules the previous run imported, to push their code when the
   * bootstrap says hello (while the interpreter starts, so before it asks for any of them).
   */
  prepare(paths: readonly string[]): void
  /** The φ modules this run pushed or served, in order (the next run's `prepare` list), and how many were pushed and not asked for after all. */
  imported(): { paths: string[]; pushedAndUsed: number; requested: number }
}

export interface ModuleServerOptions {
  entryDir: string
  entryConfig: LoadedConfig
  cache: RunCache | undefined
  /** The bytecode kind of the interpreter, e.g. `comφled_cpython_311`. */
  bytecodeKind: string
  /** The key of the bootstrap's compiled code. */
  bootKey: string
}

/** Serves φ modules to the bootstrap, each transpiled with the symbol table of its own project. */
export function createModuleServer(options: ModuleServerOptions): ModuleServer {
  const configs = new Map([[options.entryDir, options.entryConfig]])
  const configFor = (dir: string): LoadedConfig => {
    let config = configs.get(dir)
    if (!config) configs.set(dir, (config = loadConfig(dir)))
    return config
  }
  const bytecode: KindStore | undefined = options.cache?.disk('bytecode', options.bytecodeKind)
  const prepared: Prepared[] = []
  const pushed = new Set<string>()
  const requested = new Set<string>()
  const pushedAt = (level: number): Uint8Array => {
    const modules: Array<[string, string, Uint8Array]> = []
    for (const { path, identity, digest } of prepared) {
      const code = bytecode?.get(`${digest}.o${level}`)
      if (!code) continue
      pushed.add(path)
      modules.push([path, identity, Buffer.concat([Buffer.from(digest, 'latin1'), code.body])])
    }
    return modules.length ? marshalPushed(modules) : new Uint8Array(0)
  }
  return {
    prepare(paths) {
      for (const path of paths) {
        const module = prepareModule(path, options.cache, configFor)
        if (module) prepared.push(module)
      }
    },
    hello: (level) => ({ tag: 'M', body: pushedAt(level) }),
    pushed: pushedAt,
    get(flags, path) {
      requested.add(path)
      return moduleReply(path, flags, options.cache, configFor, bytecode)
    },
    transpile(dir, source) {
      try {
        const { text, digest } = transpilePython(options.cache, source, configFor(dir).tables.python, `${dir}/<source>`)
        return { tag: 'S', body: Buffer.concat([Buffer.from(digest, 'latin1'), text]) }
      } catch (error) {
        return failureReply(error, source, dir)
      }
    },
    imported: () => ({
      paths: [...new Set([...pushed, ...requested])],
      pushedAndUsed: [...pushed].filter((p) => !requested.has(p)).length,
      requested: requested.size,
    }),
    put(payload) {
      const key = new TextDecoder().decode(payload.subarray(5, CODE_HEADER))
      const level = payload[4]! - 0x30
      if (payload.length > CODE_HEADER && KEY.test(key) && level >= 0 && level <= 2) bytecode?.put(`${key}.o${level}`, payload)
    },
    boot(payload) {
      bytecode?.put(options.bootKey, payload)
    },
    bootCode: () => bytecode?.get(options.bootKey)?.body ?? new Uint8Array(0),
  }
}

interface Prepared {
  path: string
  /** `mtime_ns\0ctime_ns\0size\0inode` when read: the bootstrap uses the code only if they still hold. */
  identity: string
  digest: string
}

/** A file changed this recently may change again within its timestamps' granularity: never pushed. */
const RACY_NS = 2_000_000_000n

function prepareModule(path: string, cache: RunCache | undefined, configFor: (dir: string) => LoadedConfig): Prepared | undefined {
  try {
    const st = statSync(path, { bigint: true })
    const changed = st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs
    if (BigInt(Date.now()) * 1_000_000n - changed < RACY_NS) return undefined
    const { digest } = transpilePython(cache, readFileSync(path), configFor(dirname(path)).tables.python, path)
    return { path, identity: [st.mtimeNs, st.ctimeNs, st.size, st.ino].join('\0'), digest }
  } catch {
    // Gone or unconvertible: the import, if it still happens, asks and gets the error then.
    return undefined
  }
}

/**
 * The pushed modules as Python's `marshal` writes {path: (identity, body)}: a dict (`{`, the
 * pairs, `0`), str (`u`) and bytes (`s`) each an int32 little-endian length and the bytes, a
 * two-item tuple (`)`, a byte count). Every CPython and PyPy reads these types.
 */
function marshalPushed(modules: ReadonlyArray<[string, string, Uint8Array]>): Uint8Array {
  const parts: Uint8Array[] = [Buffer.from('{')]
  const sized = (type: string, bytes: Uint8Array) => {
    const head = Buffer.alloc(5)
    head.write(type, 0, 'latin1')
    head.writeInt32LE(bytes.length, 1)
    parts.push(head, bytes)
  }
  for (const [path, identity, body] of modules) {
    sized('u', Buffer.from(path, 'utf8'))
    parts.push(Buffer.from([0x29, 2]))
    sized('u', Buffer.from(identity, 'utf8'))
    sized('s', body)
  }
  parts.push(Buffer.from('0'))
  return Buffer.concat(parts)
}

function moduleReply(
  path: string,
  flags: number,
  cache: RunCache | undefined,
  configFor: (dir: string) => LoadedConfig,
  bytecode: KindStore | undefined,
): ModuleReply {
  let source: Uint8Array
  try {
    source = readFileSync(path)
  } catch (error) {
    const code = errnoOf(error) ?? ''
    // node:os loads only on this error path; start-up does not pay for it.
    // Stryker disable next-line StringLiteral: a specifier bun build must resolve
    const { errno } = (require('node:os') as typeof import('node:os')).constants
    return { tag: 'O', body: String(errno[code as keyof typeof errno] ?? errno.EIO) }
  }
  try {
    const { text, digest } = transpilePython(cache, source, configFor(dirname(path)).tables.python, path)
    const codeKey = `${digest}.o${flags & OPTIMIZE}`
    if (flags & REFUSED) bytecode?.reject(codeKey, 'the interpreter refused it (magic number, optimization level or key)')
    const code = flags & REFUSED ? undefined : bytecode?.get(codeKey)
    return { tag: code ? 'C' : 'S', body: Buffer.concat([Buffer.from(digest, 'latin1'), code ? code.body : text]) }
  } catch (error) {
    return failureReply(error, source, path)
  }
}

function failureReply(error: unknown, source: Uint8Array, path: string): ModuleReply {
  if (error instanceof TranspileError) {
    // Stryker disable next-line StringLiteral: a specifier bun build must resolve
    const { decodePhiSource } = require('../../transpile/source') as { decodePhiSource: typeof DecodePhiSource }
    return { tag: 'T', body: transpileErrorBody(error, decodePhiSource(source).text) }
  }
  if (error instanceof PhicodeError) return { tag: 'I', body: error.message }
  // An engine bug must not leave the program waiting for an answer.
  return { tag: 'I', body: `phicode: internal error converting ${path}: ${(error as Error).message}` }
}

function transpileErrorBody(error: TranspileError, source: string): string {
  const line = source.split(/\r\n|\r|\n/)[error.line - 1] ?? ''
  return [error.line, error.column, `${line}\n`, error.reason].join('\0')
}
