import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { CacheSettings } from './types'
import { errnoOf } from '../errors'
import { renameRetrying } from '../util/atomic-write'

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
 * A file's bytes; `undefined` when it vanished (another process merged it away). Read, not
 * memory-mapped: mapping saved 0.1-0.2 ms per 200-600 kB pack here (nothing measurable end to
 * end), and a mapped file truncated by anyone while in use kills the process with SIGBUS.
 */
export function readWhole(path: string): Uint8Array | undefined {
  try {
    return readFileSync(path)
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined
    throw error
  }
}

export function isAbandonedTemp(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > ABANDONED_MS
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
  writeSync(fd, bytes, 0, Math.min(after, bytes.length))
  stalled = true
  writeSync(2, `phicode: test hook: stalled writing ${temp}\n`)
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
}

/**
 * Writes `bytes` as `dir/name` through a temporary file in the same directory and a rename, so
 * a reader sees the whole file or none; a failed write leaves nothing behind.
 */
export function writeAtomic(dir: string, name: string, bytes: Uint8Array, settings: CacheSettings): void {
  if (settings.fault) throw injected(settings.fault)
  mkdirSync(dir, { recursive: true })
  const temp = join(dir, `${name}${TEMP_MARK}${process.pid}-${Math.random().toString(36).slice(2, 8)}`)
  let fd: number | undefined
  try {
    fd = openSync(temp, 'wx', 0o644)
    if (settings.stallAfter !== undefined && !stalled) stall(fd, bytes, settings.stallAfter, temp)
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at)
    closeSync(fd)
    fd = undefined
    renameRetrying(temp, join(dir, name))
  } catch (error) {
    if (fd !== undefined) closeSync(fd)
    try {
      rmSync(temp, { force: true })
    } catch {
      // The write's own error is the one reported; a leftover temp file is swept as stale later.
    }
    throw error
  }
}
