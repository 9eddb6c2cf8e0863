import { describe, expect, test } from 'bun:test'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../helpers/root'

// Every flag, environment variable and exit code the README and docs/ promise is exercised by
// some test: a new option documented without a test fails here, not in a user's hands.

/** Options the docs name that belong to other programs (bun, npm, the benchmark script). */
const FOREIGN_FLAGS = new Map([
  ['--bytecode', 'a bun build flag, in the build notes'],
  ['--no-compile-autoload-bunfig', 'a bun build flag, in the build notes'],
  ['--enable-source-maps', "Node's flag, used by --node"],
  ['--import', "Node's flag, with which --node loads phicode's hooks"],
  ['--omit', "npm's --omit=optional, in the npm install notes"],
  ['--reporter', "bun test's option, passed through by --test"],
  ['--timeout', "bun test's option, passed through by --test"],
  ['--seed', "bench/transpile.ts's option (a developer benchmark)"],
  ['--binary', "bench/startup.ts's option (a developer benchmark)"],
  ['--before', "bench/startup.ts's option (a developer benchmark)"],
  ['--dir', "bench/startup.ts's option (a developer benchmark)"],
  ['--mutate', "Stryker's option, in docs/mutation.md"],
  ['--preload', "bun test's option, in docs/mutation.md's command"],
])

/** Variables the docs name that are not settings a user makes. */
const NOT_SETTINGS = new Map([
  ['PHICODE_MMAP_THRESHOLD', 'docs/cache.md: an experiment measured and not built'],
  ['PHICODE_RLIMITS', "the sandbox's internal hand-over to the Python bootstrap (settings.test.ts covers its effect)"],
])

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
}

const docs = [join(ROOT, 'README.md'), ...filesUnder('docs', (name) => name.endsWith('.md'))].map((file) => readFileSync(file, 'utf8')).join('\n')
const tests = filesUnder('test', (name) => name.endsWith('.ts') && name !== 'promises.test.ts')
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n')

const unique = (matches: Iterable<RegExpMatchArray>, group = 1) => [...new Set([...matches].map((m) => m[group] as string))].sort()

describe('every documented promise has a test', () => {
  test('each --flag in the docs appears in a test (other programs\' flags listed with why)', () => {
    const flags = unique(docs.matchAll(/`(--[a-z][a-z0-9-]*)/g)).filter((flag) => !FOREIGN_FLAGS.has(flag))
    expect(flags.length).toBeGreaterThan(40)
    const untested = flags.filter((flag) => !new RegExp(`['"\` ]${flag}(?![a-z0-9-])`).test(tests))
    expect(untested).toEqual([])
  })

  test('each environment variable in the docs appears in a test', () => {
    const names = unique(docs.matchAll(/`((?:PHICODE|PHITON|PHIEMON)_[A-Z0-9_]+)/g)).filter((name) => !NOT_SETTINGS.has(name))
    expect(names.length).toBeGreaterThan(15)
    expect(names.filter((name) => !tests.includes(name))).toEqual([])
  })

  test("each exit code in the README's table is asserted by a test", () => {
    const after = docs.slice(docs.indexOf('## Exit codes')).split('\n').slice(1)
    const start = after.findIndex((line) => line.startsWith('|'))
    const rows = after.slice(start)
    const table = rows.slice(0, rows.findIndex((line) => !line.startsWith('|'))).join('\n')
    const codes = unique(table.matchAll(/^\| (\d+) \|/gm)).map(Number)
    expect(codes).toContain(79)
    const asserted = (code: number) => new RegExp(`toBe\\(${code}\\)|\\], ${code}, /|exit: ${code}\\b`).test(tests)
    expect(codes.filter((code) => code !== 0 && !asserted(code))).toEqual([])
  })
})
