import { afterAll, describe, expect, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { get, post, startServer, stopAllServers } from '../../helpers/api'
import { runPhicode } from '../../helpers/binary'
import { tempDir } from '../../helpers/tmp'

/**
 * The README's platform table, cell by cell, through the binary: PHICODE_TEST_PLATFORM makes it
 * follow macOS's or Windows's rules here, and the guard itself runs. Every "not supported" cell
 * exits 69 with one line naming the feature and the platform.
 */
const arch = process.arch
const dir = tempDir('phicode-platform-')
writeFileSync(join(dir, 'hello.φ'), '# phicode: python\nπ("hello from python")\n')
writeFileSync(join(dir, 'plain.py'), 'print("plain")\n')
writeFileSync(join(dir, 'hello-ts.φ'), '// phicode: typescript\nπ("hello from typescript")\n')

const as = (platform: string, args: string[], env: Record<string, string> = {}) =>
  runPhicode(args, { cwd: dir, env: { PHICODE_TEST_PLATFORM: platform, PHICODE_HOME: join(dir, `home-${platform}`), ...env } })

const PYTHON_ON_WINDOWS = `phicode: error: φ-Python is not supported on Windows ${arch}: the Python bootstrap talks to phicode over an inherited socket on fd 3, which Windows cannot hand to a child; run it under WSL\n`

afterAll(stopAllServers)

describe('macOS and Windows', () => {
  test('--workers exits 69 naming the platform, before it listens', async () => {
    for (const [platform, name] of [['darwin', 'macOS'], ['win32', 'Windows']]) {
      const r = await as(platform!, ['--api-server', '--api-port', '0', '--workers', '2'])
      expect(r).toEqual({
        code: 69,
        stdout: '',
        stderr: `phicode: error: --workers is not supported on ${name} ${arch}: the workers share the port through SO_REUSEPORT, which only Linux balances; run one phicode --api-server per port behind a load balancer (docs/deploy.md)\n`,
      })
    }
  })
})

describe('Windows', () => {
  test('φ-Python and plain Python entries exit 69 naming the platform, and run nothing', async () => {
    for (const entry of ['hello.φ', 'plain.py']) {
      expect(await as('win32', [entry])).toEqual({ code: 69, stdout: '', stderr: PYTHON_ON_WINDOWS })
    }
  })

  test('without any Python on PATH the reason is the same: the guard comes before the interpreter search', async () => {
    expect(await as('win32', ['hello.φ'], { PATH: tempDir('phicode-no-python-') })).toEqual({ code: 69, stdout: '', stderr: PYTHON_ON_WINDOWS })
  })

  test('φ-TypeScript runs (the portable core)', async () => {
    expect(await as('win32', ['hello-ts.φ'])).toEqual({ code: 0, stdout: 'hello from typescript\n', stderr: '' })
  })

  test('Phiemon exits 69 naming the platform, and starts nothing', async () => {
    const r = await as('win32', ['--phiemon', '--name', 'never', 'hello-ts.φ'])
    expect(r).toEqual({
      code: 69,
      stdout: '',
      stderr: `phicode: error: Phiemon is not supported on Windows ${arch}: it stops and restarts apps by process group and POSIX signals, which Windows lacks; run it under WSL, or use a Windows service manager\n`,
    })
    expect(await as('linux', ['--phiemon-list', '--json'], { PHICODE_HOME: join(dir, 'home-win32') })).toMatchObject({ code: 0, stdout: '[]\n' })
  })

  test('the API serves TypeScript; a timeout ends the execution without process groups; Python executions say why not', async () => {
    const s = await startServer({ args: ['--bypass'], env: { PHICODE_TEST_PLATFORM: 'win32', PHICODE_API_SANDBOX: 'process-group' } })
    const ts = await post(s.url, '/execute', { code: 'console.log(6 * 7)\n', type: 'typescript', timeout_ms: 10_000 })
    expect(ts.body).toMatchObject({ success: true, output: '42\n' })
    const spin = await post(s.url, '/execute', { code: 'console.log("spinning"); for (;;) {}\n', type: 'typescript', timeout_ms: 1500 })
    expect(spin.body).toMatchObject({ success: false, timed_out: true, output: 'spinning\n', signal: 'SIGKILL' })
    const py = await post(s.url, '/execute', { code: 'print(1)\n', type: 'python', timeout_ms: 10_000 })
    expect(py.body).toMatchObject({ success: false, exit_code: 69, output: '', stderr: PYTHON_ON_WINDOWS })
    expect(await s.stop()).toBe(0)
  }, 30_000)
})

describe('macOS', () => {
  test('φ-Python runs', async () => {
    expect(await as('darwin', ['hello.φ'])).toEqual({ code: 0, stdout: 'hello from python\n', stderr: '' })
  })

  test('API: no namespaces, cgroups or RLIMIT_AS, each reported naming macOS; Python executes without an address-space cap', async () => {
    const s = await startServer({ args: ['--bypass'], env: { PHICODE_TEST_PLATFORM: 'darwin', PHICODE_API_SANDBOX: 'process-group' } })
    const iso = (await get(s.url, '/info')).body.isolation
    expect(iso).toMatchObject({ network: 'host', filesystem: 'host', memory: 'none', cgroup: null })
    expect(iso.missing).toContain(`network namespace (Linux namespaces, which macOS ${arch} lacks): executions reach the host network`)
    expect(iso.missing).toContain(`memory limit: macOS ${arch} has no cgroups and does not enforce RLIMIT_AS, so executions have none`)
    // RLIMIT_NPROC stays the server's: without /proc the user's tasks cannot be counted, and a cap below them would forbid every fork.
    const NPROC = 'import resource; n = resource.getrlimit(resource.RLIMIT_NPROC)[0]; print("unlimited" if n == resource.RLIM_INFINITY else n)'
    const ulimit = Bun.spawnSync(['python3', '-c', NPROC]).stdout.toString().trim()
    expect(ulimit).toMatch(/^(unlimited|\d+)$/)
    const code = [
      'import resource, subprocess',
      'nproc = resource.getrlimit(resource.RLIMIT_NPROC)[0]',
      'print(resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY, resource.getrlimit(resource.RLIMIT_CPU)[0])',
      'print("unlimited" if nproc == resource.RLIM_INFINITY else nproc, subprocess.run(["true"]).returncode)',
    ].join('\n')
    const py = await post(s.url, '/execute', { code, type: 'python', timeout_ms: 10_000 })
    expect(py.body).toMatchObject({ success: true, output: `True 11\n${ulimit} 0\n` })
    expect(await s.stop()).toBe(0)
  }, 30_000)
})
