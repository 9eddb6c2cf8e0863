/**
 * The witnesses of a run plan (src/util/probes.ts): a path below a regular file (ENOTDIR, e.g.
 * PHICODE_HOME set to a file, whose `bin/phimmuno-engine` the scanner looks for) is absent,
 * like a missing one, not an internal error. A few small text files are stamped by their text,
 * which a planned start checks without Bun's thread pool and which sees edits a stat cannot.
 */
import { describe, expect, test } from 'bun:test'
import { createHash } from 'node:crypto'
import { chmodSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { holdNowAndLater, type ProbeUse, statsNeeded, stillHold, type Witness, witnessesOf } from '../../../src/util/probes'
import { tempProject } from '../../helpers/tmp'

test('a path below a file is stamped absent, and still holds while it stays so', () => {
  const dir = tempProject({ 'a-file': '' })
  const below = join(dir, 'a-file', 'bin', 'engine')
  const missing = join(dir, 'nothing', 'engine')
  const witnesses = witnessesOf(new Map<string, ProbeUse>([[below, 'exists'], [missing, 'content'], [join(dir, 'a-file'), 'exists']]))
  expect(witnesses).toEqual([[below, 'exists', '-'], [missing, 'content', '-'], [join(dir, 'a-file'), 'exists', 'f']])
  expect(stillHold(witnesses)).toBe(true)
})

const contentOf = (...paths: string[]) => new Map<string, ProbeUse>(paths.map((path) => [path, 'content']))

/** Rewrites `path` with `text` (of the same length) and puts its modification time back to the millisecond. */
function editKeepingSizeAndTime(path: string, text: string): void {
  const before = statSync(path)
  expect(Buffer.byteLength(text)).toBe(before.size)
  writeFileSync(path, text)
  utimesSync(path, before.atime, before.mtime)
  expect(Math.floor(statSync(path).mtimeMs)).toBe(Math.floor(before.mtimeMs))
}

describe('a small UTF-8 file read for its content', () => {
  test('is stamped by its size and the digest of its text, then by its stat', () => {
    const dir = tempProject({ 'app.φ': 'π("hi")\n' })
    const [[, , stamp]] = witnessesOf(contentOf(join(dir, 'app.φ'))) as [Witness]
    // sha256('π("hi")\n'), first 128 bits: an oracle independent of phicode's digest.
    const digest = createHash('sha256').update('π("hi")\n').digest('hex').slice(0, 32)
    const st = statSync(join(dir, 'app.φ'))
    expect(stamp).toBe(`t${Buffer.byteLength('π("hi")\n')}:${digest}|f${st.mtimeMs}:${st.ctimeMs}:${st.size}:${st.ino}:${st.mode}`)
  })

  test('is read when nothing else needs a stat, else stat\'ed: a new modification time, the same text', async () => {
    const dir = tempProject({ 'alone.φ': 'π(1)\n', 'beside.φ': 'π(1)\n' })
    const [alone, beside] = ['alone.φ', 'beside.φ'].map((name) => witnessesOf(contentOf(join(dir, name)))) as [Witness[], Witness[]]
    for (const name of ['alone.φ', 'beside.φ']) utimesSync(join(dir, name), new Date(), new Date(Date.now() + 5000))
    expect(statsNeeded(alone)).toBe(false)
    expect(await holdNowAndLater(alone).later).toBe(true)
    // A program on PATH is stamped by its stat alone: the thread pool starts anyway.
    const withProgram: Witness[] = [...beside, ...witnessesOf(new Map<string, ProbeUse>([[join(dir, 'alone.φ'), 'program']]))]
    expect(statsNeeded(withProgram)).toBe(true)
    expect(await holdNowAndLater(beside, new Map(), true).later).toBe(false)
  })

  test('no longer holds after an edit that kept its size and modification time', () => {
    const dir = tempProject({ 'app.φ': 'π("hi")\n' })
    const witnesses = witnessesOf(contentOf(join(dir, 'app.φ')))
    expect(stillHold(witnesses)).toBe(true)
    editKeepingSizeAndTime(join(dir, 'app.φ'), 'π("ho")\n')
    expect(stillHold(witnesses)).toBe(false)
  })

  test('no longer holds once a byte order mark is put before the same text', () => {
    const dir = tempProject({ 'app.φ': 'π("hi")\n' })
    const witnesses = witnessesOf(contentOf(join(dir, 'app.φ')))
    writeFileSync(join(dir, 'app.φ'), `\uFEFFπ("hi")\n`)
    expect(stillHold(witnesses)).toBe(false)
  })

  // Checked by Bun's module loader, which keeps what it read: each case reads its own files once.
  test('is checked without node:fs by its text: unchanged holds, edited or removed does not', async () => {
    const dir = tempProject({ 'same.φ': 'π(1)\n', 'edited.φ': 'π(1)\n', 'removed.φ': 'π(1)\n' })
    const [same, edited, removed] = ['same.φ', 'edited.φ', 'removed.φ'].map((name) => witnessesOf(contentOf(join(dir, name))))
    editKeepingSizeAndTime(join(dir, 'edited.φ'), 'π(2)\n')
    rmSync(join(dir, 'removed.φ'))
    const later = [same, edited, removed].map((witnesses) => holdNowAndLater(witnesses!))
    expect(later.map((check) => check.now)).toEqual([true, true, true])
    expect(await Promise.all(later.map((check) => check.later))).toEqual([true, false, false])
  })
})

test('a program looked up is stamped by its stat, which sees it made executable', () => {
  const dir = tempProject({ python3: '#!/bin/sh\necho hi\n' })
  const witnesses = witnessesOf(new Map<string, ProbeUse>([[join(dir, 'python3'), 'program']]))
  expect(witnesses[0]![2]).toStartWith('f')
  chmodSync(join(dir, 'python3'), 0o755)
  expect(stillHold(witnesses)).toBe(false)
})

describe('a file read for its content is stamped by its stat', () => {
  const statStamped = (stamp: string) => expect(stamp).toMatch(/^f\d+(\.\d+)?:\d+(\.\d+)?:\d+:\d+:\d+$/)

  test('when it is not UTF-8, starts with a byte order mark, is over 64 KiB or has a ? in its path', () => {
    const dir = tempProject({ 'bom.φ': '\uFEFFπ(1)\n', 'big.φ': `${'x'.repeat(64 * 1024)}\n`, 'what?.φ': 'π(1)\n' })
    writeFileSync(join(dir, 'latin1.φ'), Buffer.from([0x70, 0xe9, 0x0a]))
    const witnesses = witnessesOf(contentOf(...['bom.φ', 'big.φ', 'what?.φ', 'latin1.φ'].map((name) => join(dir, name))))
    for (const [, , stamp] of witnesses) statStamped(stamp)
    expect(stillHold(witnesses)).toBe(true)
  })

  test('when more than eight files are read for their content, each of them', async () => {
    const names = Array.from({ length: 9 }, (_, k) => `m${k}.φ`)
    const dir = tempProject(Object.fromEntries(names.map((name) => [name, 'π(1)\n'])))
    const witnesses = witnessesOf(contentOf(...names.map((name) => join(dir, name))))
    for (const [, , stamp] of witnesses) statStamped(stamp)
    expect(await holdNowAndLater(witnesses).later).toBe(true)
    expect(witnessesOf(contentOf(...names.slice(1).map((name) => join(dir, name)))).map(([, , stamp]) => stamp[0])).toEqual(Array(8).fill('t'))
  })
})
