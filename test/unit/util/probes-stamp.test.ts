/**
 * The witnesses of a run plan (src/util/probes.ts): a path below a regular file (ENOTDIR, e.g.
 * PHICODE_HOME set to a file, whose `bin/phimmuno-engine` the scanner looks for) is absent,
 * like a missing one, not an internal error.
 */
import { expect, test } from 'bun:test'
import { join } from 'node:path'
import { type ProbeUse, stillHold, witnessesOf } from '../../../src/util/probes'
import { tempProject } from '../../helpers/tmp'

test('a path below a file is stamped absent, and still holds while it stays so', () => {
  const dir = tempProject({ 'a-file': '' })
  const below = join(dir, 'a-file', 'bin', 'engine')
  const missing = join(dir, 'nothing', 'engine')
  const witnesses = witnessesOf(new Map<string, ProbeUse>([[below, 'exists'], [missing, 'content'], [join(dir, 'a-file'), 'exists']]))
  expect(witnesses).toEqual([[below, 'exists', '-'], [missing, 'content', '-'], [join(dir, 'a-file'), 'exists', 'f']])
  expect(stillHold(witnesses)).toBe(true)
})
