/**
 * editors/compose/phicode.XCompose: every default symbol of both dialects can be typed, each
 * from the keyword it stands for, and no sequence is a prefix of another (a compose sequence
 * that is would never fire).
 */
import { expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../helpers/root'
import { PYTHON_SYMBOLS, TYPESCRIPT_SYMBOLS } from '../../../src/transpile/symbols'

const LINE = /^<Multi_key> <backslash> ((?:<\w+> )+)<space> : "([^"]+)" U([0-9A-F]{4,5}) {2}# (\S+)$/
const text = readFileSync(join(ROOT, 'editors/compose/phicode.XCompose'), 'utf8')
const sequences = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((line) => {
  const m = LINE.exec(line)
  if (!m) throw new Error(`not a compose line: ${line}`)
  return { typed: m[1]!.trim().split(' ').map((k) => k.slice(1, -1)).join(''), glyph: m[2]!, codepoint: parseInt(m[3]!, 16), name: m[4]! }
})

test('every line types its comment\'s keyword and outputs the glyph its codepoint names', () => {
  for (const s of sequences) expect([s.typed, String.fromCodePoint(s.codepoint)]).toEqual([s.name, s.glyph])
})

test('every default symbol is there, typed as its keyword where the keyword is a word', () => {
  for (const { keyword, symbol } of [...PYTHON_SYMBOLS, ...TYPESCRIPT_SYMBOLS]) {
    const outputs = sequences.filter((s) => s.glyph === symbol)
    expect([keyword, outputs.length > 0]).toEqual([keyword, true])
    if (/^\w+$/.test(keyword)) expect(outputs.map((s) => s.typed)).toContain(keyword)
  }
  expect(sequences.find((s) => s.typed === 'def')?.glyph).toBe('ƒ')
  expect(sequences.find((s) => s.typed === 'walrus')?.glyph).toBe('≔')
})

test('no sequence is a prefix of another, and none is given twice', () => {
  const typed = sequences.map((s) => `${s.typed} `)
  expect(new Set(typed).size).toBe(typed.length)
  for (const a of typed) for (const b of typed) if (a !== b) expect([a, b.startsWith(a)]).toEqual([a, false])
})
