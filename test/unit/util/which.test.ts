/**
 * What a PATH lookup notes for a run plan (src/util/which.ts): each folder's file of the name, in
 * PATH order, up to the folder the name was found in, and nothing of the folders after it. The
 * expected lists are written by hand.
 */
import { expect, test } from 'bun:test'
import { chmodSync } from 'node:fs'
import { join } from 'node:path'
import { notingWhile } from '../../../src/util/probes'
import { whichNoted } from '../../../src/util/which'
import { tempProject } from '../../helpers/tmp'

function noted<T>(fn: () => T): { value: T; paths: Array<[string, string]> } {
  const { value, read } = notingWhile(fn)
  return { value, paths: [...read] }
}

const folders = () => {
  const dir = tempProject({ 'a/readme': '', 'b/tool': '#!/bin/sh\n', 'c/tool': '#!/bin/sh\n', 'c/other': '#!/bin/sh\n' })
  chmodSync(join(dir, 'b/tool'), 0o755)
  chmodSync(join(dir, 'c/tool'), 0o755)
  chmodSync(join(dir, 'c/other'), 0o755)
  return { dir, PATH: ['a', 'b', 'c'].map((f) => join(dir, f)).join(':') }
}

test('a name found in the second folder notes the first two folders\' files of that name', () => {
  const { dir, PATH } = folders()
  expect(noted(() => whichNoted(['tool'], { PATH }))).toEqual({
    value: join(dir, 'b/tool'),
    paths: [[join(dir, 'a/tool'), 'program'], [join(dir, 'b/tool'), 'program']],
  })
})

test('a name found nowhere notes every folder; the next name is then looked up and noted in turn', () => {
  const { dir, PATH } = folders()
  expect(noted(() => whichNoted(['missing', 'other'], { PATH }))).toEqual({
    value: join(dir, 'c/other'),
    paths: [
      [join(dir, 'a/missing'), 'program'], [join(dir, 'b/missing'), 'program'], [join(dir, 'c/missing'), 'program'],
      [join(dir, 'a/other'), 'program'], [join(dir, 'b/other'), 'program'], [join(dir, 'c/other'), 'program'],
    ],
  })
})

test('a name with a slash is a path: only that file is noted', () => {
  const { dir, PATH } = folders()
  const path = join(dir, 'c/tool')
  expect(noted(() => whichNoted([path], { PATH }))).toEqual({ value: path, paths: [[path, 'program']] })
})
