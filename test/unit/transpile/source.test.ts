/**
 * Source bytes ↔ text. Expected texts are written by hand or decoded by python3 itself (PEP 263
 * is Python's rule, so Python says what a declared encoding means).
 */
import { describe, expect, test } from 'bun:test'
import {
  codingDeclaration, decodePhiSource, decodeSource, encodeSource, encodingName, withCodingDeclaration,
} from '../../../src/transpile/source'
import { pythonExecutable } from '../../../bench/python'

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)))
const BOM = [0xef, 0xbb, 0xbf]

/** What python3 reads from each input as a source file: the text and the encoding it detected (one python3 run for all). */
function pythonReads(inputs: Record<string, Uint8Array>): Record<string, { text: string; encoding: string; error?: string }> {
  const script = 'import base64, io, json, sys, tokenize\nout = {}\nfor k, v in json.load(sys.stdin).items():\n    b = base64.b64decode(v)\n    enc, _ = tokenize.detect_encoding(io.BytesIO(b).readline)\n    try:\n        t = b.decode(enc)\n        out[k] = {"text": t[1:] if t.startswith("\\ufeff") else t, "encoding": enc}\n    except UnicodeDecodeError as e:\n        out[k] = {"encoding": enc, "error": type(e).__name__}\nprint(json.dumps(out))\n'
  const payload = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, Buffer.from(v).toString('base64')]))
  const r = Bun.spawnSync([pythonExecutable(), '-c', script], { stdin: Buffer.from(JSON.stringify(payload)) })
  if (r.exitCode !== 0) throw new Error(r.stderr.toString())
  return JSON.parse(r.stdout.toString())
}

const after = (first: string) => bytes(`${first}\n# coding: latin-1\nx = "`, [0xe9], '"\n')
const INPUTS = {
  cp1252: bytes('# coding: cp1252\ns = "', [0x80, 0x93, 0xe9], '"\n'),
  sjis: bytes('# coding: shift_jis\ns = "', [0x82, 0xa0, 0xb1], '"\n'),
  afterHashbang: after('#!/usr/bin/env python3'),
  afterCode: bytes('x = 1\n# coding: latin-1\ny = "', [0xc3, 0xa9], '"\n'),
  thirdLine: bytes('#\n#\n# coding: latin-1\ny = "', [0xc3, 0xa9], '"\n'),
  sjisNotSjis: bytes('# coding: shift_jis\nx = "', [0xc3, 0xa0], '"\n'),
}
const python = pythonReads(INPUTS)

describe('decodeSource', () => {
  test('UTF-8 without a declaration', () => {
    expect(decodeSource(bytes('x = "', [0xc3, 0xa9], '"\n'))).toEqual({ text: 'x = "é"\n', encoding: 'utf-8', bom: false })
  })

  test('a UTF-8 byte order mark is recorded, not part of the text', () => {
    expect(decodeSource(bytes(BOM, 'x = 1\n'))).toEqual({ text: 'x = 1\n', encoding: 'utf-8', bom: true })
  })

  test('a byte order mark wins over a declaration, as in Python', () => {
    const data = bytes(BOM, '# coding: latin-1\nx = "', [0xc3, 0xa9], '"\n')
    expect(decodeSource(data)).toEqual({ text: '# coding: latin-1\nx = "é"\n', encoding: 'utf-8', bom: true })
  })

  test('a byte order mark before bytes that are not UTF-8: Latin-1, the mark kept as text', () => {
    const data = bytes(BOM, 'x = "', [0xe9], '"\n')
    expect(decodeSource(data)).toEqual({ text: 'ï»¿x = "é"\n', encoding: 'latin-1', bom: false })
  })

  test('declared Latin-1, under each of its names', () => {
    for (const name of ['latin-1', 'Latin1', 'iso-8859-1', 'ISO8859-1', 'l1', 'iso-latin-1', 'iso_8859_1']) {
      const data = bytes(`# -*- coding: ${name} -*-\nx = "`, [0xe9], '"\n')
      expect(decodeSource(data)).toEqual({ text: `# -*- coding: ${name} -*-\nx = "é"\n`, encoding: 'latin-1', bom: false })
    }
  })

  test('declared Latin-1 over bytes that are valid UTF-8 is still Latin-1, under each of its names', () => {
    for (const name of ['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'l1', 'iso-latin-1', 'iso_8859_1']) {
      const data = bytes(`# coding=${name}\nx = "`, [0xc3, 0xa9], '"\n')
      expect(decodeSource(data)).toEqual({ text: `# coding=${name}\nx = "Ã©"\n`, encoding: 'latin-1', bom: false })
    }
  })

  test('only all three bytes EF BB BF are a byte order mark', () => {
    for (const head of [[0xef, 0xbb, 0x41], [0x41, 0xbb, 0xbf], [0xef, 0x41, 0xbf], [0x41, 0x42, 0xbf]]) {
      const { text, encoding, bom } = decodeSource(bytes(head, 'x'))
      expect([text, encoding, bom]).toEqual([String.fromCharCode(...head) + 'x', 'latin-1', false])
    }
  })

  test('a first line of code without spaces still hides the second line', () => {
    const data = bytes('x=1\n# coding: latin-1\ny = "', [0xc3, 0xa9], '"\n')
    expect(decodeSource(data).encoding).toBe('utf-8')
  })

  test('declared cp1252 and shift_jis: the text python3 reads', () => {
    expect(python.cp1252!.text).toBe('# coding: cp1252\ns = "€“é"\n')
    expect(decodeSource(INPUTS.cp1252)).toEqual({ text: python.cp1252!.text, encoding: 'cp1252', bom: false })
    expect(python.sjis!.text).toBe('# coding: shift_jis\ns = "あｱ"\n')
    expect(decodeSource(INPUTS.sjis)).toEqual({ text: python.sjis!.text, encoding: 'shift-jis', bom: false })
  })

  test('the declaration on the second line counts after a comment or blank first line only', () => {
    expect(decodeSource(after('#!/usr/bin/env python3')).encoding).toBe('latin-1')
    expect(decodeSource(after('')).encoding).toBe('latin-1')
    expect(decodeSource(after('   ')).encoding).toBe('latin-1')
    expect(python.afterHashbang!.encoding).toBe('iso-8859-1')
    // After a line of code the declaration is ignored: these bytes are not UTF-8, so Latin-1 anyway,
    // but valid UTF-8 is read as UTF-8.
    expect(decodeSource(INPUTS.afterCode)).toEqual({ text: 'x = 1\n# coding: latin-1\ny = "é"\n', encoding: 'utf-8', bom: false })
    expect(python.afterCode!.encoding).toBe('utf-8')
  })

  test('a declaration on the third line is not one', () => {
    expect(decodeSource(INPUTS.thirdLine).encoding).toBe('utf-8')
    expect(python.thirdLine!.encoding).toBe('utf-8')
  })

  test('a declared UTF-8 is UTF-8', () => {
    for (const name of ['utf-8', 'UTF8', 'utf_8', 'utf-8-sig']) {
      const data = bytes(`# coding: ${name}\nx = "`, [0xc3, 0xa9], '"\n')
      expect(decodeSource(data)).toEqual({ text: `# coding: ${name}\nx = "é"\n`, encoding: 'utf-8', bom: false })
    }
  })

  test('an encoding Bun does not know, or bytes not in the declared one: UTF-8, else Latin-1', () => {
    expect(decodeSource(bytes('# coding: klingon\nx = "', [0xc3, 0xa9], '"\n'))).toEqual({ text: '# coding: klingon\nx = "é"\n', encoding: 'utf-8', bom: false })
    expect(decodeSource(bytes('# coding: klingon\nx = "', [0xe9], '"\n'))).toEqual({ text: '# coding: klingon\nx = "é"\n', encoding: 'latin-1', bom: false })
    // `à` in UTF-8 ends in 0xa0, no char in shift_jis.
    expect(python.sjisNotSjis!.error).toBe('UnicodeDecodeError')
    expect(decodeSource(INPUTS.sjisNotSjis)).toEqual({ text: '# coding: shift_jis\nx = "à"\n', encoding: 'utf-8', bom: false })
  })

  test('bytes that are not UTF-8, without a declaration: Latin-1, every byte one char, long files too', () => {
    const all = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 7) % 256)
    const { text, encoding, bom } = decodeSource(all)
    expect([encoding, bom, text.length]).toEqual(['latin-1', false, 20_000])
    for (let i = 0; i < all.length; i++) if (text.charCodeAt(i) !== all[i]) throw new Error(`char ${i} is ${text.charCodeAt(i)}, byte ${all[i]}`)
  })

  test('a declaration is read from the first 400 bytes only', () => {
    const late = bytes('#' + ' '.repeat(400) + 'coding: latin-1\nx = "', [0xc3, 0xa9], '"\n')
    expect(decodeSource(late).encoding).toBe('utf-8')
    const early = bytes('#' + ' '.repeat(380) + 'coding: latin-1\nx = "', [0xc3, 0xa9], '"\n')
    expect(decodeSource(early).encoding).toBe('latin-1')
  })
})

describe('codingDeclaration and encodingName', () => {
  test('the forms PEP 263 reads', () => {
    expect(codingDeclaration(bytes('# -*- coding: Latin-1 -*-\n'))).toBe('latin-1')
    expect(codingDeclaration(bytes('# vim: set fileencoding=cp1252 :\n'))).toBe('cp1252')
    expect(codingDeclaration(bytes(' \t# coding:utf_8\n'))).toBe('utf_8')
    expect(codingDeclaration(bytes('\r\n# coding: iso8859-15\r\n'))).toBe('iso8859-15')
    expect(codingDeclaration(bytes('#!/bin/python\r# coding: koi8-r\r'))).toBe('koi8-r')
    expect(codingDeclaration(bytes('x = 1  # coding: latin-1\n'))).toBeUndefined()
    expect(codingDeclaration(bytes('# no declaration\n'))).toBeUndefined()
    expect(codingDeclaration(bytes(''))).toBeUndefined()
  })

  test('names as decodeSource reports them', () => {
    expect(encodingName('UTF8')).toBe('utf-8')
    expect(encodingName('utf_8')).toBe('utf-8')
    expect(encodingName('ISO-8859-1')).toBe('latin-1')
    expect(encodingName('L1')).toBe('latin-1')
    expect(encodingName('Shift_JIS')).toBe('shift-jis')
    expect(encodingName('cp1252')).toBe('cp1252')
    expect(encodingName('UTF-8-sig')).toBe('utf-8')
    expect(encodingName('iso-latin-1')).toBe('latin-1')
  })
})

describe('decodePhiSource: φ files are UTF-8 whatever they declare', () => {
  test('valid UTF-8 under a Latin-1 declaration is UTF-8', () => {
    const data = bytes('# coding: latin-1\nx = "', [0xcf, 0x80, 0xc3, 0xa9], '"\n')
    expect(decodePhiSource(data)).toEqual({ text: '# coding: latin-1\nx = "πé"\n', encoding: 'utf-8', bom: false })
  })
  test('bytes that are not UTF-8 keep the declared encoding', () => {
    const data = bytes('# coding: latin-1\nx = "', [0xe9], '"\n')
    expect(decodePhiSource(data)).toEqual({ text: '# coding: latin-1\nx = "é"\n', encoding: 'latin-1', bom: false })
  })
  test('UTF-8 with its byte order mark', () => {
    expect(decodePhiSource(bytes(BOM, 'x\n'))).toEqual({ text: 'x\n', encoding: 'utf-8', bom: true })
  })
})

describe('encodeSource', () => {
  test('each encoding writes its own bytes', () => {
    expect([...encodeSource('é', 'utf-8')]).toEqual([0xc3, 0xa9])
    expect([...encodeSource('é', 'latin-1')]).toEqual([0xe9])
    expect([...encodeSource('€“é', 'cp1252')]).toEqual([0x80, 0x93, 0xe9])
    // U+0080 is byte 0x80 in Latin-1 (in cp1252, which TextDecoder also calls latin1, it has none).
    expect([...encodeSource('\u0080', 'latin-1')]).toEqual([0x80])
    expect([...encodeSource('\ufffd', 'utf-8')]).toEqual([0xef, 0xbf, 0xbd])
    // An encoding Bun does not know: each char up to U+00FF as its byte.
    expect([...encodeSource('x', 'klingon')]).toEqual([0x78])
  })
  test('text the encoding cannot hold is written as UTF-8', () => {
    expect([...encodeSource('é€', 'latin-1')]).toEqual([0xc3, 0xa9, 0xe2, 0x82, 0xac])
    expect([...encodeSource('π', 'cp1252')]).toEqual([0xcf, 0x80])
  })
  test('the byte order mark goes in front when asked', () => {
    expect([...encodeSource('é', 'utf-8', true)]).toEqual([...BOM, 0xc3, 0xa9])
    expect([...encodeSource('é', 'latin-1', true)]).toEqual([...BOM, 0xe9])
    expect([...encodeSource('', 'utf-8', false)]).toEqual([])
  })
  test('what decodeSource reads, encodeSource writes back byte for byte', () => {
    for (const data of [bytes('# coding: cp1252\ns = "', [0x80, 0xe9], '"\n'), bytes(BOM, 'x = "', [0xc3, 0xa9], '"\n'), bytes('x = "', [0xff, 0x00, 0x81], '"\n')]) {
      const { text, encoding, bom } = decodeSource(data)
      expect([...encodeSource(text, encoding, bom)]).toEqual([...data])
    }
  })
})

describe('withCodingDeclaration', () => {
  test('the first line', () => {
    expect(withCodingDeclaration('# -*- coding: latin-1 -*-\nx = 1\n', 'utf-8')).toBe('# -*- coding: utf-8 -*-\nx = 1\n')
    expect(withCodingDeclaration('# coding=latin-1', 'utf-8')).toBe('# coding=utf-8')
  })
  test('the second line, after a comment or a blank line', () => {
    expect(withCodingDeclaration('#!/usr/bin/env python3\r\n# coding: cp1252\r\nx = 1\r\n', 'utf-8')).toBe('#!/usr/bin/env python3\r\n# coding: utf-8\r\nx = 1\r\n')
    expect(withCodingDeclaration('\n# coding: cp1252\nx = 1\n', 'utf-8')).toBe('\n# coding: utf-8\nx = 1\n')
  })
  test('not after a line of code, nor on the third line, nor without one', () => {
    for (const text of ['x = 1\n# coding: latin-1\n', 'x=1\n# coding: latin-1\n', '#\n#\n# coding: latin-1\n', 'x = 1\n', '']) {
      expect(withCodingDeclaration(text, 'utf-8')).toBe(text)
    }
  })
})
