/**
 * `phicode --build`: Bun.build with the φ plugin. Every bundle and executable is run, without
 * phicode, and compared with plain `bun` on the TypeScript originals the φ files came from.
 */
import { describe, expect, test } from 'bun:test'
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCommand, runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'
import { BUN, twinProject } from '../../helpers/project'

const FILES: Record<string, string> = {
  'lib/greet.ts': 'export function greet(name: string): string {\n  if (name === "") return "hello nobody"\n  return `hello ${name}`\n}\n',
  'lib/index.ts': 'export { greet } from "./greet"\nexport const answer = (): number => Math.max(40, 42)\n',
  'data.json': '{ "n": 7 }\n',
  'app.ts': [
    'import { greet, answer } from "./lib"',
    'import data from "./data.json"',
    'console.log(greet("world"), answer(), data.n)',
    'console.log(typeof Bun.version, process.argv.length > 1)',
    'if (process.argv.includes("--boom")) throw new Error("boom")',
    '',
  ].join('\n'),
  // A plain TypeScript entry importing a φ module by its extensionless name.
  'main.ts': 'import { greet } from "./lib/greet"\nconsole.log(greet("from TypeScript"))\n',
}
const AS_PHI = { 'lib/greet.ts': '.φ', 'lib/index.ts': '.φ', 'app.ts': '.φ' }

const dir = tempDir()
const { ts, phi } = twinProject(dir, FILES, AS_PHI)
const ENV = { PHICODE_HOME: join(dir, 'home') }
/** Where built files are run from: no sources beside them. */
const elsewhere = join(dir, 'elsewhere')
mkdirSync(elsewhere)

const build = (args: string[]) => runPhicode(['--build', ...args], { cwd: phi, env: ENV, timeout: 60_000 })

describe('a bundle', () => {
  test('runs on plain bun as the TypeScript originals do', async () => {
    const built = await build(['app.φ', '--outdir', 'out'])
    expect(built.code).toBe(0)
    const [bundled, original] = await Promise.all([
      runCommand([BUN, join(phi, 'out/app.js')], { cwd: elsewhere }),
      runCommand([BUN, join(ts, 'app.ts')], { cwd: elsewhere }),
    ])
    expect(original).toEqual({ code: 0, stdout: 'hello world 42 7\nstring true\n', stderr: '' })
    expect(bundled).toEqual(original)
    expect(readdirSync(join(phi, 'out'))).toEqual(['app.js'])
  })

  test('a TypeScript entry importing a φ module without its extension', async () => {
    const built = await build(['main.ts', '--outdir', 'out-main'])
    expect(built.code).toBe(0)
    const [bundled, original] = await Promise.all([
      runCommand([BUN, join(phi, 'out-main/main.js')], { cwd: elsewhere }),
      runCommand([BUN, join(ts, 'main.ts')], { cwd: elsewhere }),
    ])
    expect(original.stdout).toBe('hello from TypeScript\n')
    expect(bundled).toEqual(original)
  })

  test('--sourcemap: an error in the bundle names the φ file and line', async () => {
    expect((await build(['app.φ', '--outdir', 'out-map', '--sourcemap', '--minify'])).code).toBe(0)
    expect(readdirSync(join(phi, 'out-map')).sort()).toEqual(['app.js', 'app.js.map'])
    const [bundled, original] = await Promise.all([
      runCommand([BUN, join(phi, 'out-map/app.js'), '--boom'], { cwd: elsewhere }),
      runCommand([BUN, join(ts, 'app.ts'), '--boom'], { cwd: elsewhere }),
    ])
    expect(original.code).toBe(1)
    expect(original.stderr).toContain(`${join(ts, 'app.ts')}:5:`)
    expect(bundled.code).toBe(1)
    expect(bundled.stderr).toContain('error: boom')
    expect(bundled.stderr).toMatch(/app\.φ:5:/)
  })

  test('--json lists what was written, with sizes', async () => {
    const built = await build(['app.φ', '--outdir', 'out-json', '--sourcemap', '--json'])
    expect(built.code).toBe(0)
    const report = JSON.parse(built.stdout) as { outputs: Array<{ path: string; kind: string; bytes: number }> }
    const written = readdirSync(join(phi, 'out-json')).map((name) => ({ path: `out-json/${name}`, bytes: statSync(join(phi, 'out-json', name)).size }))
    expect(report.outputs.map(({ path, bytes }) => ({ path, bytes })).sort((a, b) => a.path.localeCompare(b.path))).toEqual(written.sort((a, b) => a.path.localeCompare(b.path)))
    expect(report.outputs.map((o) => o.kind).sort()).toEqual(['entry-point', 'sourcemap'])
  })
})

describe('--compile', () => {
  test('a standalone executable runs with nothing on PATH', async () => {
    const emptyPath = tempDir()
    expect(Bun.which('bun', { PATH: emptyPath })).toBeNull()
    const built = await build(['app.φ', '--compile', '--outfile', join(dir, 'app-exe')])
    expect(built.code).toBe(0)
    const [exe, original] = await Promise.all([
      runCommand([join(dir, 'app-exe')], { cwd: elsewhere, env: { PATH: emptyPath, HOME: elsewhere } }),
      runCommand([BUN, join(ts, 'app.ts')], { cwd: elsewhere }),
    ])
    expect(exe).toEqual(original)
  })
})

describe('bad input', () => {
  test('a missing entry: exit 66 naming it', async () => {
    const built = await build(['nowhere.φ', '--outdir', 'out-none'])
    expect(built.code).toBe(66)
    expect(built.stderr).toContain('nowhere.φ')
  })

  test('a φ syntax error: exit 65 with file:line:col', async () => {
    writeFileSync(join(phi, 'broken.φ'), 'const a = 1\nconst s = "no end\nπ(s)\n')
    const built = await build(['broken.φ', '--outdir', 'out-broken'])
    expect(built.code).toBe(65)
    expect(built.stderr).toContain('broken.φ:2:11: unterminated string literal')
    expect(built.stderr).not.toMatch(/^\s+at /m)
  })

  test('Bun.build errors keep their file and position, as bun build reports them', async () => {
    const source = 'import { x } from "./nope"\nconsole.log(x)\n'
    writeFileSync(join(phi, 'unresolved.ts'), source)
    writeFileSync(join(ts, 'unresolved.ts'), source)
    const [ours, bun] = await Promise.all([
      build(['unresolved.ts', '--outdir', 'out-unresolved']),
      runCommand([BUN, 'build', 'unresolved.ts', '--outdir', 'out-unresolved'], { cwd: ts }),
    ])
    expect(bun.code).toBe(1)
    const position = /unresolved\.ts:(\d+:\d+)/.exec(bun.stderr)?.[1]
    expect(position).toBe('1:19')
    expect(ours.code).toBe(65)
    expect(ours.stderr).toContain(`unresolved.ts:${position}: Could not resolve: "./nope"`)
  })

  test('an output that cannot be written: exit 73; a target Bun does not know: exit 64', async () => {
    const file = join(dir, 'a-file')
    writeFileSync(file, '')
    const unwritable = await build(['app.φ', '--outdir', join(file, 'out')])
    expect(unwritable.code).toBe(73)
    expect(unwritable.stderr).toContain(file)
    const unknown = await build(['app.φ', '--outdir', 'out-target', '--target', 'commodore-64'])
    expect(unknown.code).toBe(64)
    expect(unknown.stderr).toContain('commodore-64')
  })

  test('options of --build need --build; --outfile needs --compile', async () => {
    expect((await runPhicode(['--outdir', 'x', 'app.φ'], { cwd: phi, env: ENV })).code).toBe(64)
    const built = await build(['app.φ', '--outfile', 'x'])
    expect(built.code).toBe(64)
    expect(built.stderr).toContain('--outfile needs --compile')
  })
})
