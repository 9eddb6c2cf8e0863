import { existsSync, lstatSync, mkdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'bun:test'
import { interpreterPaths, viewArgs, type View } from '../../../src/server/sandbox/_view'
import { tempDir } from '../../helpers/tmp'

// bubblewrap's command line for one execution, written out by hand from its manual (bwrap(1))
// and the promises of docs/api.md: namespaces, read-only system, private /tmp, own directory.

/** How this host's system directories are bound: a symlink as a symlink, a directory read-only, a missing one not at all. */
function hostSystem(): string[] {
  const out: string[] = []
  for (const path of ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    if (!existsSync(path)) continue
    out.push(...(lstatSync(path).isSymbolicLink() ? ['--symlink', readlinkSync(path), path] : ['--ro-bind', path, path]))
  }
  return out
}

const ETC = [
  '/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/ld.so.conf.d', '/etc/localtime', '/etc/alternatives',
  '/etc/nsswitch.conf', '/etc/hosts', '/etc/resolv.conf', '/etc/ssl', '/etc/ca-certificates', '/etc/pki',
].flatMap((p) => ['--ro-bind-try', p, p])

const HEAD = ['/bw', '--die-with-parent', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--hostname', 'sandbox']
const TMP = ['--perms', '1777', '--tmpfs', '/tmp', '--dev', '/dev', '--proc', '/proc']

const view = (over: Partial<View>): View => ({ dir: '/tmp/w/exec-1', home: '/tmp/w/home', readOnly: [], network: false, userNamespace: false, ...over })

describe('viewArgs', () => {
  test('a cold execution as root, no network: the whole command line', () => {
    expect(viewArgs('/bw', view({}))).toStrictEqual([
      ...HEAD, '--unshare-net', ...hostSystem(), ...ETC, ...TMP,
      '--perms', '0755', '--dir', '/tmp/w',
      '--ro-bind', '/tmp/w/home', '/tmp/w/home',
      '--bind', '/tmp/w/exec-1', '/tmp/w/exec-1', '--chdir', '/tmp/w/exec-1', '--',
    ])
  })

  test('not root: a user namespace; the host network kept when asked for', () => {
    expect(viewArgs('/bw', view({ userNamespace: true, network: true })).slice(0, 8)).toStrictEqual([...HEAD, '--unshare-user'])
    expect(viewArgs('/bw', view({ userNamespace: true, network: true }))).not.toContain('--unshare-net')
    expect(viewArgs('/bw', view({ userNamespace: true })).slice(0, 9)).toStrictEqual([...HEAD, '--unshare-user', '--unshare-net'])
    expect(viewArgs('/bw', view({}))).not.toContain('--unshare-user')
  })

  test('a warm slot: only its capabilities, an empty tmpfs as its directory, made before the home it holds, and / as working directory', () => {
    const args = viewArgs('/bw', view({ warm: { caps: ['CAP_A', 'CAP_B'] }, dir: '/srv/x/work', home: '/srv/x/work/home' }))
    expect(args).toStrictEqual([
      ...HEAD, '--unshare-net', '--cap-drop', 'ALL', '--cap-add', 'CAP_A', '--cap-add', 'CAP_B', ...hostSystem(), ...ETC, ...TMP,
      '--perms', '0755', '--dir', '/srv', '--perms', '0755', '--dir', '/srv/x',
      '--perms', '0755', '--tmpfs', '/srv/x/work',
      '--ro-bind', '/srv/x/work/home', '/srv/x/work/home',
      '--chdir', '/', '--',
    ])
  })

  test('read-only paths: each existing one once, below every missing parent made 0755 once; system paths, / and missing paths left out', () => {
    const root = tempDir('phicode-view-')
    const a = join(root, 'deep', 'a')
    const b = join(root, 'deep', 'b')
    mkdirSync(a, { recursive: true })
    mkdirSync(b)
    const args = viewArgs('/bw', view({ readOnly: [a, '/usr/bin', '/', '/usrx-missing', join(root, 'missing'), b, a, '/usr'], dir: join(root, 'exec'), home: join(root, 'deep', 'home') }))
    const tail = args.slice(args.indexOf('/proc', args.indexOf('--proc')) + 1)
    const dirs: string[] = []
    for (let d = join(root, 'deep'); d !== '/' && d !== '/tmp'; d = join(d, '..')) dirs.unshift(d)
    expect(tail).toStrictEqual([
      ...dirs.flatMap((d) => ['--perms', '0755', '--dir', d]),
      '--ro-bind', a, a,
      '--ro-bind', b, b,
      '--ro-bind', join(root, 'deep', 'home'), join(root, 'deep', 'home'),
      '--bind', join(root, 'exec'), join(root, 'exec'), '--chdir', join(root, 'exec'), '--',
    ])
  })
})

describe('interpreterPaths', () => {
  test('the prefix as named and as resolved through symlinks', () => {
    const root = tempDir('phicode-view-')
    mkdirSync(join(root, 'real', 'bin'), { recursive: true })
    mkdirSync(join(root, 'named', 'bin'), { recursive: true })
    writeFileSync(join(root, 'real', 'bin', 'python3.12'), '')
    symlinkSync(join(root, 'real', 'bin', 'python3.12'), join(root, 'named', 'bin', 'python'))
    expect(interpreterPaths(join(root, 'named', 'bin', 'python'))).toStrictEqual([join(root, 'named'), join(root, 'real')])
  })

  test('a dangling path: only as named', () => {
    const root = tempDir('phicode-view-')
    expect(interpreterPaths(join(root, 'gone', 'bin', 'python'))).toStrictEqual([join(root, 'gone')])
  })
})
