/**
 * The argument contract (README "Arguments"): phicode's options go before the module; after it
 * only the runner flags are phicode's and every other word is the program's; `--` ends
 * phicode's options anywhere. The option names come from the option table, so an option added
 * there is covered here without a new test; what the program must receive is the words given.
 */
import { describe, expect, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ARGS } from '../../../src/cli/args'
import type { OptionDef } from '../../../src/cli/types'
import { runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'

/** The seed's runner flags, written out by hand: the table must agree. */
const RUNNER_FLAGS = ['debug', 'bypass', 'pypy', 'cpython', 'python', 'node', 'bun', 'phiemon', 'name', 'max-restarts']

const dir = tempDir('phicode-contract-')
const home = join(dir, 'home')
writeFileSync(join(dir, 'args_py.φ'), '# phicode: python\n⇒ json, sys\nπ(json.dumps(sys.argv[1:]))\n')
writeFileSync(join(dir, 'args_ts.φ'), '// phicode: typescript\nπ(JSON.stringify(process.argv.slice(2)))\n')
const ENV = { PHICODE_HOME: home, PHICODE_CACHE: '0' }
const PROGRAMS = ['args_py.φ', 'args_ts.φ']

const run = (args: string[], env: Record<string, string> = {}) => runPhicode(args, { cwd: dir, env: { ...ENV, ...env } })

async function received(args: string[]): Promise<unknown> {
  const r = await run(args)
  if (r.code !== 0) throw new Error(`phicode ${args.join(' ')} → ${r.code}: ${r.stderr}`)
  return JSON.parse(r.stdout)
}

const options = Object.entries(ARGS).filter(([, def]) => def.type !== 'positional') as Array<[string, OptionDef]>
const programOptions = options.filter(([, def]) => !def.runner)

/** Each option as the program would write it: alone, with a value after it, and as --name=value. */
function words(name: string, def: OptionDef): string[] {
  const value = def.options?.[0] ?? 'v'
  return def.type === 'boolean' ? [`--${name}`, `--${name}=false`] : [`--${name}`, value, `--${name}=${value}`]
}

test('the runner flags in the table are the seed\'s', () => {
  expect(options.filter(([, def]) => def.runner).map(([name]) => name).sort()).toEqual([...RUNNER_FLAGS].sort())
})

test('every command an option names exists; --phiemon is the only command besides run that takes a module', () => {
  const commands = new Set(['run', ...options.filter(([, def]) => def.command).map(([name]) => name)])
  for (const [name, def] of options) for (const command of def.with ?? []) expect([name, commands.has(command)]).toEqual([name, true])
  const moduleCommands = options.filter(([, def]) => def.operand === 'module').map(([name]) => name)
  expect(moduleCommands).toEqual(['phiemon'])
})

describe.each(PROGRAMS)('after the module %s', (program) => {
  test.each(programOptions.map(([name, def]) => [name, def] as const))('--%s belongs to the program', async (name, def) => {
    const given = words(name, def)
    expect(await received([program, ...given])).toEqual(given)
    expect(await received([program, 'first', ...given, 'last'])).toEqual(['first', ...given, 'last'])
  })

  test('short options, unknown options and --test belong to the program too', async () => {
    const given = ['-h', '-v', '-o', 'out', '--hot', '--no-such-option=1', '--test', '-x']
    expect(await received([program, ...given])).toEqual(given)
  })

  test('runner flags after the module are still phicode\'s', async () => {
    const flags = program === 'args_py.φ' ? ['--python', '--cpython', '--pypy', '--bypass'] : ['--node', '--bun', '--bypass']
    for (const flag of flags) expect(await received([program, 'a', flag, 'b'])).toEqual(['a', 'b'])
    const debug = await run([program, 'a', '--debug'])
    expect([debug.code, JSON.parse(debug.stdout), debug.stderr.includes('phicode: debug:')]).toEqual([0, ['a'], true])
    // --name and --max-restarts are phicode's: without --phiemon they are refused, not passed on.
    for (const flag of [['--name', 'n'], ['--max-restarts', '3']]) {
      const r = await run([program, ...flag])
      expect([r.code, r.stdout, r.stderr.includes(flag[0]!), r.stderr.includes('--phiemon')]).toEqual([64, '', true, true])
    }
    // --phiemon and --name after the module: phicode checks the daemon name before starting anything.
    const daemon = await run([program, '--phiemon', '--name', 'bad name!'])
    expect([daemon.code, daemon.stderr.includes('invalid daemon name "bad name!"')]).toEqual([64, true])
  })

  test('-- ends phicode\'s options anywhere', async () => {
    // Twice: the second run starts from the plan the first remembered, before the line is parsed in full.
    for (let time = 0; time < 2; time++) expect(await received([program, 'a', '--', 'b'])).toEqual(['a', 'b'])
    expect(await received([program, 'a', '--', '--debug', '--bun', '--', 'b'])).toEqual(['a', '--debug', '--bun', '--', 'b'])
    expect(await received(['--', program, '--debug', '--help'])).toEqual(['--debug', '--help'])
    const r = await run(['--debug', '--', program, '--pypy'])
    expect([r.code, JSON.parse(r.stdout), r.stderr.includes('phicode: debug:')]).toEqual([0, ['--pypy'], true])
  })
})

describe('options that mean nothing with the command are refused, naming both', () => {
  const cases: Array<[string[], string, string]> = [
    [['--benchmark', '--name', 'x'], '--name', '--benchmark'],
    [['--version', '--max-restarts', '3'], '--max-restarts', '--version'],
    [['--force'], '--force', '--config-generate'],
    [['--cache-stats', '--force'], '--force', '--cache-stats'],
    [['--json', 'args_py.φ'], '--json', '--version'],
    [['--watch', 'args_py.φ'], '--watch', '--phiemon'],
    [['--phiemon-list', '--follow'], '--follow', '--phiemon-list'],
    [['--convert', 'args_py.φ', '--api-port', '1'], '--api-port', '--convert'],
    [['--version', '--convert', 'args_py.φ'], '--version', '--convert'],
    [['--version', 'args_py.φ'], '--version', 'args_py.φ'],
  ]
  test.each(cases)('phicode %p', async (args, first, second) => {
    const r = await run(args)
    expect([r.code, r.stdout, r.stderr.includes(first), r.stderr.includes(second)]).toEqual([64, '', true, true])
  })
})

describe('an unknown option before the module', () => {
  test.each([
    ['--verison', '--version'],
    ['--phiemon-log', '--phiemon-logs'],
    ['--maxrestarts', '--max-restarts'],
    ['--bypas=1', '--bypass'],
  ])('%s: did you mean %s?', async (typo, meant) => {
    const r = await run([typo, 'args_py.φ'])
    expect([r.code, r.stdout, r.stderr.trim()]).toEqual([64, '', `phicode: error: unknown option ${typo} (did you mean ${meant}? see phicode --help)`])
  })

  test('far from every option: no guess', async () => {
    const r = await run(['--zzzzqqqq', 'args_py.φ'])
    expect([r.code, r.stderr.trim()]).toEqual([64, 'phicode: error: unknown option --zzzzqqqq (see phicode --help)'])
  })
})

test('a command whose operand is not a module keeps reading options after it', async () => {
  const r = await run(['--phiemon-logs', 'nothing-here', '--lines', '5'])
  // Not a usage error about --lines: the name was looked up (and is not there).
  expect([r.code, r.stderr.includes('nothing-here'), r.stderr.includes('--lines')]).toEqual([66, true, false])
})
