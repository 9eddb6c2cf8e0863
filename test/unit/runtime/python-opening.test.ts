/**
 * The kept opening of a planned Python run (`opening.ts`): read back only whole, only for the
 * interpreter kind it was made for, and only while the files it was made from are as they were.
 * A file that is not one of its own must never be replayed: the interpreter would wait for bytes
 * that never come, or run what they say.
 */
import { describe, expect, test } from 'bun:test'
import { readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { keepOpening, openingFile, recallOpening, type Opening } from '../../../src/runtime/python/opening'
import { witnessesOf } from '../../../src/util/probes'
import { tempDir } from '../../helpers/tmp'

const KIND = 'comφled_cpython_311'

function kept(): { file: string; config: string; opening: Opening } {
  const dir = tempDir('phicode-opening-')
  const config = join(dir, 'config.json')
  writeFileSync(config, '{"symbols": {"len": "size"}}\n')
  const opening: Opening = {
    kind: KIND,
    witnesses: witnessesOf(new Map([[config, 'content'], [join(dir, 'absent.json'), 'exists']])),
    counts: { memory: { hits: 0, misses: 0 }, transpiled: { hits: 2, misses: 0 }, bytecode: { hits: 3, misses: 1 }, resolution: { hits: 2, misses: 0 } },
    // Frames as sent: a u32 length, then the bytes; the second holds a newline and bytes that are no UTF-8.
    frames: new Uint8Array([0, 0, 0, 2, 0x68, 0x69, 0, 0, 0, 3, 0x0a, 0xff, 0x00]),
  }
  const file = openingFile(join(dir, 'plans', '0123abcd.json'))
  keepOpening(file, opening)
  return { file, config, opening }
}

describe('a kept opening', () => {
  test('sits beside its plan and is read back as it was kept, and holds', async () => {
    const { file, opening } = kept()
    expect(file).toEndWith('/plans/0123abcd.opening')
    const recalled = recallOpening(file, KIND)
    expect(recalled).toBeDefined()
    expect([recalled!.kind, recalled!.witnesses, recalled!.counts, [...recalled!.frames]]).toEqual([KIND, opening.witnesses, opening.counts, [...opening.frames]])
    expect(await recalled!.holds).toBe(true)
  })

  test('is named after its plan even where a folder above has .json in its name', () => {
    expect(openingFile('/home/me/keep.json/plans/0123abcd.json')).toBe('/home/me/keep.json/plans/0123abcd.opening')
  })

  test("is not replayed to another interpreter's kind", () => {
    expect(recallOpening(kept().file, 'comφled_pypy_310')).toBeUndefined()
  })

  test('is not replayed when cut short or damaged', () => {
    const short = kept().file
    truncateSync(short, readFileSync(short).length - 1)
    expect(recallOpening(short, KIND)).toBeUndefined()
    const damaged = kept().file
    writeFileSync(damaged, Buffer.concat([Buffer.from('{"kind": '), readFileSync(damaged)]))
    expect(recallOpening(damaged, KIND)).toBeUndefined()
    const headless = kept().file
    writeFileSync(headless, 'no header line')
    expect(recallOpening(headless, KIND)).toBeUndefined()
  })

  test('does not hold once a config it was made from changes, or a file it saw absent appears', async () => {
    const edited = kept()
    writeFileSync(edited.config, '{"symbols": {"len": "sz"}}\n')
    expect(await recallOpening(edited.file, KIND)?.holds).toBe(false)
    const appeared = kept()
    writeFileSync(join(appeared.config, '..', 'absent.json'), '{}')
    expect(recallOpening(appeared.file, KIND)).toBeUndefined()
  })

  test('is absent when none was kept', () => {
    expect(recallOpening(join(tempDir(), 'plans', 'none.opening'), KIND)).toBeUndefined()
  })
})
