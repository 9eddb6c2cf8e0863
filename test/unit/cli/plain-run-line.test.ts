/**
 * A line that only names a module and its words starts from its remembered plan before the full
 * parse (src/cli/main.ts). That shortcut is right only if the full parser reads every such line
 * as a plain run: no option of phicode's, the same module and the same words. The full parser and
 * the command check are the oracle here, over hand-picked lines and generated ones.
 */
import { describe, expect, test } from 'bun:test'
import { ARGS } from '../../../src/cli/args'
import { parseArgv } from '../../../src/cli/argv'
import { plainRunLine } from '../../../src/cli/_plain'
import { chooseCommand } from '../../../src/cli/check'
import type { OptionDef } from '../../../src/cli/types'

const OPTIONS = Object.entries(ARGS) as Array<[string, OptionDef]>

describe('lines that only name a module', () => {
  test.each([
    [[], undefined, []],
    [['app.φ'], 'app.φ', []],
    [['app.φ', 'a', 'b'], 'app.φ', ['a', 'b']],
    [['app.φ', '-h', '-v', '-m', 'x', '-c', 'y'], 'app.φ', ['-h', '-v', '-m', 'x', '-c', 'y']],
    [['app.φ', '--json', '--help', '--version', '--test', '--output=x'], 'app.φ', ['--json', '--help', '--version', '--test', '--output=x']],
    [['app.φ', '--no-such-option', '-', '---debug'], 'app.φ', ['--no-such-option', '-', '---debug']],
  ] as Array<[string[], string | undefined, string[]]>)('%p', (argv, module, moduleArgs) => {
    expect(plainRunLine(argv, ARGS)).toEqual({ module, moduleArgs })
  })
})

describe('lines that ask phicode for something besides the run', () => {
  test.each([
    [['--version']],
    [['-m', 'pytest']],
    [['-']],
    [['--', 'app.φ']],
    [['--bun', 'app.φ']],
    [['app.φ', '--']],
    [['app.φ', 'a', '--', 'b']],
    [['app.φ', '--debug']],
    [['app.φ', '--debug=false']],
    [['app.φ', 'a', '--bypass', 'b']],
    [['app.φ', '--python']],
    [['app.φ', '--cpython']],
    [['app.φ', '--pypy']],
    [['app.φ', '--node']],
    [['app.φ', '--bun']],
    [['app.φ', '--phiemon']],
    [['app.φ', '--name', 'n']],
    [['app.φ', '--name=n']],
    [['app.φ', '--max-restarts', '3']],
  ])('%p', (argv) => {
    expect(plainRunLine(argv, ARGS)).toBeUndefined()
  })
})

/** Words a command line is made of: every option of the table in each spelling, and others. */
function vocabulary(): string[] {
  const words = ['app.φ', 'x', '-', '--', '-x', '-h', '-m', '--no-such', '3']
  for (const [name, def] of OPTIONS) {
    if (def.type === 'positional') continue
    words.push(`--${name}`, `--${name}=1`, `--${name}=false`)
    if (def.alias) words.push(def.alias.length === 1 ? `-${def.alias}` : `--${def.alias}`)
  }
  return words
}

test('every line the shortcut takes, the full parser reads as a plain run of the same module and words', () => {
  const words = vocabulary()
  const runner = OPTIONS.filter(([, def]) => def.runner).map(([name]) => name)
  const programWords = words.filter((w) => w !== '--' && !runner.some((name) => w === `--${name}` || w.startsWith(`--${name}=`)))
  let seed = 1_234_567
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0
    return (seed >>> 8) % n
  }
  let taken = 0
  for (let i = 0; i < 20_000; i++) {
    // Most lines start with a module, as a run does; the rest start anywhere.
    const first = next(4) === 0 ? words[next(words.length)]! : 'app.φ'
    // Words from the whole vocabulary one time in five, else from those a runner flag is not.
    const word = (): string => (next(5) === 0 ? words[next(words.length)]! : programWords[next(programWords.length)]!)
    const argv = [first, ...Array.from({ length: next(5) }, word)]
    const line = plainRunLine(argv, ARGS)
    if (!line) continue
    taken++
    const { args, moduleArgs } = parseArgv(argv, ARGS)
    expect({ argv, args, moduleArgs }).toEqual({ argv, args: { module: line.module }, moduleArgs: line.moduleArgs })
    expect(chooseCommand(args, moduleArgs, ARGS)).toBe('run')
  }
  // Enough of them to mean something, and not all: some lines name a runner flag or start with an option.
  expect(taken).toBeGreaterThan(5_000)
  expect(taken).toBeLessThan(20_000)
})
