import { join } from '../util/paths'
import type { CacheSettings } from './types'
import { errnoOf } from '../errors'
import { renameRetrying } from '../util/atomic-write'
import { mappedCopy, nodeFs } from '../util/files'

export const PACK_SUFFIX = '.pack'
/** Temporary files carry this in their name; readers never open them. */
export const TEMP_MARK = '.tmp-'
/** A temporary file this old was left by a writer that died. */
const ABANDONED_MS = 10 * 60_000

/** A new pack's name: sorting names newest first puts the most recent writes first. */
export function newPackName(): string {
  const random = Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, '0')
  return `${Date.now().toString(36).padStart(9, '0')}-${process.pid.toString(36)}-${random}${PACK_SUFFIX}`
}

/**
 * A file's bytes; `undefined` when it vanished (another process merged it away). Copied from a
 * mapping (see `mappedCopy`), else read through node:fs, which also says why a file cannot be read.
 */
export function readWhole(path: string): Uint8Array | undefined {
  const mapped = mappedCopy(path)
  if (mapped) return mapped
  try {
    return nodeFs().readFileSync(path)
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined
    throw error
  }
}

export function isAbandonedTemp(path: string): boolean {
  try {
    return Date.now() - nodeFs().statSync(path).mtimeMs > ABANDONED_MS
  } catch {
    return false
  }
}

function injected(code: 'EROFS' | 'ENOSPC'): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: injected by PHICODE_CACHE_FAULT`)
  error.code = code
  return error
}

let stalled = false

/** The test hook of PHICODE_CACHE_STALL_WRITE: half a file on disk, then wait to be killed. */
function stall(fd: number, bytes: Uint8Array, after: number, temp: string): void {
  const fs = nodeFs()
  fs.writeSync(fd, bytes, 0, Math.min(after, bytes.length))
  stalled = true
  fs.writeSync(2, `phicode: test hook: stalled writing ${temp}\n`)
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
}

/**
 * Writes `bytes` as `dir/name` through a temporary file in the same directory and a rename, so
 * a reader sees the whole file or none; a failed write leaves nothing behind.
 */
export function writeAtomic(dir: string, name: string, bytes: Uint8Array, settings: CacheSettings): void {
  if (settings.fault) throw injected(settings.fault)
  const fs = nodeFs()
  fs.mkdirSync(dir, { recursive: true })
  const temp = join(dir, `${name}${TEMP_MARK}${process.pid}-${Math.random().toString(36).slice(2, 8)}`)
  let fd: number | undefined
  try {
    fd = fs.openSync(temp, 'wx', 0o644)
    if (settings.stallAfter !== undefined && !stalled) stall(fd, bytes, settings.stallAfter, temp)
    for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at)
    fs.closeSync(fd)
    fd = undefined
    renameRetrying(temp, join(dir, name))
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd)
    try {
      fs.rmSync(temp, { force: true })
    } catch {
      // The write's own error is the one reported; a leftover temp file is swept as stale later.
    }
    throw error
  }
}
