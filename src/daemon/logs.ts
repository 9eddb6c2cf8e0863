import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

/** Where a log line came from: the app's stdout, its stderr, or the supervisor itself. */
export type LogStream = 'out' | 'err' | 'phiemon'

export interface LogWriter {
  write(stream: LogStream, text: string): void
  close(): void
}

const rotated = (path: string, k: number): string => `${path}.${k}`

/**
 * Appends timestamped lines (`2025-01-02T03:04:05.678Z [out] text`) to one file. Before a line
 * would take the file past `maxBytes`, the file is rotated: `log` → `log.1` → … → `log.<files>`,
 * the oldest dropped. Only the supervisor writes, so sizes are tracked here, not re-read.
 */
export function openLogWriter(path: string, maxBytes: number, files: number): LogWriter {
  mkdirSync(dirname(path), { recursive: true })
  let fd = openSync(path, 'a')
  let size = fstatSync(fd).size
  const rotate = () => {
    closeSync(fd)
    if (files === 0) rmSync(path, { force: true })
    for (let k = files - 1; k >= 1; k--) if (existsSync(rotated(path, k))) renameSync(rotated(path, k), rotated(path, k + 1))
    if (files > 0) renameSync(path, rotated(path, 1))
    fd = openSync(path, 'a')
    size = 0
  }
  return {
    write(stream, text) {
      const line = Buffer.from(`${new Date().toISOString()} [${stream}] ${text}\n`)
      if (size > 0 && size + line.length > maxBytes) rotate()
      writeSync(fd, line)
      size += line.length
    },
    close: () => closeSync(fd),
  }
}

/** A partial line is held this long for its end before it is logged as it is. */
const PARTIAL_FLUSH_MS = 200
const PARTIAL_MAX = 64 * 1024

/**
 * Cuts a byte stream into lines (UTF-8 split across chunks is kept whole). A line that never
 * ends (a prompt, a progress bar) is still logged after a short wait or when it grows large.
 */
export function lineSplitter(emit: (line: string) => void): { push(chunk: Uint8Array): void; end(): void } {
  const decoder = new TextDecoder()
  let pending = ''
  let timer: Timer | undefined
  const flush = () => {
    clearTimeout(timer)
    timer = undefined
    if (pending) emit(pending)
    pending = ''
  }
  return {
    push(chunk) {
      const lines = (pending + decoder.decode(chunk, { stream: true })).split('\n')
      pending = lines.pop()!
      for (const line of lines) emit(line.endsWith('\r') ? line.slice(0, -1) : line)
      clearTimeout(timer)
      if (pending.length > PARTIAL_MAX) flush()
      else if (pending) timer = setTimeout(flush, PARTIAL_FLUSH_MS)
    },
    end() {
      pending += decoder.decode()
      flush()
    },
  }
}

/** The last `n` lines of one file, reading backwards from `end` in blocks. */
function tailOf(path: string, n: number, end?: number): string[] {
  if (n <= 0 || !existsSync(path)) return []
  const fd = openSync(path, 'r')
  try {
    let pos = end ?? fstatSync(fd).size
    const blocks: Buffer[] = []
    let newlines = 0
    while (pos > 0 && newlines <= n) {
      const length = Math.min(64 * 1024, pos)
      pos -= length
      const block = Buffer.alloc(length)
      readSync(fd, block, 0, length, pos)
      blocks.unshift(block)
      for (const byte of block) if (byte === 10) newlines++
    }
    const lines = Buffer.concat(blocks).toString('utf8').split('\n')
    if (lines.at(-1) === '') lines.pop()
    return lines.slice(-n)
  } finally {
    closeSync(fd)
  }
}

/** The last `n` lines of a daemon's log, reaching into rotated files when the current one is short. */
export function lastLines(path: string, n: number, end?: number): string[] {
  let lines = tailOf(path, n, end)
  for (let k = 1; lines.length < n && existsSync(rotated(path, k)); k++) {
    lines = [...tailOf(rotated(path, k), n - lines.length), ...lines]
  }
  return lines
}

export function logSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

const FOLLOW_POLL_MS = 100

/**
 * Streams what is appended to the log from byte `offset` on, across rotations: when the file
 * is replaced, the rest of the old one is read through its open descriptor, then the new one
 * from its start. Runs until `signal` aborts.
 */
export async function followLog(path: string, offset: number, write: (text: string) => void, signal: AbortSignal): Promise<void> {
  const decoder = new TextDecoder()
  let fd: number | undefined
  let ino = -1
  const drain = () => {
    if (fd === undefined) return
    const buffer = Buffer.alloc(64 * 1024)
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, offset)
      if (read <= 0) break
      offset += read
      write(decoder.decode(buffer.subarray(0, read), { stream: true }))
    }
  }
  while (!signal.aborted) {
    let st: { ino: number; size: number } | undefined
    try {
      st = statSync(path)
    } catch {
      st = undefined
    }
    if (st && st.ino !== ino) {
      drain()
      if (fd !== undefined) {
        closeSync(fd)
        offset = 0
      }
      fd = openSync(path, 'r')
      ino = st.ino
    } else if (st && st.size < offset) offset = 0
    drain()
    await Bun.sleep(FOLLOW_POLL_MS)
  }
  if (fd !== undefined) closeSync(fd)
}
