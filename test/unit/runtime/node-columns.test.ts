import { expect, test } from 'bun:test'
import { loadConfig } from '../../../src/config/load'
import { mapToPhi } from '../../../src/runtime/node/_columns'
import { tempDir } from '../../helpers/tmp'

// The default φ-TypeScript table; the expected mappings below are worked out by hand (VLQ digits
// of the source map spec: 'A' 0, 'C' +1, 'E' +2, 'F' -2, 'I' +4, 'J' -4, 'Y' +12, 'Z' -12,
// 'iC' +33, 'uB' +23).
const table = loadConfig(tempDir('phicode-node-columns-')).tables.typescript

const PHI = ['let a = 1', 'π(a)', 'π(a, a, a, a, a, a, a, a)'].join('\n')
const CODE = ['let a = 1', 'console.log(a)', 'console.log(a, a, a, a, a, a, a, a)'].join('\n')

test('original columns move onto the φ line; unchanged lines, generated columns and one-field segments stay', () => {
  // Line 0: [0,0,0,0] [4,0,0,4] [6] (unchanged line). Line 1: [0,0,1,0] [12,0,1,12]: `a` is
  // column 12 of `console.log(a)` and 2 of `π(a)`. Line 2: [0,0,2,0] [33,0,2,33]: the last `a`,
  // column 33 of the code, 23 of `π(a, …)`. Deltas are written against the moved values.
  const mappings = 'AAAA,IAAI,E;AACJ,YAAY;AACZ,iCAAiC'
  expect(mapToPhi(mappings, PHI, CODE, table)).toBe('AAAA,IAAI,E;AACJ,YAAE;AACF,iCAAuB')
})

test('empty generated lines stay empty, and a five-field segment keeps its name index', () => {
  // [0,0,1,12,3] on the second generated line: column 12 of line 1 is φ column 2.
  expect(mapToPhi(';AACYG;', PHI, CODE, table)).toBe(';AACEG;')
})

test('a name index carries over a segment without one', () => {
  // [0,0,1,12,3] then [2,0,1,12] then [4,0,1,12,+1 → 4]: the name state survives the 4-field segment.
  expect(mapToPhi(';AACYG,EAAA,EAAAC', PHI, CODE, table)).toBe(';AACEG,EAAA,EAAAC')
})

test('an original line beyond the converted text keeps its column', () => {
  // Line 5 does not exist in either text: column 12 stays 12.
  expect(mapToPhi('AAKY', PHI, CODE, table)).toBe('AAKY')
})

test('a file the converter left as it was keeps its mappings untouched', () => {
  expect(mapToPhi('not a mapping!', 'let a = 1', 'let a = 1', table)).toBe('not a mapping!')
})

test('CRLF and CR line breaks count as one break each', () => {
  expect(mapToPhi(';AACY', 'x\r\nπ(a)', 'x\r\nconsole.log(a)', table)).toBe(';AACE')
  expect(mapToPhi(';AACY', 'x\rπ(a)', 'x\rconsole.log(a)', table)).toBe(';AACE')
})
