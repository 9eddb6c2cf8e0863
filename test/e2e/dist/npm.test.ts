/**
 * The npm packages as a user gets them: the `phicode` tarball and this machine's platform
 * tarball, installed by npm into a fresh project with the registry unreachable, then used the
 * documented ways: the bunfig preload, Bun.build with the plugin, the library and its types,
 * and the `phicode` command through npx, Node and Bun (arguments, stdio, exit, signals), with
 * and without its platform package; `bun add` installs them too.
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { version } from '../../../package.json' with { type: 'json' }
import { hostTarget, packMain, packPlatform } from '../../../build/npm'
import { installTarballs, offlineNpmEnv } from '../../../build/npm/offline'
import { PHICODE } from '../../helpers/binary'
import { ROOT, removeTempDirs, run, tempDir } from './_helpers'
import { BUN } from '../../helpers/root'

const TSC = join(ROOT, 'node_modules/.bin/tsc')
const musl = process.platform === 'linux' &&
  !(process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime
/** Named here from the platform, not by the build code: the package npm must have picked. */
const HOST_PACKAGE = `@phicode/${process.platform}-${process.arch}${musl ? '-musl' : ''}`

// Every test starts real processes (npm, node, bun, tsc) on a machine shared with other work.
setDefaultTimeout(30_000)

let dir = ''
/** Both tarballs installed. */
let app = ''
/** Only `phicode`, as `npm install --omit=optional` leaves it. */
let bare = ''
/** The packed `phicode` and this platform's package. */
let tarballs: string[] = []
/** Node's npm and npx on PATH, no bun; the registry unreachable and never asked. */
let env: Record<string, string> = {}

const write = (path: string, text: string): void => {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
}

beforeAll(async () => {
  dir = tempDir('npm')
  const packed = join(dir, 'tarballs')
  mkdirSync(packed)
  tarballs = await Promise.all([packMain(packed), packPlatform(hostTarget(), PHICODE, packed)])
  env = offlineNpmEnv(dir)
  app = join(dir, 'app')
  bare = join(dir, 'bare')
  await Promise.all([installTarballs(app, tarballs, env), installTarballs(bare, [tarballs[0]!], env)])

  write(join(app, 'greet.φ'), [
    'export ƒ greet(name: string): string {',
    '  ¿ (name.length ≡ 0) { ⟲ "hello, nobody" }',
    '  ⟲ `hello, ${name}`',
    '}',
    '',
  ].join('\n'))
  write(join(app, 'main.ts'), 'import { greet } from "./greet.φ"\nconsole.log(greet("npm"), greet(""))\n')
  write(join(app, 'echo.φ'), [
    '⇒ { readFileSync } ← "node:fs"',
    'const input = readFileSync(0, "utf8")',
    'π(JSON.stringify({ args: process.argv.slice(2), input: input.toUpperCase() }))',
    'process.exitCode = 3',
    '',
  ].join('\n'))
  write(join(app, 'wait.φ'), [
    '∀ (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {',
    '  process.on(signal, () => { π(`got ${signal}`); process.exit(7) })',
    '}',
    '// Lives until its stdin closes: it never outlives the test, even one that failed.',
    'process.stdin.on("end", () => process.exit(0))',
    'process.stdin.resume()',
    'π("ready")',
    '',
  ].join('\n'))
  write(join(app, 'die.φ'), 'const pid: number = process.pid\nprocess.kill(pid, "SIGKILL")\n')
}, 180_000)

afterAll(removeTempDirs)

describe('npm install from the tarballs alone', () => {
  test('installs phicode and this platform\'s package, nothing from a registry, no other platform', () => {
    expect(readdirSync(join(app, 'node_modules/@phicode'))).toEqual([HOST_PACKAGE.slice('@phicode/'.length)])
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8'))
    const resolved = Object.entries(lock.packages).filter(([path]) => path !== '').map(([, p]: [string, any]) => p.resolved)
    expect(resolved).toHaveLength(2)
    for (const from of resolved) expect(from).toMatch(/^file:.*\.tgz$/)
  })

  test('phicode names every platform package at its own version, and the platform package says where it runs', () => {
    const main = JSON.parse(readFileSync(join(app, 'node_modules/phicode/package.json'), 'utf8'))
    expect(main.version).toBe(version)
    expect(main.optionalDependencies).toEqual(Object.fromEntries([
      'linux-x64', 'linux-arm64', 'linux-x64-musl', 'linux-arm64-musl', 'darwin-x64', 'darwin-arm64', 'win32-x64',
    ].map((name) => [`@phicode/${name}`, version])))
    const platform = JSON.parse(readFileSync(join(app, 'node_modules', HOST_PACKAGE, 'package.json'), 'utf8'))
    expect(platform).toMatchObject({ name: HOST_PACKAGE, version, os: [process.platform], cpu: [process.arch] })
    if (process.platform === 'linux') expect(platform.libc).toEqual([musl ? 'musl' : 'glibc'])
  })
})

describe('phicode/register and phicode/plugin on plain Bun', () => {
  test('bun run with the preload in bunfig.toml imports a φ module', async () => {
    const project = join(app, 'preloaded')
    write(join(project, 'bunfig.toml'), 'preload = ["phicode/register"]\n')
    write(join(project, 'app.ts'), 'import { greet } from "../greet.φ"\nconsole.log(greet("preload"))\n')
    const ran = await run([BUN, 'run', 'app.ts'], { cwd: project, env })
    expect(ran).toEqual({ code: 0, stdout: 'hello, preload\n', stderr: '' })
  })

  test('Bun.build with the plugin bundles a φ entry and TypeScript importing φ into bundles that run without phicode', async () => {
    write(join(app, 'entry.φ'), '⇒ { greet } ← "./greet.φ"\nπ(greet("entry"))\n')
    write(join(app, 'build.ts'), [
      'import { phicodePlugin } from "phicode/plugin"',
      'const entrypoints = ["./main.ts", "./entry.φ"]',
      'const result = await Bun.build({ entrypoints, outdir: "./out", target: "bun", plugins: [phicodePlugin()] })',
      'if (!result.success) throw new AggregateError(result.logs, "build failed")',
      '',
    ].join('\n'))
    const built = await run([BUN, 'build.ts'], { cwd: app, env })
    expect(built).toEqual({ code: 0, stdout: '', stderr: '' })

    const elsewhere = tempDir('npm-bundle')
    const printed = { 'main.js': 'hello, npm hello, nobody\n', 'entry.js': 'hello, entry\n' }
    for (const [bundle, stdout] of Object.entries(printed)) {
      writeFileSync(join(elsewhere, bundle), readFileSync(join(app, 'out', bundle)))
      expect(await run([BUN, join(elsewhere, bundle)], { cwd: elsewhere, env })).toEqual({ code: 0, stdout, stderr: '' })
    }
  })

  test('the library converts both ways on Bun, and tells Node it needs Bun', async () => {
    write(join(app, 'lib.ts'), [
      'import { toPhicode, transpile } from "phicode"',
      'console.log(transpile("ƒ f() { ⟲ 1 }", { dialect: "typescript" }))',
      'console.log(toPhicode("function f() { return 1 }", { dialect: "typescript" }))',
      '',
    ].join('\n'))
    expect(await run([BUN, 'lib.ts'], { cwd: app, env })).toEqual({
      code: 0, stdout: 'function f() { return 1 }\nƒ f() { ⟲ 1 }\n', stderr: '',
    })
    const fromNode = await run(['node', '-e', 'import("phicode").catch((e) => console.log(e.message))'], { cwd: app, env })
    expect(fromNode.stdout).toBe('phicode: the library (phicode, phicode/plugin, phicode/register) runs on Bun; from Node, use the command: npx phicode\n')
  })

  test('the entry points carry types: tsc checks a program against them', async () => {
    write(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ESNext', module: 'Preserve', moduleResolution: 'bundler', strict: true, noEmit: true,
        types: ['bun-types'], typeRoots: [join(ROOT, 'node_modules')],
      },
      files: ['typed.ts'],
    }))
    write(join(app, 'typed.ts'), [
      'import { loadConfig, transpile, type PhicodeConfig } from "phicode"',
      'import { phicodePlugin } from "phicode/plugin"',
      'import "phicode/register"',
      'const plugin: import("bun").BunPlugin = phicodePlugin({ extensions: [".phx"] })',
      'const extension: PhicodeConfig["file_extension"] = loadConfig(".").config.file_extension',
      'const wrong: number = transpile("π(1)")',
      'console.log(plugin, extension, wrong)',
      '',
    ].join('\n'))
    const checked = await run([TSC, '-p', '.'], { cwd: app, env })
    expect(checked.stdout).toBe("typed.ts(6,7): error TS2322: Type 'string' is not assignable to type 'number'.\n")
    expect(checked.code).not.toBe(0)
  })
})

/** The launcher as each runtime runs it: npx, the .bin link (its `#!/usr/bin/env node`), and Bun. */
const LAUNCHES: Record<string, () => string[]> = {
  npx: () => ['npx', 'phicode'],
  node: () => [join(app, 'node_modules/.bin/phicode')],
  bun: () => [BUN, join(app, 'node_modules/.bin/phicode')],
}
const launched = (launch: string, ...args: string[]): string[] => [...LAUNCHES[launch]!(), ...args]

/** Programs that wait for a signal, each holding the write end of its stdin. */
const waiting: Bun.Subprocess<'pipe', 'pipe', 'pipe'>[] = []

const startWaiting = (cmd: string[]): Bun.Subprocess<'pipe', 'pipe', 'pipe'> => {
  const proc = Bun.spawn(cmd, { cwd: app, env, stdin: 'pipe', stdout: 'pipe', stderr: 'pipe' })
  waiting.push(proc)
  return proc
}

afterEach(() => {
  for (const proc of waiting.splice(0)) proc.stdin.end()
})

/** Reads `stream` until it has printed `ready\n`, then the rest after `act` ran. */
async function readAround(stream: ReadableStream<Uint8Array>, act: () => void): Promise<{ before: string; after: string }> {
  const reader = stream.getReader()
  const decoder = new TextDecoder()
  let before = ''
  while (!before.endsWith('ready\n')) {
    const chunk = await reader.read()
    if (chunk.done) return { before, after: '' }
    before += decoder.decode(chunk.value, { stream: true })
  }
  act()
  let after = ''
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) after += decoder.decode(chunk.value, { stream: true })
  return { before, after }
}

describe.each(Object.keys(LAUNCHES))('the phicode command (%s)', (launch) => {
  test('runs a φ program with its arguments, stdin, stdout and exit code', async () => {
    const ran = await run(launched(launch, 'echo.φ', 'a b', '', 'ü $HOME', '*'), { cwd: app, env, stdin: 'héllo\n' })
    expect(ran).toEqual({ code: 3, stdout: '{"args":["a b","","ü $HOME","*"],"input":"HÉLLO\\n"}\n', stderr: '' })
  })

  test('a .env in the working directory does not reach the executable\'s own settings', async () => {
    const project = join(app, 'hostile')
    write(join(project, '.env'), `PHICODE_HOME=${join(project, 'planted')}\n`)
    const ran = await run(launched(launch, '--security-status', '--json'), { cwd: project, env })
    expect(ran.code).toBe(0)
    expect(JSON.parse(ran.stdout).engine.install_path).toBe(join(env.HOME!, '.phicode/bin/phimmuno-engine'))
  })
})

// Not through npx: npm exec stands between, and both are its to translate.
describe.each(['node', 'bun'])('signals and the phicode command (%s)', (launch) => {
  test('dies of the signal that killed the program', async () => {
    const proc = Bun.spawn(launched(launch, 'die.φ'), { cwd: app, env, stdout: 'ignore', stderr: 'ignore' })
    await proc.exited
    expect(proc.signalCode).toBe('SIGKILL')
  })

  test.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s reaches the program, and its exit is the command\'s', async (signal) => {
    const proc = startWaiting(launched(launch, 'wait.φ'))
    const printed = await readAround(proc.stdout, () => proc.kill(signal))
    expect({ ...printed, code: await proc.exited, stderr: await new Response(proc.stderr).text() })
      .toEqual({ before: 'ready\n', after: `got ${signal}\n`, code: 7, stderr: '' })
  })
})

test('on Bun the launcher execs: the process it started as is the binary itself, no parent left', async () => {
  const proc = startWaiting(launched('bun', 'wait.φ'))
  let running = ''
  await readAround(proc.stdout, () => {
    running = readlinkSync(`/proc/${proc.pid}/exe`)
    proc.kill('SIGTERM')
  })
  await proc.exited
  expect(running).toBe(join(app, 'node_modules', HOST_PACKAGE, 'bin', 'phicode'))
})

test('bun add installs from the tarballs too, and bunx runs the command on Bun', async () => {
  const project = tempDir('npm-bun-add')
  write(join(project, 'package.json'), '{ "name": "app", "private": true }\n')
  // The unreachable registry only warns: it is asked about the other platforms' packages.
  write(join(project, 'bunfig.toml'), '[install]\nregistry = "http://127.0.0.1:9/"\n')
  const added = await run([BUN, 'add', ...tarballs], { cwd: project, env: { ...env, BUN_INSTALL_CACHE_DIR: join(project, '.cache') } })
  expect(added.code).toBe(0)
  expect(readdirSync(join(project, 'node_modules/@phicode'))).toEqual([HOST_PACKAGE.slice('@phicode/'.length)])
  write(join(project, 'hello.φ'), 'const who: string = "bunx"\nπ(`hello, ${who}`)\n')
  expect(await run([BUN, 'x', '--bun', 'phicode', 'hello.φ'], { cwd: project, env })).toEqual({ code: 0, stdout: 'hello, bunx\n', stderr: '' })
})

test('without the platform package, the command says which package is missing and how to get it', async () => {
  const ran = await run(['npx', 'phicode', '--version'], { cwd: bare, env })
  expect(ran.stdout).toBe('')
  expect(ran.stderr.split('\n')[0]).toBe(
    `phicode: the executable for this platform is not installed: ${HOST_PACKAGE}@${version} (an optional dependency of phicode).`,
  )
  expect(ran.stderr).toContain('--omit=optional')
  expect(ran.stderr).toContain(`npm install ${HOST_PACKAGE}@${version}`)
  expect(ran.code).toBe(69)

  // A node_modules installed on another system holds that system's package instead.
  const other = HOST_PACKAGE === '@phicode/darwin-arm64' ? '@phicode/linux-x64' : '@phicode/darwin-arm64'
  write(join(bare, 'node_modules', other, 'package.json'), `{ "name": "${other}", "version": "${version}" }\n`)
  write(join(bare, 'node_modules', other, 'bin', 'phicode'), '')
  const copied = await run(['npx', 'phicode', '--version'], { cwd: bare, env })
  expect(copied.stderr.trimEnd().split('\n').at(-1)).toBe(`Installed instead: ${other}, for another platform.`)
  expect(copied.code).toBe(69)
})
