import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'bun:test'
import { PhicodeError } from '../../../src/errors'
import type { SlotGroups } from '../../../src/server/sandbox/_cgroup'
import { processesWithMarker, tasksOf } from '../../../src/server/sandbox/_procs'
import { removeTree } from '../../../src/server/sandbox/_remove'
import { requireSearchable, SYSTEM_PATH } from '../../../src/server/sandbox/_setup'
import { detectSandbox, sandboxTools } from '../../../src/server/sandbox/detect'
import { describeIsolation, detectIsolation, readOnlyPaths } from '../../../src/server/sandbox/isolation'
import { dropTo } from '../../../src/server/sandbox/uid'
import type { ServerOptions } from '../../../src/server/types'
import { required } from '../../helpers/prerequisites'
import { ROOT } from '../../helpers/root'
import { tempDir } from '../../helpers/tmp'

// What the sandbox finds on this host and says about it, with the texts of docs/api.md
// ("What the sandbox could not give") written out by hand. Linux, as root (CI).

if (process.platform !== 'linux' || process.getuid?.() !== 0) throw new Error('test/unit/server/sandbox-isolation.test.ts must run on Linux as root (CI does)')
const BWRAP = required('bwrap')

const groups = (version: 'v1' | 'v2') => ({ version }) as SlotGroups
const ALL = { bwrap: '/b', hostNetwork: false, userNamespace: false, groups: groups('v2') }

describe('describeIsolation', () => {
  test('everything given', () => {
    expect(describeIsolation(ALL, true)).toStrictEqual({ network: 'none', filesystem: 'private', memory: 'cgroup', cgroup: 'v2', uid_per_slot: true, missing: [] })
    expect(describeIsolation({ ...ALL, groups: groups('v1') }, true).cgroup).toBe('v1')
  })

  test('the host network when opted in', () => {
    expect(describeIsolation({ ...ALL, hostNetwork: true }, true)).toMatchObject({ network: 'host', filesystem: 'private', missing: [] })
  })

  test('nothing given on Linux: each missing protection in words', () => {
    expect(describeIsolation({ bwrap: undefined, hostNetwork: false, userNamespace: true, groups: undefined }, false)).toStrictEqual({
      network: 'host',
      filesystem: 'host',
      memory: 'python-rlimit',
      cgroup: null,
      uid_per_slot: false,
      missing: [
        'network namespace (bubblewrap missing or namespaces not permitted): executions reach the host network',
        'private filesystem view (same cause): executions see every file the server user can read and share /tmp',
        'memory cgroup (needs root or a delegated cgroup): only Python executions have a memory limit (RLIMIT_AS)',
        'pids cgroup (same cause): the process limit is RLIMIT_NPROC of the execution user',
        'uid per slot (needs root): executions run as the server user and can signal its processes',
      ],
    })
  })
})

describe('describeIsolation on macOS (PHICODE_TEST_PLATFORM=darwin, in a process of its own)', () => {
  test('no namespaces, no cgroups, no RLIMIT_AS: no memory limit at all, each said in words', () => {
    const dir = tempDir('phicode-darwin-')
    writeFileSync(join(dir, 'probe.ts'), `import { describeIsolation, RLIMIT_AS } from ${JSON.stringify(join(ROOT, 'src/server/sandbox/isolation.ts'))}\nconsole.log(JSON.stringify([RLIMIT_AS, describeIsolation({ bwrap: undefined, hostNetwork: false, userNamespace: true, groups: undefined }, false)]))\n`)
    const r = Bun.spawnSync([process.execPath, join(dir, 'probe.ts')], { env: { ...process.env, PHICODE_TEST_PLATFORM: 'darwin' } })
    const mac = `macOS ${process.arch}`
    expect(JSON.parse(r.stdout.toString())).toStrictEqual([false, {
      network: 'host',
      filesystem: 'host',
      memory: 'none',
      cgroup: null,
      uid_per_slot: false,
      missing: [
        `network namespace (Linux namespaces, which ${mac} lacks): executions reach the host network`,
        'private filesystem view (same cause): executions see every file the server user can read and share /tmp',
        `memory limit: ${mac} has no cgroups and does not enforce RLIMIT_AS, so executions have none`,
        `process limit beyond RLIMIT_NPROC of the execution user (no pids cgroup on ${mac})`,
        'uid per slot (needs root): executions run as the server user and can signal its processes',
      ],
    }])
  })
})

describe('detectIsolation', () => {
  const options = (network: boolean, processes: number) => ({ network, limits: { concurrency: 1, memoryBytes: 1 << 26, processes } }) as ServerOptions

  test('as root with bubblewrap: namespaces without a user namespace, slot cgroups with phicode\'s tasks on top', async () => {
    const found = await detectIsolation(options(false, 5))
    try {
      expect([found.bwrap, found.hostNetwork, found.userNamespace, found.groups?.version]).toStrictEqual([BWRAP, false, false, existsSync('/sys/fs/cgroup/cgroup.controllers') ? 'v2' : 'v1'])
      const pids = found.groups!.procsFiles(0).at(-1)!.replace('cgroup.procs', 'pids.max')
      expect(readFileSync(pids, 'utf8').trim()).toBe('37')
    } finally {
      found.groups?.remove()
    }
    const open = await detectIsolation(options(true, 0))
    try {
      expect(open.hostNetwork).toBe(true)
      expect(readFileSync(open.groups!.procsFiles(0).at(-1)!.replace('cgroup.procs', 'pids.max'), 'utf8').trim()).toBe('max')
    } finally {
      open.groups?.remove()
    }
  })
})

describe('readOnlyPaths', () => {
  test('phicode\'s own command (here Bun and this file) and, run from source, its project; then the interpreter\'s prefixes', () => {
    // The command is read once, when the sandbox's modules load: Bun and the test file bun ran first.
    const [bun, main, project, ...rest] = readOnlyPaths(undefined)
    expect([bun, project, rest]).toStrictEqual([process.execPath, ROOT, []])
    expect(main).toMatch(/\/test\/unit\/server\/[^/]+\.test\.ts$/)
    const root = tempDir('phicode-ro-')
    mkdirSync(join(root, 'real', 'bin'), { recursive: true })
    writeFileSync(join(root, 'real', 'bin', 'python3'), '')
    mkdirSync(join(root, 'link', 'bin'), { recursive: true })
    symlinkSync(join(root, 'real', 'bin', 'python3'), join(root, 'link', 'bin', 'python3'))
    const python = { path: join(root, 'link', 'bin', 'python3') } as never
    expect(readOnlyPaths(python)).toStrictEqual([bun!, main!, project!, join(root, 'link'), join(root, 'real')])
  })
})

describe('sandboxTools and detectSandbox', () => {
  test('util-linux\'s setpriv and prlimit, and sh, found on the system paths only', () => {
    expect(sandboxTools()).toStrictEqual({ setpriv: Bun.which('setpriv', { PATH: '/usr/bin:/bin:/usr/sbin:/sbin' })!, prlimit: Bun.which('prlimit', { PATH: '/usr/bin:/bin:/usr/sbin:/sbin' })!, sh: '/bin/sh' })
    expect(sandboxTools()).toBe(sandboxTools())
  })

  test('root: auto is uid; each mode asked for by name is kept', () => {
    expect([detectSandbox('auto'), detectSandbox('uid'), detectSandbox('process-group')]).toStrictEqual(['uid', 'uid', 'process-group'])
  })

  // The probes below run as uid 65534 with this process's environment (a system PATH and their own HOME on top).
  test('an ordinary user: auto is process-group; uid is refused (exit 69) with what it needs', () => {
    const script = `import { detectSandbox } from ${JSON.stringify(join(ROOT, 'src/server/sandbox/detect.ts'))}\nlet uid\ntry { detectSandbox('uid') } catch (e) { uid = [e.message, e.exitCode] }\nconsole.log(JSON.stringify([detectSandbox('auto'), detectSandbox('process-group'), uid]))\n`
    const dir = tempDir('phicode-detect-')
    chmodSync(dir, 0o755)
    writeFileSync(join(dir, 'probe.ts'), script)
    const r = Bun.spawnSync([...dropTo({ setpriv: required('setpriv'), prlimit: '', sh: '' }, 65534), process.execPath, join(dir, 'probe.ts')], { env: { ...process.env, PATH: SYSTEM_PATH.join(':'), HOME: dir } })
    expect(r.stderr.toString()).toBe('')
    expect(JSON.parse(r.stdout.toString())).toStrictEqual(['process-group', 'process-group', ['PHICODE_API_SANDBOX=uid needs Linux, root, and setpriv + prlimit from util-linux', 69]])
  })
})

describe('requireSearchable', () => {
  test('every ancestor passable by others: accepted', () => {
    const dir = tempDir('phicode-search-')
    chmodSync(dir, 0o711)
    mkdirSync(join(dir, 'a'), { mode: 0o701 })
    expect(() => requireSearchable(join(dir, 'a'))).not.toThrow()
  })

  test('a closed ancestor is named, with the way out (exit 77)', () => {
    const dir = tempDir('phicode-search-')
    chmodSync(dir, 0o750)
    mkdirSync(join(dir, 'a'), { mode: 0o755 })
    let error: unknown
    try {
      requireSearchable(join(dir, 'a'))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(PhicodeError)
    expect([(error as PhicodeError).message, (error as PhicodeError).exitCode]).toStrictEqual([`${dir} cannot be entered by other users, so sandboxed executions could not reach their directory; set TMPDIR to a directory such as /tmp`, 77])
  })
})

describe('reachablePython', () => {
  const system = '/usr/bin/python3'
  if (!existsSync(system)) throw new Error('/usr/bin/python3 is missing: this test needs the system Python and does not skip')

  /** The Python on the server's PATH, as it names itself. */
  const own = Bun.spawnSync(['python3', '-c', 'import sys; print(sys.executable)']).stdout.toString().trim()
  const systemVersion = Bun.spawnSync([system, '-c', 'import platform; print(platform.python_version())']).stdout.toString().trim()

  /** reachablePython in a process of its own (its warnings are on stderr), with a prefix that runs the check as `as`: root, uid 65534, or never. */
  function probe(as: 'root' | 'nobody' | 'never', env: Record<string, string> = {}): { path: string; stderr: string } {
    const dir = tempDir('phicode-python-')
    chmodSync(dir, 0o755)
    const prefix = as === 'root' ? '[]' : as === 'never' ? "['/bin/false']" : `[${JSON.stringify(required('setpriv'))}, '--reuid=65534', '--regid=65534', '--clear-groups', '--']`
    writeFileSync(join(dir, 'probe.ts'), `import { reachablePython } from ${JSON.stringify(join(ROOT, 'src/server/sandbox/_setup.ts'))}\nconsole.log((await reachablePython(${JSON.stringify(dir)}, () => ${prefix}, ${JSON.stringify(dir)}))?.path)\n`)
    const r = Bun.spawnSync([process.execPath, join(dir, 'probe.ts')], { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env } })
    return { path: r.stdout.toString().trim(), stderr: r.stderr.toString() }
  }

  test('the server\'s own Python when the sandbox can run it, without a word', () => {
    expect(probe('root')).toStrictEqual({ path: own, stderr: '' })
  })

  test('one the sandbox uid cannot run (in a private directory) is passed over for the system\'s, and the server says so', () => {
    const dir = tempDir('phicode-python-')
    chmodSync(dir, 0o755)
    // A private home's Python, as pyenv's under /root: a link to the system's in a 0700 directory.
    mkdirSync(join(dir, 'home', 'bin'), { recursive: true })
    chmodSync(join(dir, 'home'), 0o700)
    const closed = join(dir, 'home', 'bin', 'python3')
    symlinkSync(system, closed)
    expect(probe('root', { PHITON_PATH: closed })).toStrictEqual({ path: closed, stderr: '' })
    const found = probe('nobody', { PHITON_PATH: closed })
    expect(found.path).toBe(system)
    expect(found.stderr).toContain(`Python at ${closed} cannot be run by the sandbox uids; executions use ${system} (${systemVersion})\n`)
  })

  test('none the sandbox can run: the first one found is kept (executions will report it), with a warning', () => {
    const found = probe('never')
    expect(found.path).toBe(own)
    expect(found.stderr).toContain(`Python at ${own} cannot be run inside the sandbox; Python executions will fail\n`)
    expect(found.stderr).not.toContain('executions use')
  })
})

describe('_procs', () => {
  test('processesWithMarker: live processes of the uid with the marker in their environment, never this one', async () => {
    const marker = `PHICODE_EXEC_ID=t${process.pid}x`
    const p = Bun.spawn(['sleep', '60'], { env: { PATH: '/usr/bin:/bin', PHICODE_EXEC_ID: `t${process.pid}x` } })
    const other = Bun.spawn(['sleep', '60'], { env: { PATH: '/usr/bin:/bin', PHICODE_EXEC_ID: `t${process.pid}y` } })
    try {
      while (!readFileSync(`/proc/${p.pid}/environ`, 'latin1').includes(marker)) await Bun.sleep(5)
      expect(processesWithMarker(marker, 0)).toStrictEqual([p.pid])
      expect(processesWithMarker(marker, 65534)).toStrictEqual([])
    } finally {
      p.kill('SIGKILL')
      other.kill('SIGKILL')
    }
  })

  test('tasksOf counts the threads of the uid\'s live processes', async () => {
    const uid = 1_950_000_000 + (process.pid % 1000)
    expect(tasksOf(uid)).toBe(0)
    const p = Bun.spawn(['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', '/usr/bin/python3', '-c', 'import threading, time\nfor _ in range(3): threading.Thread(target=time.sleep, args=(60,), daemon=True).start()\nprint("up", flush=True)\ntime.sleep(60)\n'], { stdout: 'pipe' })
    try {
      await p.stdout.getReader().read()
      expect(tasksOf(uid)).toBe(4)
    } finally {
      p.kill('SIGKILL')
    }
  })
})

describe('removeTree', () => {
  test('removes a tree, closed directories included, as an ordinary user too', () => {
    const dir = tempDir('phicode-remove-')
    chmodSync(dir, 0o777)
    const script = `import { removeTree } from ${JSON.stringify(join(ROOT, 'src/server/sandbox/_remove.ts'))}\nimport { mkdirSync, chmodSync, writeFileSync } from 'node:fs'\nconst t = ${JSON.stringify(join(dir, 'tree'))}\nmkdirSync(t + '/a/b', { recursive: true })\nwriteFileSync(t + '/a/b/f', 'x')\nchmodSync(t + '/a/b', 0)\nchmodSync(t + '/a', 0)\nremoveTree(t)\n`
    writeFileSync(join(dir, 'probe.ts'), script)
    const r = Bun.spawnSync([...dropTo({ setpriv: required('setpriv'), prlimit: '', sh: '' }, 65534), process.execPath, join(dir, 'probe.ts')], { env: { ...process.env, PATH: SYSTEM_PATH.join(':'), HOME: dir } })
    expect(r.stderr.toString()).toBe('')
    expect(readdirSync(dir)).toStrictEqual(['probe.ts'])
    const gone = mkdtempSync(join(dir, 'x-'))
    removeTree(gone)
    removeTree(join(dir, 'never-there'))
    expect(existsSync(gone)).toBe(false)
  })
})

