/**
 * What `phicode --phiemon` fixes at start (the spec its supervisor follows), on real projects in a
 * temp folder: the names, the flags passed on in their order, the defaults, the watched folder,
 * and the environment recorded. Expected values are written out by hand.
 */
import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { buildSpec, type SpecRequest } from '../../../src/daemon/spec'
import { EXIT, PhicodeError } from '../../../src/errors'
import { thrown } from '../../helpers/thrown'
import { tempDir, writeFiles } from '../../helpers/tmp'

const project = writeFiles(tempDir('phiemon-spec-'), {
  'package.json': '{}',
  'app.ts': 'console.log(1)\n',
  'my server!.ts': 'console.log(2)\n',
  'tools/job.ts': 'console.log(3)\n',
  'svc.φ': 'π(1)\n',
})

function withEnv<T>(env: Record<string, string | undefined>, body: () => T): T {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]))
  for (const [k, v] of Object.entries(env)) v === undefined ? delete process.env[k] : (process.env[k] = v)
  try {
    return body()
  } finally {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v)
  }
}

const spec = (req: Partial<SpecRequest>) => withEnv({ PHIEMON_BACKOFF_MS: undefined }, () => buildSpec({ args: [], cwd: project, interpreter: {}, ...req }))

describe('buildSpec', () => {
  test('the defaults: name from the entry, no flags, documented limits, the caller\'s environment', () => {
    expect(spec({ module: 'app.ts', args: ['--port', '80'], env: { A: '1' } })).toEqual({
      name: 'app',
      module: 'app.ts',
      entry: join(project, 'app.ts'),
      args: ['--port', '80'],
      flags: [],
      cwd: project,
      maxRestarts: 5,
      graceMs: 5000,
      stableMs: 30000,
      startupGraceMs: 1000,
      backoffUnitMs: 1000,
      watch: undefined,
      logMaxBytes: 10485760,
      logFiles: 3,
      env: { A: '1' },
    })
  })

  test('every setting given is kept; PHIEMON_BACKOFF_MS sets the unit', () => {
    const s = withEnv({ PHIEMON_BACKOFF_MS: '40' }, () =>
      buildSpec({
        module: 'app.ts',
        args: [],
        cwd: project,
        interpreter: {},
        name: 'web-1',
        maxRestarts: 0,
        graceMs: 250,
        stableMs: 100,
        startupGraceMs: 0,
        logMaxBytes: 4096,
        logFiles: 0,
      }),
    )
    expect(s).toMatchObject({ name: 'web-1', maxRestarts: 0, graceMs: 250, stableMs: 100, startupGraceMs: 0, backoffUnitMs: 40, logMaxBytes: 4096, logFiles: 0 })
  })

  test("phicode's flags passed on to the app, in one fixed order", () => {
    // A φ file takes its dialect from the flags, so any set of them resolves.
    const s = spec({ module: 'svc.φ', interpreter: { bun: true, node: true, pypy: true, cpython: true, python: true, interpreter: '/opt/py' }, bypass: true, debug: true })
    expect(s.flags).toEqual(['--python', '--cpython', '--pypy', '--node', '--bun', '--interpreter', '/opt/py', '--bypass', '--debug'])
    expect(spec({ module: 'svc.φ', interpreter: { node: true }, debug: true }).flags).toEqual(['--node', '--debug'])
    expect(spec({ module: 'svc.φ', interpreter: { bun: true }, bypass: true }).flags).toEqual(['--bun', '--bypass'])
    expect(spec({ module: 'svc.φ', interpreter: { cpython: true } }).flags).toEqual(['--cpython'])
    expect(spec({ module: 'svc.φ', interpreter: { pypy: true } }).flags).toEqual(['--pypy'])
    expect(spec({ module: 'svc.φ', interpreter: { python: true } }).flags).toEqual(['--python'])
  })

  test('the flags decide the dialect the entry is checked against: a TypeScript file on a Python flag fails at start', () => {
    expect(spec({ module: 'app.ts', interpreter: { node: true } }).entry).toBe(join(project, 'app.ts'))
    for (const interpreter of [{ python: true }, { pypy: true }, { cpython: true }]) {
      expect(() => spec({ module: 'app.ts', interpreter })).toThrow('app.ts is typescript code; it cannot run on a Python interpreter')
    }
  })

  test('a derived name is cleaned; a typed name is checked, not cleaned', () => {
    expect(spec({ module: 'my server!.ts' }).name).toBe('my-server')
    const error = thrown(PhicodeError, () => spec({ module: 'app.ts', name: 'my server' }))
    expect(error.exitCode).toBe(EXIT.USAGE)
    expect(error.message).toContain('invalid daemon name "my server"')
  })

  test("a module that does not resolve fails at once, with the resolver's not-found exit", () => {
    expect(thrown(PhicodeError, () => spec({ module: 'nope.ts' })).exitCode).toBe(EXIT.NOT_FOUND)
  })

  test('--watch: the project root of the entry; its own folder when the root is the home folder', () => {
    expect(spec({ module: 'tools/job.ts', watch: true }).watch).toBe(project)
    expect(spec({ module: 'tools/job.ts', watch: false }).watch).toBeUndefined()
    const home = writeFiles(tempDir('phiemon-spec-home-'), { 'package.json': '{}', 'scripts/run.ts': 'console.log(4)\n' })
    const s = withEnv({ HOME: home }, () => spec({ module: 'scripts/run.ts', cwd: home, watch: true }))
    expect(s.watch).toBe(join(home, 'scripts'))
    expect(withEnv({ HOME: '/nonexistent-home' }, () => spec({ module: 'scripts/run.ts', cwd: home, watch: true })).watch).toBe(home)
  })

  test("no environment given: this process's, as it is", () => {
    const s = withEnv({ PHIEMON_SPEC_PROBE: 'x y' }, () => spec({ module: 'app.ts' }))
    const expected: Record<string, string | undefined> = { ...process.env, PHIEMON_SPEC_PROBE: 'x y' }
    delete expected.PHIEMON_BACKOFF_MS
    expect<unknown>(s.env).toEqual(expected)
    expect(s.env!.PHIEMON_SPEC_PROBE).toBe('x y')
  })
})
