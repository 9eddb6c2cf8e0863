/**
 * The environment part of a plan's key (src/util/probes.ts `decidingVariables`): the variables
 * with a deciding prefix or name, sorted, as `NAME=value`. Expected lists are written by hand.
 */
import { expect, test } from 'bun:test'
import { decidingVariables } from '../../../src/util/probes'

const DECIDING = { prefixes: ['PHI', 'PYTHON'], names: ['PATH', 'HOME'] }

test('prefixes match at the start of a name only; names match whole', () => {
  const env = {
    PYTHONPATH: '/lib', PHICODE_HOME: '/h', PATH: '/bin', HOME: '/root', PATHEXT: '.EXE', MY_PHICODE: 'x',
    XPYTHON: 'y', HOMEDIR: 'z', PHI: 'bare', SHELL: '/bin/sh',
  }
  expect(decidingVariables(env, DECIDING)).toEqual(['HOME=/root', 'PATH=/bin', 'PHI=bare', 'PHICODE_HOME=/h', 'PYTHONPATH=/lib'])
})

test('the first and the last variable of the environment are found; values may hold newlines', () => {
  expect(decidingVariables({ PHITON_PATH: 'a\nPHIFAKE=1', TERM: 'x', PYTHONHASHSEED: '0' }, DECIDING)).toEqual(['PHITON_PATH=a\nPHIFAKE=1', 'PYTHONHASHSEED=0'])
})

test('a name both listed and prefixed is counted once; nothing deciding gives nothing', () => {
  expect(decidingVariables({ PHICODE_STRICT: '1' }, { prefixes: ['PHI'], names: ['PHICODE_STRICT'] })).toEqual(['PHICODE_STRICT=1'])
  expect(decidingVariables({ TERM: 'x', LANG: 'C' }, DECIDING)).toEqual([])
  expect(decidingVariables({}, DECIDING)).toEqual([])
})
