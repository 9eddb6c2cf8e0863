import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { guessedDialectHint, hintAfterRun } from '../../../src/runtime/_guess'
import { sayHintAfterRun } from '../../../src/runtime/hint'
import type { ResolvedEntry } from '../../../src/runtime/types'
import { ROOT } from '../../helpers/root'
import { tempProject } from '../../helpers/tmp'

// No project marker above the system's temp folder: the files' dialects are guessed from content.
const dir = tempProject({
  // Read as Python by content; it is TypeScript (types, JSX) that Bun parses.
  'ts.φ': 'const x: number = 1\nconst e = <b>{x}</b>\nπ(x, e)\n',
  // Read as TypeScript by content; it is Python that CPython compiles.
  'py.φ': 'ƒ f(x): ⟲ x\nπ(f(1));\n',
  // Neither dialect reads it.
  'none.φ': 'π((\n',
  'plain.py': 'print(1)\n',
  // Converts in neither dialect (an unterminated string).
  'open.φ': 'π("open\n',
  // Python only with its project's own symbol for def.
  'custom/.(φ)/config.json': '{"python": {"symbols": {"def": "δ"}}}',
  'custom/own.φ': 'δ f(x): ⟲ x\nπ(f(1));\n',
})

const CONTENT = 'its content (no flag, pragma, config "language" or project marker decided)'
const entry = (name: string, more: Partial<ResolvedEntry>): ResolvedEntry => ({ path: join(dir, name), kind: 'phi', dialect: 'python', root: dir, ...more })

describe('guessedDialectHint', () => {
  test('a file guessed Python that Bun parses as TypeScript: the guess and how to pin the dialect', () => {
    const e = entry('ts.φ', { dialect: 'python', decision: { dialect: 'python', by: 'content' } })
    expect(guessedDialectHint(e, dir)).toBe(
      `ts.φ was read as Python, a guess from ${CONTENT}. If it is TypeScript, pin it: a first line "// phicode: typescript", --bun on the command line, or "language": "typescript" in the project's .(φ)/config.json`,
    )
  })

  test('a file guessed TypeScript that CPython compiles as Python: the same the other way', () => {
    const e = entry('py.φ', { dialect: 'typescript', decision: { dialect: 'typescript', by: 'marker', marker: join(dir, 'package.json') } })
    expect(guessedDialectHint(e, dir)).toBe(
      `py.φ was read as TypeScript, a guess from the nearest project marker, package.json. If it is Python, pin it: a first line "# phicode: python", --python on the command line, or "language": "python" in the project's .(φ)/config.json`,
    )
  })

  test("the other dialect is read with the file's own project symbols", () => {
    const e = entry('custom/own.φ', { dialect: 'typescript', decision: { dialect: 'typescript', by: 'content' } })
    expect(guessedDialectHint(e, dir)).toStartWith('own.φ was read as TypeScript, a guess from its content')
  })

  test('no hint when the other dialect does not read it either, when nothing was guessed, or for a plain file', () => {
    expect(guessedDialectHint(entry('none.φ', { dialect: 'python', decision: { dialect: 'python', by: 'content' } }), dir)).toBeUndefined()
    expect(guessedDialectHint(entry('none.φ', { dialect: 'typescript', decision: { dialect: 'typescript', by: 'content' } }), dir)).toBeUndefined()
    expect(guessedDialectHint(entry('ts.φ', { dialect: 'python', decision: { dialect: 'python', by: 'pragma' } }), dir)).toBeUndefined()
    expect(guessedDialectHint(entry('ts.φ', { dialect: 'python', decision: { dialect: 'python', by: 'flag' } }), dir)).toBeUndefined()
    expect(guessedDialectHint(entry('ts.φ', { dialect: 'python' }), dir)).toBeUndefined()
    expect(guessedDialectHint(entry('open.φ', { dialect: 'python', decision: { dialect: 'python', by: 'content' } }), dir)).toBeUndefined()
    expect(guessedDialectHint(entry('open.φ', { dialect: 'typescript', decision: { dialect: 'typescript', by: 'content' } }), dir)).toBeUndefined()
    expect(guessedDialectHint(entry('plain.py', { kind: 'python', decision: { dialect: 'python', by: 'content' } }), dir)).toBeUndefined()
  })
})

describe('hintAfterRun', () => {
  const guessed = entry('ts.φ', { dialect: 'python', decision: { dialect: 'python', by: 'content' } })
  test('only after exit code 1', () => {
    expect(hintAfterRun(guessed, { exitCode: 1 }, dir)).toStartWith('ts.φ was read as Python')
    expect(hintAfterRun(guessed, { exitCode: 2 }, dir)).toBeUndefined()
    expect(hintAfterRun(guessed, { exitCode: 0 }, dir)).toBeUndefined()
    expect(hintAfterRun(guessed, { signal: 'SIGTERM' }, dir)).toBeUndefined()
    expect(hintAfterRun(guessed, 'in-process', dir)).toBeUndefined()
  })

  test('sayHintAfterRun prints it as phicode information on stderr, and nothing for an in-process run', () => {
    const write = process.stderr.write
    let said = ''
    process.stderr.write = ((chunk: string) => {
      said += chunk
      return true
    }) as typeof process.stderr.write
    try {
      sayHintAfterRun(guessed, 'in-process', dir)
      sayHintAfterRun(guessed, { exitCode: 2 }, dir)
      expect(said).toBe('')
      sayHintAfterRun(guessed, { exitCode: 1 }, dir)
    } finally {
      process.stderr.write = write
    }
    expect(said).toStartWith('phicode: ts.φ was read as Python, a guess from its content')
    expect(said).toEndWith('.(φ)/config.json\n')
  })

  test('sayHintAfterRun evaluates the dialect guess only after exit code 1', () => {
    // A fresh process: this file imports the guess itself.
    const evaluated = (outcome: string) => {
      const script = [
        `const { sayHintAfterRun } = require(${JSON.stringify(join(ROOT, 'src/runtime/hint.ts'))})`,
        `sayHintAfterRun(${JSON.stringify(guessed)}, ${outcome}, ${JSON.stringify(dir)})`,
        "console.log(Object.keys(require.cache).some((k) => k.endsWith('_guess.ts')))",
      ].join('\n')
      const run = Bun.spawnSync([process.execPath, '-e', script], { stderr: 'pipe' })
      return run.stdout.toString().trim()
    }
    expect(evaluated('{ exitCode: 0 }')).toBe('false')
    expect(evaluated("{ signal: 'SIGTERM' }")).toBe('false')
    expect(evaluated('{ exitCode: 1 }')).toBe('true')
  })
})
