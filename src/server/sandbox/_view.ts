import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs'
import { dirname } from 'node:path'

/** What one execution may see of the host, besides the system directories. */
export interface View {
  /** The execution's own directory: its working directory, read-write. */
  dir: string
  /** Read-only: the children's PHICODE_HOME (the interpreter probe cache). */
  home: string
  /** Files and directories the interpreters need, read-only (phicode itself, Python's prefix). */
  readOnly: string[]
  /** Keep the host's network (PHICODE_API_NETWORK=on) instead of a namespace with only `lo`. */
  network: boolean
  /** Not root: bubblewrap gets its namespaces through a user namespace. */
  userNamespace: boolean
  /**
   * A warm slot's view (`_warm.ts`): `dir` is an empty tmpfs instead of a host directory, and
   * the first process keeps these capabilities (and only these) to build each job's view.
   */
  warm?: { caps: string[] }
}

/** The system's programs and libraries; on merged-/usr systems the top-level ones are symlinks. */
const SYSTEM = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']

/** The few files of /etc that dynamic linking, time zones and name resolution read. */
const ETC = [
  '/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/ld.so.conf.d', '/etc/localtime', '/etc/alternatives',
  '/etc/nsswitch.conf', '/etc/hosts', '/etc/resolv.conf', '/etc/ssl', '/etc/ca-certificates', '/etc/pki',
]

function system(path: string): string[] {
  if (!existsSync(path)) return []
  const stat = lstatSync(path)
  if (stat.isSymbolicLink()) return ['--symlink', readlinkSync(path), path]
  return ['--ro-bind', path, path]
}

/**
 * The directory tree an interpreter executable needs: its installation prefix (…/bin/python →
 * …), both as named and with symlinks resolved, so pyenv's versions stay reachable without the
 * rest of the home they live in.
 */
export function interpreterPaths(executable: string): string[] {
  const paths = [dirname(dirname(executable))]
  try {
    paths.push(dirname(dirname(realpathSync(executable))))
  } catch {
    // A dangling path is bound as named; the interpreter check at start-up reports it.
  }
  return paths
}

const covered = (path: string): boolean => SYSTEM.some((s) => path === s || path.startsWith(`${s}/`))

/**
 * bubblewrap's arguments for one execution: new network (unless opted out), mount, PID, IPC and
 * UTS namespaces; the system directories and the interpreters read-only; its own directory
 * read-write; an empty private /tmp; a minimal /dev and a /proc of its own PID namespace.
 */
export function viewArgs(bwrap: string, view: View): string[] {
  const args = [bwrap, '--die-with-parent', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--hostname', 'sandbox']
  if (view.userNamespace) args.push('--unshare-user')
  if (!view.network) args.push('--unshare-net')
  if (view.warm) args.push('--cap-drop', 'ALL', ...view.warm.caps.flatMap((cap) => ['--cap-add', cap]))
  for (const path of SYSTEM) args.push(...system(path))
  for (const path of ETC) args.push('--ro-bind-try', path, path)
  args.push('--perms', '1777', '--tmpfs', '/tmp', '--dev', '/dev', '--proc', '/proc')
  // bubblewrap makes missing parents 0700, which a sandbox uid could not pass through.
  const made = new Set(['/', '/tmp'])
  const parents = (path: string) => {
    const chain: string[] = []
    for (let d = dirname(path); !made.has(d); d = dirname(d)) chain.unshift(d)
    for (const d of chain) {
      made.add(d)
      args.push('--perms', '0755', '--dir', d)
    }
  }
  for (const path of new Set(view.readOnly.filter((p) => !covered(p) && p !== '/'))) {
    if (!existsSync(path)) continue
    parents(path)
    args.push('--ro-bind', path, path)
  }
  if (view.warm) {
    // Before the home it may hold (the server's work directory holds both), or it would hide it.
    parents(view.dir)
    args.push('--perms', '0755', '--tmpfs', view.dir)
    made.add(view.dir)
  }
  parents(view.home)
  args.push('--ro-bind', view.home, view.home)
  if (view.warm) return [...args, '--chdir', '/', '--']
  parents(view.dir)
  args.push('--bind', view.dir, view.dir, '--chdir', view.dir, '--')
  return args
}
