import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pidExists } from '../../util/proc'
import { PLATFORM } from '../../util/platform'
import { namespaceGone, pidNamespace } from './_procs'

/** One control group per execution slot, limiting memory and tasks of everything run in it. */
export interface SlotGroups {
  readonly version: 'v1' | 'v2'
  /** Files an execution's first process writes its pid to, joining its slot's groups before exec. */
  procsFiles(slot: number): string[]
  /** OOM kills in the slot's group so far: a rise across a run means the run hit its memory limit. */
  oomKills(slot: number): number
  /** Waits up to `ms` until no process is left in any slot's groups (killed ones take a moment to go). */
  awaitEmpty(ms: number): void
  /** Removes the groups (their processes must be gone). */
  remove(): void
}

function awaitEmpty(files: string[], ms: number): void {
  const deadline = performance.now() + ms
  const busy = (file: string) => {
    try {
      return readFileSync(file, 'utf8').trim() !== ''
    } catch {
      return false
    }
  }
  while (performance.now() < deadline && files.some(busy)) Bun.sleepSync(5)
}

const ROOT = '/sys/fs/cgroup'

/** This process's own group in a hierarchy: `controller` for v1, '' for the unified one. */
function ownGroup(controller: string): string | undefined {
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const [, controllers, path] = line.split(':')
    if (controllers === undefined || path === undefined) continue
    if (controller === '' ? line.startsWith('0::') : controllers.split(',').includes(controller)) return path
  }
  return undefined
}

const write = (file: string, value: string): void => writeFileSync(file, value)

function counter(file: string, key: string): number {
  try {
    const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(`${key} `))
    return line ? Number(line.split(' ')[1]) : 0
  } catch {
    return 0
  }
}

function removeAll(dirs: string[]): void {
  for (const dir of dirs.reverse()) {
    try {
      rmdirSync(dir)
    } catch {
      // Still busy or already gone: the kernel keeps an empty group; nothing is leaked but the name.
    }
  }
}

/** Groups a killed server left under `dir` (its pid dead or ours, or its whole PID namespace gone): empty, so they go. */
function removeStale(dir: string, namespace: string): void {
  try {
    for (const name of readdirSync(dir)) {
      // Another namespace's pids cannot be checked from here: its groups stay while it may exist.
      // Groups of this process's own name are a dead one's whose namespace inode and pid came round again.
      const m = /^phicode-(\d+)-(\d+)$/.exec(name)
      if (!m) continue
      if (m[1] === namespace ? Number(m[2]) !== process.pid && pidExists(Number(m[2])) : !namespaceGone(m[1]!)) continue
      const parent = join(dir, name)
      removeAll([parent, ...readdirSync(parent).filter((n) => n.startsWith('slot-')).map((n) => join(parent, n))])
    }
  } catch {
    // Not readable: nothing of ours to clean there.
  }
}

/**
 * Groups under this process's own (a child group only narrows the limits it is under). cgroup v2
 * when the unified hierarchy has the memory and pids controllers, else v1's memory and pids
 * hierarchies. Undefined when neither can be written (not root, no delegation): the caller
 * reports the missing limits.
 */
export function createSlotGroups(slots: number, memoryBytes: number, tasks: number): SlotGroups | undefined {
  if (PLATFORM !== 'linux') return undefined
  const namespace = pidNamespace()
  const name = `phicode-${namespace}-${process.pid}`
  const made: string[] = []
  try {
    if (existsSync(join(ROOT, 'cgroup.controllers'))) {
      removeStale(join(ROOT, ownGroup('') ?? '/'), namespace)
      const parent = join(ROOT, ownGroup('') ?? '/', name)
      mkdirSync(parent)
      made.push(parent)
      write(join(parent, 'cgroup.subtree_control'), '+memory +pids')
      const dirs = Array.from({ length: slots }, (_, i) => join(parent, `slot-${i}`))
      for (const dir of dirs) {
        mkdirSync(dir)
        made.push(dir)
        if (memoryBytes > 0) {
          write(join(dir, 'memory.max'), String(memoryBytes))
          write(join(dir, 'memory.swap.max'), '0')
          write(join(dir, 'memory.oom.group'), '1')
        }
        if (tasks > 0) write(join(dir, 'pids.max'), String(tasks))
      }
      return {
        version: 'v2',
        procsFiles: (slot) => [join(dirs[slot]!, 'cgroup.procs')],
        oomKills: (slot) => counter(join(dirs[slot]!, 'memory.events'), 'oom_kill'),
        awaitEmpty: (ms) => awaitEmpty(dirs.map((d) => join(d, 'cgroup.procs')), ms),
        remove: () => removeAll(made),
      }
    }
    const memoryParent = join(ROOT, 'memory', ownGroup('memory') ?? '/', name)
    const pidsParent = join(ROOT, 'pids', ownGroup('pids') ?? '/', name)
    const memory: string[] = []
    const pids: string[] = []
    for (const [parent, list] of [[memoryParent, memory], [pidsParent, pids]] as const) {
      removeStale(dirname(parent), namespace)
      mkdirSync(parent)
      made.push(parent)
      for (let i = 0; i < slots; i++) {
        const dir = join(parent, `slot-${i}`)
        mkdirSync(dir)
        made.push(dir)
        list.push(dir)
      }
    }
    for (let i = 0; i < slots; i++) {
      if (memoryBytes > 0) {
        write(join(memory[i]!, 'memory.limit_in_bytes'), String(memoryBytes))
        // With swap accounting on, memory + swap gets the same ceiling: no escape into swap.
        if (existsSync(join(memory[i]!, 'memory.memsw.limit_in_bytes'))) write(join(memory[i]!, 'memory.memsw.limit_in_bytes'), String(memoryBytes))
      }
      if (tasks > 0) write(join(pids[i]!, 'pids.max'), String(tasks))
    }
    return {
      version: 'v1',
      procsFiles: (slot) => [join(memory[slot]!, 'cgroup.procs'), join(pids[slot]!, 'cgroup.procs')],
      oomKills: (slot) => counter(join(memory[slot]!, 'memory.oom_control'), 'oom_kill'),
      awaitEmpty: (ms) => awaitEmpty([...memory, ...pids].map((d) => join(d, 'cgroup.procs')), ms),
      remove: () => removeAll(made),
    }
  } catch {
    removeAll(made)
    return undefined
  }
}
