import { describe, expect, test } from 'bun:test'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PHICODE, runCommand, runPhicode } from '../../helpers/binary'
import { pythonExecutable } from '../../../bench/python'
import { tempDir } from '../../helpers/tmp'

const BOM = [0xef, 0xbb, 0xbf]
const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))))
const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1')
const startsWithBom = (path: string): boolean => [...readFileSync(path).subarray(0, 3)].join() === BOM.join()
const utf8 = (path: string): string => new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path))

describe('--convert: legacy encodings', () => {
  test('a Latin-1 .py becomes a UTF-8 φ file declaring utf-8 that runs, and converts back to Python that runs', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'cafe.py'), latin1('# -*- coding: latin-1 -*-\ndef name():\n    return "café"\nprint(name(), len(name()))\n'))
    expect((await runCommand([pythonExecutable(), 'cafe.py'], { cwd: dir })).stdout).toBe('café 4\n')

    const toPhi = await runPhicode(['--convert', 'cafe.py', '-o', 'cafe.φ'], { cwd: dir })
    expect(toPhi.code).toBe(0)
    expect(utf8(join(dir, 'cafe.φ'))).toBe('# -*- coding: utf-8 -*-\nƒ name():\n    ⟲ "café"\nπ(name(), ℓ(name()))\n')
    const run = await runPhicode(['cafe.φ'], { cwd: dir })
    expect([run.code, run.stdout]).toEqual([0, 'café 4\n'])

    expect((await runPhicode(['--convert', 'cafe.φ', '-o', 'back.py'], { cwd: dir })).code).toBe(0)
    expect(utf8(join(dir, 'back.py'))).toBe('# -*- coding: utf-8 -*-\ndef name():\n    return "café"\nprint(name(), len(name()))\n')
    expect((await runCommand([pythonExecutable(), 'back.py'], { cwd: dir })).stdout).toBe('café 4\n')
  })

  test('a cp1252 coding line on the second line is rewritten too, and the € survives', async () => {
    const dir = tempDir()
    const source = Buffer.concat([Buffer.from('#!/usr/bin/env python3\n# coding=cp1252\nprint("'), Buffer.from([0x80]), Buffer.from('")\n')])
    writeFileSync(join(dir, 'euro.py'), source)
    expect((await runCommand([pythonExecutable(), 'euro.py'], { cwd: dir })).stdout).toBe('€\n')
    expect((await runPhicode(['--convert', 'euro.py', '-o', 'euro.φ'], { cwd: dir })).code).toBe(0)
    expect(utf8(join(dir, 'euro.φ'))).toBe('#!/usr/bin/env phicode\n# coding=utf-8\nπ("€")\n')
    expect((await runPhicode(['euro.φ'], { cwd: dir })).stdout).toBe('€\n')
  })
})

describe('φ files written by older conversions: UTF-8 text under a latin-1 declaration', () => {
  test('run as UTF-8, and convert to Python whose declaration says utf-8', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'old.φ'), '# -*- coding: latin-1 -*-\ns = "café"\nπ(s, ℓ(s))\n')
    const run = await runPhicode(['old.φ'], { cwd: dir })
    expect([run.code, run.stdout]).toEqual([0, 'café 4\n'])
    expect((await runPhicode(['--convert', 'old.φ', '-o', 'old.py'], { cwd: dir })).code).toBe(0)
    expect(utf8(join(dir, 'old.py'))).toBe('# -*- coding: utf-8 -*-\ns = "café"\nprint(s, len(s))\n')
    expect((await runCommand([pythonExecutable(), 'old.py'], { cwd: dir })).stdout).toBe('café 4\n')
  })
})

describe('UTF-8 byte order mark', () => {
  test('φ-Python with a BOM runs, converts to Python with the BOM that python3 runs, and back', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'bom.φ'), bytes(BOM, 'ƒ f():\n    ⟲ "ok"\nπ(f())\n'))
    const run = await runPhicode(['bom.φ'], { cwd: dir })
    expect([run.code, run.stdout, run.stderr]).toEqual([0, 'ok\n', ''])

    expect((await runPhicode(['--convert', 'bom.φ', '-o', 'bom.py'], { cwd: dir })).code).toBe(0)
    expect(readFileSync(join(dir, 'bom.py'))).toEqual(Buffer.from(bytes(BOM, 'def f():\n    return "ok"\nprint(f())\n')))
    expect((await runCommand([pythonExecutable(), 'bom.py'], { cwd: dir })).stdout).toBe('ok\n')

    expect((await runPhicode(['--convert', 'bom.py', '-o', 'again.φ'], { cwd: dir })).code).toBe(0)
    expect(readFileSync(join(dir, 'again.φ'))).toEqual(readFileSync(join(dir, 'bom.φ')))
  })

  test('a .py with a BOM converts to φ keeping it; stdout keeps it too', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'm.py'), bytes(BOM, 'x = not False\nprint(x)\n'))
    // Through a shell redirection: decoding stdout as text would drop the BOM before the check.
    const r = await runCommand(['sh', '-c', `"${PHICODE}" --convert m.py > out.φ`], { cwd: dir })
    expect(r.code).toBe(0)
    expect(readFileSync(join(dir, 'out.φ'))).toEqual(Buffer.from(bytes(BOM, 'x = ¬ ⊥\nπ(x)\n')))
  })

  test('φ-TypeScript with a BOM runs on Bun and converts with its BOM', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'package.json'), '{}')
    writeFileSync(join(dir, 'bom.φ'), bytes(BOM, 'const f = (): string => { ⟲ "ts ok" }\nπ(f())\n'))
    const run = await runPhicode(['bom.φ'], { cwd: dir })
    expect([run.code, run.stdout]).toEqual([0, 'ts ok\n'])
    expect((await runPhicode(['--convert', 'bom.φ', '-o', 'bom.ts'], { cwd: dir })).code).toBe(0)
    expect(startsWithBom(join(dir, 'bom.ts'))).toBe(true)
    const bun = await runCommand([process.execPath, 'bom.ts'], { cwd: dir })
    expect(bun.stdout).toBe('ts ok\n')
  })

  test('.(φ)/config.json saved with a BOM still applies its symbols', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, '.(φ)'))
    writeFileSync(join(dir, '.(φ)', 'config.json'), bytes(BOM, JSON.stringify({ symbols: { def: 'fn' } })))
    writeFileSync(join(dir, 'm.φ'), 'fn f(): ⟲ "custom"\nπ(f())\n')
    const run = await runPhicode(['m.φ'], { cwd: dir })
    expect([run.code, run.stdout, run.stderr]).toEqual([0, 'custom\n', ''])
    expect((await runPhicode(['--convert', 'm.φ'], { cwd: dir })).stdout).toBe('def f(): return "custom"\nprint(f())\n')
  })
})
