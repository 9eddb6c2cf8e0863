/**
 * Running typescript-dialect φ modules with the compiled binary: in-process on Bun, and on the
 * machine's Node with --node, each compared side by side with `bun x.ts` / `node x.mjs`.
 */
import { describe, expect, test } from 'bun:test'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PHICODE, ROOT, runCommand, runPhicode, type RunResult } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'
import { readActingOnce } from '../../helpers/ready'
import { BUN } from '../../helpers/root'

const FIXTURE = join(ROOT, 'test/fixtures/ts-project')
const NODE = Bun.which('node')!

const PROJECT_OUTPUT = ['hello φ 2', '42 9', 'NODE_MODULES PACKAGE!', 'lib/index.φ', '42', 'main: true false', ''].join('\n')

/**
 * The fixture `name.φ` beside its plain twins: `name.ts` (written by hand, test/fixtures/twins/)
 * for `bun x.ts`, and `name.mjs`, Bun's own transpiler's output of it, for `node x.mjs`.
 */
function twins(dir: string, name: string): void {
  const ts = readFileSync(join(ROOT, 'test/fixtures/twins/ts-project', `${name}.ts`), 'utf8')
  writeFileSync(join(dir, `${name}.φ`), readFileSync(join(FIXTURE, `${name}.φ`)))
  writeFileSync(join(dir, `${name}.ts`), ts)
  writeFileSync(join(dir, `${name}.mjs`), new Bun.Transpiler({ loader: 'ts' }).transformSync(ts))
}

/**
 * What two runs must share: exit code, stdout, and Bun's `error:`/`at` lines, file names and
 * columns aside (a φ column differs from the converted one; test/runtime/bun-program.test.ts
 * checks φ columns against hand-counted ones).
 */
function comparable(result: RunResult): { code: number; stdout: string; error: string[] } {
  const unnamed = (text: string) => text.replace(/(\w+)\.(?:φ|ts|mjs)(?!\w)(:\d+)?(:\d+)?/g, '$1.*$2')
  const error = result.stderr.split('\n').filter((line) => /^(error:|\s+at |\w*Error:)/.test(line))
  return { code: result.code, stdout: unnamed(result.stdout), error: error.map(unnamed) }
}

interface SignalResult {
  signal: string | number | null
  code: number | null
  stdout: string
}

/** Starts `cmd`, waits until it prints `ready`, sends `signal`, and reports how it ended. */
async function signalWhenReady(cmd: string[], cwd: string, signal: NodeJS.Signals): Promise<SignalResult> {
  const proc = Bun.spawn(cmd, { cwd, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe', timeout: 20_000 })
  const stdout = await readActingOnce(proc.stdout, /ready\n/, () => proc.kill(signal))
  await proc.exited
  return { signal: proc.signalCode, code: proc.exitCode, stdout }
}

describe('a multi-module φ-TypeScript project', () => {
  test('runs in-process on Bun with no node on PATH', async () => {
    const emptyPath = tempDir()
    expect(Bun.which('node', { PATH: emptyPath })).toBeNull()
    const result = await runPhicode(['main.φ'], { cwd: FIXTURE, env: { PATH: emptyPath } })
    expect(result).toEqual({ code: 0, stdout: PROJECT_OUTPUT, stderr: '' })
  })

  test('runs on Node with --node', async () => {
    const result = await runPhicode(['--node', 'main.φ'], { cwd: FIXTURE })
    expect(result).toEqual({ code: 0, stdout: PROJECT_OUTPUT, stderr: '' })
  })

  test('CommonJS on Bun requires φ modules without their extension', async () => {
    const result = await runPhicode(['require.cjs'], { cwd: FIXTURE })
    expect(result).toEqual({ code: 0, stdout: '8 lib/index.φ\n', stderr: '' })
  })
})

describe('φ files are TSX', () => {
  for (const node of [false, true]) {
    test(`JSX text stays text, braces hold code${node ? ' (Node)' : ''}`, async () => {
      const result = await runPhicode([...(node ? ['--node'] : []), 'jsx.φ'], { cwd: FIXTURE })
      expect(result).toEqual({ code: 0, stdout: '<p>¿ stays text ⟲ yes</p>\n', stderr: '' })
    })
  }
})

describe('errors name the φ file and line', () => {
  test('an exception on Bun: as bun x.ts prints it, exit 1', async () => {
    const dir = tempDir()
    twins(dir, 'thrower')
    const [phi, bun] = await Promise.all([runPhicode(['thrower.φ'], { cwd: dir }), runCommand([BUN, 'thrower.ts'], { cwd: dir })])
    expect(phi.stderr).toContain(`at fail (${join(dir, 'thrower.φ')}:3:`)
    expect(phi.stderr).not.toContain('$bunfs')
    expect(comparable(phi)).toEqual(comparable(bun))
    expect(phi.code).toBe(1)
  })

  test('an exception on Node: the trace names the φ line', async () => {
    const phi = await runPhicode(['--node', 'thrower.φ'], { cwd: FIXTURE })
    expect(phi.code).toBe(1)
    expect(phi.stdout).toBe('before the throw\n')
    expect(phi.stderr).toContain('Error: thrown from φ: line 3')
    expect(phi.stderr).toContain(`at fail (${join(FIXTURE, 'thrower.φ')}:3:`)
    expect(phi.stderr).toContain(`at <anonymous> (${join(FIXTURE, 'thrower.φ')}:7:`)
  })

  for (const node of [false, true]) {
    test(`a φ syntax error${node ? ' on Node' : ''}: file, line and column, exit 1`, async () => {
      const result = await runPhicode([...(node ? ['--node'] : []), 'broken.φ'], { cwd: FIXTURE })
      expect(result.code).toBe(1)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain(`${join(FIXTURE, 'broken.φ')}:3:14`)
      expect(result.stderr).toContain('unterminated string literal')
      expect(result.stderr).toContain("const text = 'no closing quote\n")
    })
  }
})

/**
 * φ that converts but that Bun cannot parse: Bun throws one BuildMessage for one error, drawn on
 * the converted line (`return`, column 18). phicode draws it on the φ line and column instead.
 */
describe('a syntax error Bun finds in converted φ is shown on the φ line', () => {
  test('the column of a symbol that became a longer keyword', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'package.json'), '{}\n')
    writeFileSync(join(dir, 'col.φ'), '// phicode: typescript\nπ("a") ⟲\n')
    const r = await runPhicode(['col.φ'], { cwd: dir })
    expect(r).toMatchObject({ code: 1, stdout: '' })
    expect(r.stderr.startsWith(`2 | π("a") ⟲\n           ^\nerror: Expected ";" but found "return"\n    at ${join(dir, 'col.φ')}:2:8\n`)).toBe(true)
  })

  test('Python guessed as TypeScript: the φ line, then the dialect hint', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'package.json'), '{}\n')
    writeFileSync(join(dir, 'py.φ'), 'ƒ double(x):\n    ⟲ x * 2\nπ(double(21))\n')
    const r = await runPhicode(['py.φ'], { cwd: dir })
    expect(r).toMatchObject({ code: 1, stdout: '' })
    expect(r.stderr.startsWith(`2 |     ⟲ x * 2\n        ^\nerror: Unexpected return\n    at ${join(dir, 'py.φ')}:2:5\n`)).toBe(true)
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(
      'phicode: py.φ was read as TypeScript, a guess from the nearest project marker, package.json. If it is Python, ' +
        'pin it: a first line "# phicode: python", --python on the command line, or "language": "python" in the project\'s .(φ)/config.json',
    )
    // Pinned as the hint says, it runs.
    expect(await runPhicode(['--python', 'py.φ'], { cwd: dir })).toMatchObject({ code: 0, stdout: '42\n' })
  })
})

test('--node refuses a Node without module hooks, in one line', async () => {
  const dir = tempDir()
  const oldNode = join(dir, 'node')
  writeFileSync(oldNode, '#!/bin/sh\necho "$0"\necho 18.0.0\n', { mode: 0o755 })
  const result = await runPhicode(['--node', 'main.φ'], { cwd: FIXTURE, env: { PHINODE_PATH: oldNode } })
  expect(result).toEqual({ code: 69, stdout: '', stderr: `phicode: error: --node needs Node 20.6 or newer (module hooks); ${oldNode} is Node 18.0.0\n` })
})

describe('argv, stdin and exit codes, side by side', () => {
  const dir = tempDir()
  twins(dir, 'process')
  const cases = [['exitCode', '0'], ['throw', '1'], ['exitCode', '3'], ['exit', '42']] as const
  for (const [how, code] of cases) {
    test(`${how} ${code}: phicode x.φ as bun x.ts`, async () => {
      const options = { cwd: dir, stdin: 'piped line\nsecond line\n' }
      const [phi, bun] = await Promise.all([
        runPhicode(['process.φ', how, code, 'a b', '--flag'], options),
        runCommand([BUN, 'process.ts', how, code, 'a b', '--flag'], options),
      ])
      expect(phi.code).toBe(Number(code))
      expect(comparable(phi)).toEqual(comparable(bun))
    })
    test(`${how} ${code}: phicode --node x.φ as node x.mjs`, async () => {
      const options = { cwd: dir, stdin: 'piped line\n' }
      const [phi, node] = await Promise.all([
        runPhicode(['--node', 'process.φ', how, code, '--', '-x'], options),
        runCommand([NODE, 'process.mjs', how, code, '-x'], options),
      ])
      expect(phi.code).toBe(Number(code))
      expect(phi.code).toBe(node.code)
      expect(phi.stdout.replace('process.φ', 'process.mjs')).toBe(node.stdout)
    })
  }
})

describe('signals, side by side', () => {
  const dir = tempDir()
  twins(dir, 'signals')
  const runs: Array<[string, string[], string[]]> = [
    ['bun x.ts', [PHICODE, 'signals.φ'], [BUN, 'signals.ts']],
    ['node x.mjs', [PHICODE, '--node', 'signals.φ'], [NODE, 'signals.mjs']],
  ]
  for (const [baseline, phicode, plain] of runs) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      test(`${signal} kills phicode as it kills ${baseline}`, async () => {
        const [phi, base] = await Promise.all([signalWhenReady(phicode, dir, signal), signalWhenReady(plain, dir, signal)])
        expect(phi).toEqual(base)
        expect(phi.signal).toBe(signal)
      })
    }
    test(`a SIGTERM handler runs and sets the exit code, as under ${baseline}`, async () => {
      const [phi, base] = await Promise.all([
        signalWhenReady([...phicode, 'handle'], dir, 'SIGTERM'),
        signalWhenReady([...plain, 'handle'], dir, 'SIGTERM'),
      ])
      expect(phi).toEqual(base)
      expect(phi).toEqual({ signal: null, code: 42, stdout: 'ready\nhandled SIGTERM\n' })
    })
  }
})

describe('the plugin in a project that depends on phicode', () => {
  const dir = tempDir()
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(ROOT, join(dir, 'node_modules/phicode'))
  const files: Record<string, string> = {
    'package.json': '{ "name": "app", "type": "module" }\n',
    'bunfig.toml': 'preload = ["phicode/register"]\n\n[test]\npreload = ["phicode/register"]\n',
    'math.φ': 'export ƒ double(n: number): number {\n  ⟲ n * 2\n}\n',
    'app.ts': "import { double } from './math'\nconsole.log(double(21))\n",
    'app.test.ts': "import { expect, test } from 'bun:test'\nimport { double } from './math'\n\ntest('φ', () => expect(double(2)).toBe(4))\n",
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)

  test('bun run app.ts imports .φ through the bunfig preload', async () => {
    expect(await runCommand([BUN, 'run', 'app.ts'], { cwd: dir })).toEqual({ code: 0, stdout: '42\n', stderr: '' })
  })

  test('bun test imports .φ through [test] preload', async () => {
    const result = await runCommand([BUN, 'test'], { cwd: dir })
    expect(result.stderr).toContain('1 pass')
    expect(result.code).toBe(0)
  })
})
