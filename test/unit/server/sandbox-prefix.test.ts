import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'bun:test'
import { commandPrefix, type Slot, type Wrapping } from '../../../src/server/sandbox/_run'
import type { ServerLimits } from '../../../src/server/types'
import { tempDir } from '../../helpers/tmp'

// The wrapper chain of one execution, written out by hand from prlimit(1), setpriv(1) and the
// cgroup join script's contract: `sh -c JOIN sh N file… command…` writes its pid to each file.

const TOOLS = { prlimit: '/x/prlimit', sh: '/x/sh', setpriv: '/x/setpriv' }
const LIMITS = { fileBytes: 4096 } as ServerLimits
const NONE = { bwrap: undefined, hostNetwork: false, userNamespace: false, groups: undefined }
const JOIN = 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n - 1)); done; exec "$@"'

const wrapping = (over: Partial<Wrapping> = {}): Wrapping => ({ tools: TOOLS, limits: LIMITS, isolation: NONE, readOnly: [], home: '/w/home', ...over })
const slot = (over: Partial<Slot> = {}): Slot => ({ slot: 0, uid: undefined, nproc: 0, dir: '/w/exec', ...over })

describe('commandPrefix', () => {
  test('without the tools (not Linux, or util-linux missing): nothing', () => {
    expect(commandPrefix(wrapping({ tools: undefined }), slot({ uid: 5, nproc: 3 }))).toStrictEqual([])
  })

  test('prlimit alone: the file size and no core dumps', () => {
    expect(commandPrefix(wrapping(), slot())).toStrictEqual(['/x/prlimit', '--fsize=4096', '--core=0', '--'])
  })

  test('no file-size limit is written as unlimited', () => {
    expect(commandPrefix(wrapping({ limits: { fileBytes: 0 } as ServerLimits }), slot())).toStrictEqual(['/x/prlimit', '--fsize=unlimited', '--core=0', '--'])
  })

  test('a process budget gets phicode\'s own 32 tasks on top; a CPU limit in seconds', () => {
    expect(commandPrefix(wrapping(), slot({ nproc: 10, cpuSeconds: 3 }))).toStrictEqual(['/x/prlimit', '--fsize=4096', '--core=0', '--nproc=42', '--cpu=3', '--'])
    expect(commandPrefix(wrapping(), slot({ nproc: 1, cpuSeconds: 0 }))).toStrictEqual(['/x/prlimit', '--fsize=4096', '--core=0', '--nproc=33', '--cpu=0', '--'])
  })

  test('cgroups: the join script with the count of the slot\'s files, then the files', () => {
    const groups = { version: 'v1' as const, procsFiles: (n: number) => [`/g/mem/slot-${n}/cgroup.procs`, `/g/pids/slot-${n}/cgroup.procs`], oomKills: () => 0, awaitEmpty: () => {}, remove: () => {} }
    expect(commandPrefix(wrapping({ isolation: { ...NONE, groups } }), slot({ slot: 2 }))).toStrictEqual([
      '/x/prlimit', '--fsize=4096', '--core=0', '--', '/x/sh', '-c', JOIN, 'sh', '2', '/g/mem/slot-2/cgroup.procs', '/g/pids/slot-2/cgroup.procs',
    ])
  })

  test('bubblewrap: its view of the slot\'s directory after prlimit; setpriv to the slot\'s uid last', () => {
    const args = commandPrefix(wrapping({ isolation: { ...NONE, bwrap: '/x/bwrap', userNamespace: true, hostNetwork: true } }), slot({ uid: 1234, dir: '/w/exec-9', warm: { caps: ['CAP_X'] } }))
    expect(args.slice(0, 5)).toStrictEqual(['/x/prlimit', '--fsize=4096', '--core=0', '--', '/x/bwrap'])
    expect(args).toContain('--unshare-user')
    expect(args).not.toContain('--unshare-net')
    expect(args.join(' ')).toContain('--cap-add CAP_X')
    expect(args.join(' ')).toContain('--tmpfs /w/exec-9')
    expect(args.join(' ')).toContain('--ro-bind /w/home /w/home --chdir / -- /x/setpriv')
    expect(args.slice(-8)).toStrictEqual(['/x/setpriv', '--reuid=1234', '--regid=1234', '--clear-groups', '--no-new-privs', '--inh-caps=-all', '--bounding-set=-all', '--'])
  })

  test('bubblewrap without the host network: a network namespace of its own', () => {
    expect(commandPrefix(wrapping({ isolation: { ...NONE, bwrap: '/x/bwrap' } }), slot())).toContain('--unshare-net')
  })

  test('uid 0 is still dropped to (never skipped as falsy)', () => {
    expect(commandPrefix(wrapping(), slot({ uid: 0 })).slice(4, 6)).toStrictEqual(['/x/setpriv', '--reuid=0'])
  })
})

describe('the cgroup join script, run by a real sh', () => {
  test('writes its own pid (the one that then execs the program) to every file, then runs the command', () => {
    const dir = tempDir('phicode-join-')
    const a = join(dir, 'a')
    const b = join(dir, 'b')
    writeFileSync(a, '')
    writeFileSync(b, '')
    const r = Bun.spawnSync(['/bin/sh', '-c', JOIN, 'sh', '2', a, b, '/bin/sh', '-c', 'echo $$'])
    const pid = r.stdout.toString().trim()
    expect(r.exitCode).toBe(0)
    expect(pid).toMatch(/^\d+$/)
    expect([readFileSync(a, 'utf8'), readFileSync(b, 'utf8')]).toStrictEqual([`${pid}\n`, `${pid}\n`])
  })

  test('a file it cannot write: exit 125 and the command never runs', () => {
    const dir = tempDir('phicode-join-')
    const r = Bun.spawnSync(['/bin/sh', '-c', JOIN, 'sh', '1', join(dir, 'missing', 'cgroup.procs'), '/bin/echo', 'ran'])
    expect(r.exitCode).toBe(125)
    expect(r.stdout.toString()).toBe('')
  })
})
