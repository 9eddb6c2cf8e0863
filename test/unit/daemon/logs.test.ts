/**
 * Phiemon's log files, on real files in a temp folder: the line format, rotation at the exact
 * byte of the cap, the number of rotated files kept, the line splitter that cuts the app's output,
 * the backwards tail across 64 KiB blocks and rotated files, and `--follow` across a rotation and
 * a truncation. Expected lines and sizes are written out by hand.
 */
import { describe, expect, test } from 'bun:test'
import { appendFileSync, existsSync, readdirSync, readFileSync, readlinkSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { followLog, lastLines, lineSplitter, logSize, openLogWriter } from '../../../src/daemon/logs'
import { tempDir } from '../../helpers/tmp'

const dir = tempDir('phiemon-logs-')
let n = 0
/** A fresh path in a folder that does not exist yet (the writer makes it). */
const fresh = (): string => join(dir, `case-${++n}`, 'app.log')
const read = (path: string): string => (existsSync(path) ? readFileSync(path, 'utf8') : '')
/** The text of each line, without its time stamp (`2026-…Z [out] text`). */
const texts = (path: string): string[] =>
  read(path)
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(25))

/** Descriptors of this process open on `path` (/proc/self/fd). */
function openOn(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path
    } catch {
      return false
    }
  }).length
}

/** A 20-character text: its line is 24 (time) + 1 + 5 (`[out]`) + 1 + 20 + 1 = 52 bytes. */
const t20 = (c: string): string => c.repeat(20)

describe('the log writer', () => {
  test('one line per write: ISO time, the stream in brackets, the text; the folder is made', () => {
    const path = fresh()
    const before = Date.now()
    const log = openLogWriter(path, 1 << 20, 3)
    log.write('out', 'hello')
    log.write('err', 'oops')
    log.write('phiemon', 'note')
    log.close()
    const lines = read(path).split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[3]).toBe('')
    expect(lines.slice(0, 3).map((l) => l.slice(24))).toEqual([' [out] hello', ' [err] oops', ' [phiemon] note'])
    for (const line of lines.slice(0, 3)) {
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /)
      const at = Date.parse(line.slice(0, 24))
      expect(at).toBeGreaterThanOrEqual(before - 1000)
      expect(at).toBeLessThanOrEqual(Date.now() + 1000)
    }
  })

  test('a line that would take the file past the cap rotates it first; a line that fills it exactly does not', () => {
    const path = fresh()
    const log = openLogWriter(path, 104, 3)
    log.write('out', t20('a'))
    log.write('out', t20('b'))
    expect(readFileSync(path).length).toBe(104)
    expect(existsSync(`${path}.1`)).toBe(false)
    log.write('out', t20('c'))
    log.close()
    expect(texts(path)).toEqual([`[out] ${t20('c')}`])
    expect(texts(`${path}.1`)).toEqual([`[out] ${t20('a')}`, `[out] ${t20('b')}`])
  })

  test('one byte under two lines: the second line goes to a new file', () => {
    const path = fresh()
    const log = openLogWriter(path, 103, 3)
    log.write('out', t20('a'))
    log.write('out', t20('b'))
    log.close()
    expect(texts(path)).toEqual([`[out] ${t20('b')}`])
    expect(texts(`${path}.1`)).toEqual([`[out] ${t20('a')}`])
  })

  test('a line longer than the cap is written whole into an empty file, which is not rotated first', () => {
    const path = fresh()
    const log = openLogWriter(path, 10, 3)
    log.write('out', t20('a'))
    log.close()
    expect(texts(path)).toEqual([`[out] ${t20('a')}`])
    expect(existsSync(`${path}.1`)).toBe(false)
  })

  test('the size of a log already there counts: appended to, and rotated when the next line does not fit', () => {
    const path = fresh()
    const first = openLogWriter(path, 104, 3)
    first.write('out', t20('a'))
    first.close()
    const second = openLogWriter(path, 104, 3)
    second.write('out', t20('b'))
    expect(existsSync(`${path}.1`)).toBe(false)
    second.write('out', t20('c'))
    second.close()
    expect(texts(`${path}.1`)).toEqual([`[out] ${t20('a')}`, `[out] ${t20('b')}`])
    expect(texts(path)).toEqual([`[out] ${t20('c')}`])
  })

  test('rotation keeps the set number of files, newest in .1, the oldest dropped', () => {
    const path = fresh()
    const log = openLogWriter(path, 52, 2)
    for (const c of 'abcde') log.write('out', t20(c))
    log.close()
    expect(texts(path)).toEqual([`[out] ${t20('e')}`])
    expect(texts(`${path}.1`)).toEqual([`[out] ${t20('d')}`])
    expect(texts(`${path}.2`)).toEqual([`[out] ${t20('c')}`])
    expect(existsSync(`${path}.3`)).toBe(false)
  })

  test('with one file kept, .1 is replaced at each rotation', () => {
    const path = fresh()
    const log = openLogWriter(path, 52, 1)
    for (const c of 'abc') log.write('out', t20(c))
    log.close()
    expect(texts(path)).toEqual([`[out] ${t20('c')}`])
    expect(texts(`${path}.1`)).toEqual([`[out] ${t20('b')}`])
    expect(existsSync(`${path}.2`)).toBe(false)
  })

  test('with no rotated files kept, the log starts over and nothing is renamed', () => {
    const path = fresh()
    const log = openLogWriter(path, 52, 0)
    for (const c of 'abc') log.write('out', t20(c))
    log.close()
    expect(texts(path)).toEqual([`[out] ${t20('c')}`])
    expect(readdirSync(join(path, '..'))).toEqual(['app.log'])
  })

  test('close releases the file descriptor, including the one reopened by a rotation', () => {
    const path = fresh()
    const log = openLogWriter(path, 52, 2)
    expect(openOn(path)).toBe(1)
    log.write('out', t20('a'))
    log.write('out', t20('b'))
    expect(openOn(path)).toBe(1)
    expect(openOn(`${path}.1`)).toBe(0)
    log.close()
    expect(openOn(path)).toBe(0)
  })
})

describe('the line splitter', () => {
  function collect() {
    const lines: string[] = []
    return { lines, split: lineSplitter((line) => lines.push(line)) }
  }
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

  test('lines across chunks; CRLF and LF endings; a lone CR inside a line kept; empty lines kept', () => {
    const { lines, split } = collect()
    split.push(bytes('one\ntw'))
    expect(lines).toEqual(['one'])
    split.push(bytes('o\r\nthree\rstill three\n\n'))
    expect(lines).toEqual(['one', 'two', 'three\rstill three', ''])
    split.end()
    expect(lines).toEqual(['one', 'two', 'three\rstill three', ''])
  })

  test('a UTF-8 character split between chunks is decoded whole', () => {
    const { lines, split } = collect()
    const all = bytes('φ€😀\n')
    for (const byte of all) split.push(new Uint8Array([byte]))
    expect(lines).toEqual(['φ€😀'])
  })

  test('the end flushes a last line without a newline, and a character cut short by the end', () => {
    const { lines, split } = collect()
    split.push(bytes('tail'))
    split.push(new Uint8Array([0xcf]))
    expect(lines).toEqual([])
    split.end()
    expect(lines).toEqual(['tail\uFFFD'])
  })

  test('a partial line is logged as it is after a short wait, once', async () => {
    const { lines, split } = collect()
    split.push(bytes('Password: '))
    expect(lines).toEqual([])
    const deadline = Date.now() + 10_000
    while (lines.length === 0 && Date.now() < deadline) await Bun.sleep(20)
    expect(lines).toEqual(['Password: '])
    split.push(bytes('next\n'))
    split.end()
    expect(lines).toEqual(['Password: ', 'next'])
  })

  test('a partial line longer than 64 KiB is logged at once; one of exactly 64 KiB waits', () => {
    const { lines, split } = collect()
    split.push(bytes('x'.repeat(65536)))
    expect(lines).toEqual([])
    split.push(bytes('y'))
    expect(lines).toEqual(['x'.repeat(65536) + 'y'])
    split.end()
    expect(lines).toHaveLength(1)
  })

  test('nothing pending: the end logs nothing', () => {
    const { lines, split } = collect()
    split.push(bytes('a'))
    split.push(bytes('b\n'))
    split.end()
    expect(lines).toEqual(['ab'])
  })
})

describe('reading the last lines', () => {
  /** Lines of exactly 1000 bytes, numbered, so a line cut at a block edge shows. */
  const line = (k: number): string => `${String(k).padStart(6, '0')}${'x'.repeat(993)}`

  test('across 64 KiB blocks: exactly the last n lines, none cut at a block edge', () => {
    const path = join(dir, 'blocks.log')
    writeFileSync(path, Array.from({ length: 200 }, (_, k) => `${line(k)}\n`).join(''))
    // The last 65,536 bytes hold 66 line ends; 66 lines need the start of the 66th line from the end too.
    for (const count of [1, 65, 66, 67, 70, 131, 199, 200, 500]) {
      const expected = Array.from({ length: Math.min(count, 200) }, (_, k) => line(200 - Math.min(count, 200) + k))
      expect([count, lastLines(path, count)]).toEqual([count, expected])
    }
  })

  test('up to a byte offset: the lines before it', () => {
    const path = join(dir, 'offset.log')
    writeFileSync(path, 'a\nbb\nccc\ndddd\n')
    expect(lastLines(path, 2, 9)).toEqual(['bb', 'ccc'])
    expect(lastLines(path, 5, 5)).toEqual(['a', 'bb'])
    expect(lastLines(path, 2, 7)).toEqual(['bb', 'cc'])
    expect(lastLines(path, 3, 0)).toEqual([])
  })

  test('a file without a final newline, an empty file, no file, and n of 0', () => {
    const path = join(dir, 'open.log')
    writeFileSync(path, 'one\ntwo')
    expect(lastLines(path, 1)).toEqual(['two'])
    expect(lastLines(path, 5)).toEqual(['one', 'two'])
    expect(lastLines(path, 0)).toEqual([])
    writeFileSync(join(dir, 'empty.log'), '')
    expect(lastLines(join(dir, 'empty.log'), 3)).toEqual([])
    expect(lastLines(join(dir, 'nothing.log'), 3)).toEqual([])
  })

  test('a short current log is completed from .1, then .2, oldest first', () => {
    const path = join(dir, 'rotated.log')
    writeFileSync(path, 'g\nh\n')
    writeFileSync(`${path}.1`, 'd\ne\nf\n')
    writeFileSync(`${path}.2`, 'a\nb\nc\n')
    writeFileSync(`${path}.4`, 'never\n')
    expect(lastLines(path, 2)).toEqual(['g', 'h'])
    expect(lastLines(path, 3)).toEqual(['f', 'g', 'h'])
    expect(lastLines(path, 6)).toEqual(['c', 'd', 'e', 'f', 'g', 'h'])
    expect(lastLines(path, 50)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])
    // Every file read is closed again.
    for (const file of [path, `${path}.1`, `${path}.2`]) expect(openOn(file)).toBe(0)
  })

  test('logSize: the bytes of the file, 0 when there is none', () => {
    const path = join(dir, 'size.log')
    writeFileSync(path, 'φ\n')
    expect(logSize(path)).toBe(3)
    expect(logSize(join(dir, 'no-such.log'))).toBe(0)
  })
})

describe('following a log', () => {
  async function until(what: () => boolean, label: string): Promise<void> {
    const deadline = Date.now() + 10_000
    while (!what()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`)
      await Bun.sleep(20)
    }
  }

  test('from an offset; appended text; the rest of a rotated file, then the new one from its start; a truncated file from its start', async () => {
    const path = join(dir, 'follow.log')
    writeFileSync(path, 'old\nseen\n')
    let text = ''
    const stop = new AbortController()
    const done = followLog(path, 4, (t) => (text += t), stop.signal)
    await until(() => text === 'seen\n', 'the text after the offset')
    appendFileSync(path, 'more\n')
    await until(() => text === 'seen\nmore\n', 'the appended line')
    // Nothing signals that a poll found nothing new: three polls' time shows none read the file again.
    await Bun.sleep(350)
    expect(text).toBe('seen\nmore\n')
    // A rotation: the file is renamed, written once more under its new name, and replaced.
    renameSync(path, `${path}.1`)
    appendFileSync(`${path}.1`, 'last of old\n')
    writeFileSync(path, 'first of new\n')
    await until(() => text.endsWith('first of new\n'), 'the new file')
    expect(text).toBe('seen\nmore\nlast of old\nfirst of new\n')
    // A file cut shorter than what was read: read again from its start.
    writeFileSync(path, 'x\n')
    await until(() => text.endsWith('first of new\nx\n'), 'the truncated file')
    stop.abort()
    await done
    expect(openOn(path)).toBe(0)
    expect(openOn(`${path}.1`)).toBe(0)
  })

  test('a character whose bytes arrive in two writes comes out whole', async () => {
    const path = join(dir, 'split.log')
    writeFileSync(path, Buffer.from([0x61, 0xcf]))
    let text = ''
    const stop = new AbortController()
    const done = followLog(path, 0, (t) => (text += t), stop.signal)
    await until(() => text !== '', 'the first byte read')
    expect(text).toBe('a')
    appendFileSync(path, Buffer.from([0x86, 0x0a]))
    await until(() => text.endsWith('\n'), 'the rest')
    expect(text).toBe('aφ\n')
    stop.abort()
    await done
  })

  test('a follow of a log that never appears ends quietly when aborted', async () => {
    const stop = new AbortController()
    let text = ''
    const done = followLog(join(dir, 'never.log'), 0, (t) => (text += t), stop.signal)
    stop.abort()
    await done
    expect(text).toBe('')
  })

  test('a log that does not exist yet is followed from when it appears; an aborted follow resolves', async () => {
    const path = join(dir, 'later.log')
    let text = ''
    const stop = new AbortController()
    // Its first look, made before followLog returns, finds no file.
    const done = followLog(path, 0, (t) => (text += t), stop.signal)
    writeFileSync(path, 'hello\n')
    await until(() => text === 'hello\n', 'the new log')
    stop.abort()
    await done
    expect(openOn(path)).toBe(0)
  })
})
