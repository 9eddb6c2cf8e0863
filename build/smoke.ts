/**
 * The smoke list a release binary must pass on each platform it ships for:
 *   bun build/smoke.ts PATH/TO/phicode[.exe]
 * Run by the release workflow on macOS and Windows runners against the Linux-built artifacts,
 * and by test/e2e/dist/smoke.test.ts here. Where the README's platform table says a feature is
 * not supported, the check is that it exits 69 naming the platform. Prints one line per check
 * and a closing `N passed, N failed`; exits 1 when any failed.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { version } from '../package.json' with { type: 'json' }

const ROOT = resolve(import.meta.dir, '..')

/** The platform whose table column is checked: the host's, or the one the binary is told to follow. */
const PLATFORM = process.env.PHICODE_TEST_PLATFORM ?? process.platform
const WINDOWS = PLATFORM === 'win32'
const PLATFORM_NAME = `${{ linux: 'Linux', darwin: 'macOS', win32: 'Windows' }[PLATFORM] ?? PLATFORM} ${process.arch}`

interface Ran {
  code: number | null
  stdout: string
  stderr: string
}

interface Smoke {
  binary: string
  dir: string
  env: Record<string, string>
}

async function phicode(s: Smoke, args: string[], options: { cwd?: string; stdin?: string } = {}): Promise<Ran> {
  const proc = Bun.spawn([s.binary, ...args], {
    cwd: options.cwd ?? s.dir,
    env: s.env,
    stdin: options.stdin === undefined ? 'ignore' : new Blob([options.stdin]),
    stdout: 'pipe',
    stderr: 'pipe',
    timeout: 60_000,
  })
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
  return { code, stdout: stdout.replaceAll('\r\n', '\n'), stderr: stderr.replaceAll('\r\n', '\n') }
}

function expectRan(r: Ran, code: number, stdout: string): void {
  if (r.code !== code || r.stdout !== stdout) {
    throw new Error(`expected exit ${code} and ${JSON.stringify(stdout)}, got exit ${r.code} and ${JSON.stringify(r.stdout)}; stderr: ${r.stderr.trim()}`)
  }
}

function expectUnsupported(r: Ran, feature: string): void {
  const line = `phicode: error: ${feature} is not supported on ${PLATFORM_NAME}: `
  if (r.code !== 69 || !r.stderr.startsWith(line)) throw new Error(`expected exit 69 and "${line}…", got exit ${r.code}: ${r.stderr.trim()}`)
}

/** The binary's API server on a free loopback port, until `stop`. */
async function apiServer(s: Smoke): Promise<{ url: string; stop: () => Promise<void> }> {
  const proc = Bun.spawn([s.binary, '--api-server', '--api-port', '0', '--bypass'], {
    cwd: s.dir,
    env: { ...s.env, PHICODE_API_SANDBOX: 'process-group' },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const stop = async () => {
    proc.kill('SIGTERM')
    await proc.exited
  }
  let text = ''
  const decoder = new TextDecoder()
  for await (const chunk of proc.stdout) {
    text += decoder.decode(chunk)
    const url = /listening on (http:\/\/\S+)/.exec(text)?.[1]
    if (url) return { url, stop }
  }
  await stop()
  throw new Error(`the API server did not start: ${text}${await new Response(proc.stderr).text()}`)
}

async function execute(url: string, type: string, code: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/execute`, { method: 'POST', body: JSON.stringify({ code, type, timeout_ms: 30_000 }) })
  return (await res.json()) as Record<string, unknown>
}

const CHECKS: [string, (s: Smoke) => Promise<void>][] = [
  ['version', async (s) => {
    const r = await phicode(s, ['--version', '--json'])
    const host = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`
    const build = JSON.parse(r.stdout) as { version: string; target: string }
    if (build.version !== version || !build.target.startsWith(host)) throw new Error(`built as ${r.stdout.trim()}, expected ${version} for ${host}`)
  }],
  ['convert φ to Python from stdin', async (s) => {
    expectRan(await phicode(s, ['--convert', '-', '--to', 'python', '--dialect', 'python'], { stdin: 'ƒ test(): ⟲ 42\n' }), 0, 'def test(): return 42\n')
  }],
  ['φ-TypeScript with an npm package', async (s) => {
    expectRan(await phicode(s, ['main.φ']), 0, '1m 7200000\n')
  }],
  ['φ-TypeScript saved by a Windows editor (BOM, CRLF)', async (s) => {
    expectRan(await phicode(s, ['windows.φ']), 0, '42\n')
  }],
  ['cache hit on the second run', async (s) => {
    expectRan(await phicode(s, ['main.φ']), 0, '1m 7200000\n')
    // The second run takes its modules from the graph the first one walked (the resolution layer).
    const stats = JSON.parse((await phicode(s, ['--cache-stats', '--json'])).stdout) as { layers: { resolution: { hits: number } } }
    if (stats.layers.resolution.hits < 1) throw new Error(`no resolution-layer hit: ${JSON.stringify(stats.layers)}`)
  }],
  ['φ-Python', async (s) => {
    const r = await phicode(s, ['twice.φ'])
    if (WINDOWS) expectUnsupported(r, 'φ-Python')
    else expectRan(r, 0, '42\n')
  }],
  ['API /execute of TypeScript and Python', async (s) => {
    const server = await apiServer(s)
    try {
      const ts = await execute(server.url, 'typescript', 'console.log(6 * 7)\n')
      if (ts.output !== '42\n' || ts.success !== true) throw new Error(`TypeScript: ${JSON.stringify(ts)}`)
      const py = await execute(server.url, 'python', 'print(6 * 7)\n')
      const pyOk = WINDOWS ? py.exit_code === 69 && String(py.stderr).includes(`not supported on ${PLATFORM_NAME}`) : py.output === '42\n' && py.success === true
      if (!pyOk) throw new Error(`Python: ${JSON.stringify(py)}`)
    } finally {
      await server.stop()
    }
  }],
  ['Phiemon start, list, stop', async (s) => {
    const started = await phicode(s, ['--phiemon', '--name', 'smoke', 'idle.φ'])
    if (WINDOWS) return expectUnsupported(started, 'Phiemon')
    try {
      if (started.code !== 0) throw new Error(`start: exit ${started.code}: ${started.stderr.trim()}`)
      const listed = JSON.parse((await phicode(s, ['--phiemon-list', '--json'])).stdout) as { name: string; status: string }[]
      if (listed.find((d) => d.name === 'smoke')?.status !== 'running') throw new Error(`not running: ${JSON.stringify(listed)}`)
    } finally {
      expectRan(await phicode(s, ['--phiemon-stop', 'smoke']), 0, 'stopped smoke\n')
      expectRan(await phicode(s, ['--phiemon-delete', 'smoke']), 0, 'deleted smoke\n')
    }
  }],
]

/** A project with a real npm package (`ms`, copied from this repository's node_modules) and the φ files the checks run. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phicode-smoke-'))
  writeFileSync(join(dir, 'package.json'), '{ "name": "smoke", "private": true, "type": "module", "dependencies": { "ms": "2.1.3" } }\n')
  cpSync(join(ROOT, 'node_modules', 'ms'), join(dir, 'node_modules', 'ms'), { recursive: true })
  writeFileSync(join(dir, 'main.φ'), '// phicode: typescript\nimport ms from \'ms\'\nπ(ms(60_000), ms(\'2h\'))\n')
  writeFileSync(join(dir, 'windows.φ'), '\uFEFF// phicode: typescript\r\nƒ answer() {\r\n  ⟲ 6 * 7\r\n}\r\nπ(answer())\r\n')
  writeFileSync(join(dir, 'idle.φ'), '// phicode: typescript\nsetInterval(() => {}, 1000)\n')
  writeFileSync(join(dir, 'twice.φ'), '# phicode: python\nƒ twice(x):\n    ⟲ x * 2\nπ(twice(21))\n')
  return dir
}

export async function smoke(binary: string, log: (line: string) => void = console.log): Promise<number> {
  const dir = project()
  const env: Record<string, string> = { ...(process.env as Record<string, string>), NO_COLOR: '1', PHICODE_HOME: join(dir, '.phicode-home') }
  let failed = 0
  try {
    for (const [name, check] of CHECKS) {
      try {
        await check({ binary: resolve(binary), dir, env })
        log(`ok    ${name}`)
      } catch (error) {
        failed++
        log(`FAIL  ${name}: ${(error as Error).message}`)
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  log(`${CHECKS.length - failed} passed, ${failed} failed`)
  return failed
}

if (import.meta.main) {
  const binary = process.argv[2]
  if (!binary) {
    console.error('usage: bun build/smoke.ts PATH/TO/phicode')
    process.exit(64)
  }
  process.exitCode = (await smoke(binary)) > 0 ? 1 : 0
}
