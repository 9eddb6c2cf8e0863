import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Interpreter } from '../../runtime/types'
import { selfCommand } from '../../util/self'
import type { ServerOptions } from '../types'
import { createSlotGroups, type SlotGroups } from './_cgroup'
import { interpreterPaths } from './_view'
import { PLATFORM, platformName } from '../../util/platform'

/** The protections around executions that this host could give, beside the uid per slot. */
export interface Isolation {
  /** bubblewrap, when it can create namespaces here: a private filesystem view and, unless opted out, no network. */
  bwrap: string | undefined
  /** PHICODE_API_NETWORK=on: executions share the host's network. */
  hostNetwork: boolean
  /** Not root: bubblewrap needs a user namespace. */
  userNamespace: boolean
  /** cgroups per slot: a memory ceiling for every language, and a task ceiling. */
  groups: SlotGroups | undefined
}

/** What /info and the start-up log say about the sandbox. */
export interface IsolationReport {
  network: 'none' | 'host'
  filesystem: 'private' | 'host'
  memory: 'cgroup' | 'python-rlimit' | 'none'
  cgroup: 'v1' | 'v2' | null
  uid_per_slot: boolean
  /** Each protection this host could not give, in words. */
  missing: string[]
}

/** macOS does not enforce RLIMIT_AS and Python's setrlimit of it fails there: the address-space cap is Linux's alone. */
export const RLIMIT_AS = PLATFORM === 'linux'

/** Tasks phicode itself (the Bun process that starts the program, with its threads) may use beyond the program's budget. */
export const OWN_TASKS = 32

async function namespacesWork(bwrap: string, userNamespace: boolean): Promise<boolean> {
  const args = [bwrap, ...(userNamespace ? ['--unshare-user'] : []), '--unshare-net', '--unshare-pid', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', 'true']
  const proc = Bun.spawn(args, { stdio: ['ignore', 'ignore', 'ignore'], env: {} })
  return (await proc.exited) === 0
}

export async function detectIsolation(options: ServerOptions): Promise<Isolation> {
  const userNamespace = process.getuid?.() !== 0
  const found = PLATFORM === 'linux' ? Bun.which('bwrap', { PATH: '/usr/bin:/bin:/usr/local/bin' }) : null
  const bwrap = found && (await namespacesWork(found, userNamespace)) ? found : undefined
  const { limits } = options
  const groups = createSlotGroups(limits.concurrency, limits.memoryBytes, limits.processes > 0 ? limits.processes + OWN_TASKS : 0)
  return { bwrap, hostNetwork: options.network, userNamespace, groups }
}

export function describeIsolation(isolation: Isolation, uidPerSlot: boolean): IsolationReport {
  const missing: string[] = []
  if (!isolation.bwrap) {
    const cause = PLATFORM === 'linux' ? 'bubblewrap missing or namespaces not permitted' : `Linux namespaces, which ${platformName()} lacks`
    missing.push(`network namespace (${cause}): executions reach the host network`)
    missing.push('private filesystem view (same cause): executions see every file the server user can read and share /tmp')
  }
  if (!isolation.groups && !RLIMIT_AS) {
    missing.push(`memory limit: ${platformName()} has no cgroups and does not enforce RLIMIT_AS, so executions have none`)
    missing.push(`process limit beyond RLIMIT_NPROC of the execution user (no pids cgroup on ${platformName()})`)
  } else if (!isolation.groups) {
    missing.push('memory cgroup (needs root or a delegated cgroup): only Python executions have a memory limit (RLIMIT_AS)')
    missing.push('pids cgroup (same cause): the process limit is RLIMIT_NPROC of the execution user')
  }
  if (!uidPerSlot) missing.push('uid per slot (needs root): executions run as the server user and can signal its processes')
  return {
    network: isolation.bwrap && !isolation.hostNetwork ? 'none' : 'host',
    filesystem: isolation.bwrap ? 'private' : 'host',
    memory: isolation.groups ? 'cgroup' : RLIMIT_AS ? 'python-rlimit' : 'none',
    cgroup: isolation.groups?.version ?? null,
    uid_per_slot: uidPerSlot,
    missing,
  }
}

/** Where phicode's own files are: the executable, and when run from source its project. */
function selfPaths(): string[] {
  const paths = selfCommand()
  if (paths.length > 1) {
    for (let d = dirname(paths[1]!); dirname(d) !== d; d = dirname(d)) {
      if (existsSync(join(d, 'package.json'))) return [...paths, d]
    }
  }
  return paths
}

/** Files the executions' interpreters need, bound read-only into each view. */
export const readOnlyPaths = (python: Interpreter | undefined): string[] => [...selfPaths(), ...(python ? interpreterPaths(python.path) : [])]
