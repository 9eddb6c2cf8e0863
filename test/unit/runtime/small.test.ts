import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { EXIT, PhicodeError } from '../../../src/errors'
import { childOutcome } from '../../../src/runtime/outcome'
import { createTimeline } from '../../../src/runtime/_timeline'
import { checkPythonPlatform } from '../../../src/runtime/python-platform'
import { asUserError, bunFooter, formatSyntaxError } from '../../../src/runtime/bun/_errors'
import { TranspileError } from '../../../src/transpile/error'
import { BUN } from '../../helpers/root'
import { tempProject } from '../../helpers/tmp'

describe('childOutcome', () => {
  test('a named signal, a numbered one as 128 + n, an exit code, and 1 when there is neither', () => {
    expect(childOutcome('SIGTERM', null)).toEqual({ signal: 'SIGTERM' })
    expect(childOutcome('SIGKILL', 0)).toEqual({ signal: 'SIGKILL' })
    expect(childOutcome(34, null)).toEqual({ exitCode: 162 })
    expect(childOutcome(null, 3)).toEqual({ exitCode: 3 })
    expect(childOutcome(null, 0)).toEqual({ exitCode: 0 })
    expect(childOutcome(null, null)).toEqual({ exitCode: 1 })
  })
})

describe('createTimeline', () => {
  test('each mark is the time since the one before (the first since process start); the total is the last mark', () => {
    const timeline = createTimeline()
    expect(timeline.total()).toBe(0)
    expect(timeline.report()).toBe('')
    const before = performance.now()
    timeline.mark('first')
    const between = performance.now()
    timeline.mark('second')
    const after = performance.now()
    const total = timeline.total()
    expect(total).toBeGreaterThanOrEqual(between)
    expect(total).toBeLessThanOrEqual(after)
    const match = /^first (\d+\.\d) ms, second (\d+\.\d) ms$/.exec(timeline.report())
    expect(match).not.toBeNull()
    const [first, second] = [Number(match![1]), Number(match![2])]
    expect(first).toBeGreaterThanOrEqual(Math.floor(before * 10) / 10)
    expect(first).toBeLessThanOrEqual(Math.ceil(between * 10) / 10)
    expect(second).toBeLessThanOrEqual(Math.ceil((after - before) * 10) / 10)
    expect(Math.abs(first + second - total)).toBeLessThan(0.11)
  })
})

describe('checkPythonPlatform', () => {
  test('φ-Python is allowed on this (POSIX) platform', () => {
    expect(process.platform).not.toBe('win32')
    expect(() => checkPythonPlatform()).not.toThrow()
  })
})

describe('bun/_errors', () => {
  test("the footer is the real Bun's last line after an uncaught error, with the blank line before it", () => {
    const dir = tempProject({ 'throw.ts': 'throw new Error("boom")\n' })
    const bun = Bun.spawnSync([BUN, 'throw.ts'], { cwd: dir }).stderr.toString()
    expect(bun.endsWith(bunFooter())).toBe(true)
    expect(bunFooter()).toStartWith('\nBun v')
  })

  test("a syntax error is drawn exactly as the real Bun draws its own: line, caret, reason, place, footer", () => {
    const dir = tempProject({ 'syntax.ts': 'const a = 1\nconst x = (\n' })
    const bun = Bun.spawnSync([BUN, 'syntax.ts'], { cwd: dir }).stderr.toString()
    const at = /at (.+):(\d+):(\d+)\n/.exec(bun)!
    const error = new TranspileError('UNTERMINATED_STRING', 'Unexpected end of file', Number(at[2]), Number(at[3]), join(dir, 'syntax.ts'))
    expect(formatSyntaxError(error)).toBe(bun)
  })

  test('a file that cannot be read gets no excerpt, and lines split on \\r\\n and \\r too', () => {
    const missing = new TranspileError('UNTERMINATED_STRING', 'bad', 2, 3, '/nowhere/x.φ')
    expect(formatSyntaxError(missing)).toBe(`error: bad\n    at /nowhere/x.φ:2:3\n${bunFooter()}`)
    const dir = tempProject({ 'x.φ': 'one\r\ntwo\rthree\n' })
    const third = new TranspileError('UNTERMINATED_STRING', 'bad', 3, 2, join(dir, 'x.φ'))
    expect(formatSyntaxError(third)).toBe(`3 | three\n     ^\nerror: bad\n    at ${join(dir, 'x.φ')}:3:2\n${bunFooter()}`)
  })

  test('asUserError: the same transpile or phicode error without stack frames or enumerable fields; anything else as it is', () => {
    const limit = Error.stackTraceLimit
    const original = new TranspileError('UNTERMINATED_STRING', 'bad', 4, 5, '/p/x.φ')
    const user = asUserError(original) as TranspileError
    expect(user).not.toBe(original)
    expect(user).toBeInstanceOf(TranspileError)
    expect([user.code, user.reason, user.line, user.column, user.filename, user.message]).toEqual(['UNTERMINATED_STRING', 'bad', 4, 5, '/p/x.φ', '/p/x.φ:4:5: bad'])
    expect(String(user.stack)).not.toContain('    at ')
    expect(Object.keys(user)).toEqual([])
    const phicode = asUserError(new PhicodeError('nope', EXIT.CONFIG)) as PhicodeError
    expect(phicode).toBeInstanceOf(PhicodeError)
    expect([phicode.message, phicode.exitCode]).toEqual(['nope', EXIT.CONFIG])
    expect(String(phicode.stack)).not.toContain('    at ')
    const other = new Error('other')
    expect(asUserError(other)).toBe(other)
    expect(Error.stackTraceLimit).toBe(limit)
  })
})
