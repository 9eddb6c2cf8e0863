import { existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'bun:test'
import { createSlotGroups, type SlotGroups } from '../../../src/server/sandbox/_cgroup'
import { required } from '../../helpers/prerequisites'
import { ROOT } from '../../helpers/root'
import { tempDir } from '../../helpers/tmp'

// The slot cgroups, made for real (root) and read back from the kernel's own files, with the
// paths written out here from cgroups(7): v2's unified hierarchy when /sys/fs/cgroup has
// cgroup.controllers, else v1's memory and pids hierarchies.

if (process.getuid?.() !== 0) throw new Error('test/unit/server/sandbox-cgroup.test.ts must run as root (CI does): it makes real cgroups')

const V2 = existsSync('/sys/fs/cgroup/cgroup.controllers')

/** This process's group in a hierarchy, from /proc/self/cgroup: '' is v2's unified one. */
function own(controller: string): string {
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n')) {
    const [, controllers, path] = line.split(':')
    if (controller === '' ? controllers === '' : controllers!.split(',').includes(controller)) return path!
  }
  throw new Error(`no ${controller} hierarchy in /proc/self/cgroup`)
}

/** The name of this process's groups: its PID namespace (the inode of /proc/self/ns/pid) and its pid there. */
const NS = /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))![1]!
const NAME = `phicode-${NS}-${process.pid}`
const parents = (): string[] => V2 ? [join('/sys/fs/cgroup', own(''), NAME)] : [join('/sys/fs/cgroup/memory', own('memory'), NAME), join('/sys/fs/cgroup/pids', own('pids'), NAME)]
const read = (file: string) => readFileSync(file, 'utf8').trim()

let made: SlotGroups | undefined
let slots = 0
afterEach(() => {
  // Whatever a test left in its groups is killed, so that they can go.
  for (let slot = 0; made && slot < slots; slot++) {
    for (const file of made.procsFiles(slot)) for (const pid of read(file).split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGKILL')
  }
  made?.awaitEmpty(2000)
  made?.remove()
  made = undefined
})

const create = (n: number, memory: number, tasks: number): SlotGroups => {
  slots = n
  made = createSlotGroups(n, memory, tasks)
  if (!made) throw new Error('createSlotGroups gave nothing under root')
  return made
}

/** A process put into `files` (cgroup.procs) as the join script puts an execution: it writes its own pid, then runs `code`. */
function joined(files: string[], code: string[]) {
  return Bun.spawn(['/bin/sh', '-c', 'for f in "$@"; do [ "$f" = -- ] && break; echo $$ > "$f"; done; while [ "$1" != -- ]; do shift; done; shift; exec "$@"', 'sh', ...files, '--', ...code], { stdio: ['ignore', 'pipe', 'pipe'] })
}

/** The PID namespace `unshare --pid --fork` (pid `unshare`) made, once its child is running in it. */
function namespaceWithProcess(unshare: number): string {
  for (;;) {
    const children = readFileSync(`/proc/${unshare}/task/${unshare}/children`, 'utf8').trim()
    if (children) return /\d+/.exec(readlinkSync(`/proc/${children.split(' ')[0]}/ns/pid`))![0]
    Bun.sleepSync(5)
  }
}

describe('createSlotGroups', () => {
  test('one group per slot under a parent named after the server, each with the memory and task ceilings', () => {
    const g = create(2, 64 * 1024 * 1024, 50)
    expect(g.version).toBe(V2 ? 'v2' : 'v1')
    if (V2) {
      const [parent] = parents()
      expect(read(join(parent!, 'cgroup.subtree_control')).split(' ').sort()).toEqual(expect.arrayContaining(['memory', 'pids']))
      for (const slot of [0, 1]) {
        const dir = join(parent!, `slot-${slot}`)
        expect([read(join(dir, 'memory.max')), read(join(dir, 'memory.swap.max')), read(join(dir, 'memory.oom.group')), read(join(dir, 'pids.max'))]).toStrictEqual([String(64 * 1024 * 1024), '0', '1', '50'])
        expect(g.procsFiles(slot)).toStrictEqual([join(dir, 'cgroup.procs')])
      }
    } else {
      const [memory, pids] = parents()
      for (const slot of [0, 1]) {
        expect(read(join(memory!, `slot-${slot}`, 'memory.limit_in_bytes'))).toBe(String(64 * 1024 * 1024))
        const memsw = join(memory!, `slot-${slot}`, 'memory.memsw.limit_in_bytes')
        if (existsSync(memsw)) expect(read(memsw)).toBe(String(64 * 1024 * 1024))
        expect(read(join(pids!, `slot-${slot}`, 'pids.max'))).toBe('50')
        expect(g.procsFiles(slot)).toStrictEqual([join(memory!, `slot-${slot}`, 'cgroup.procs'), join(pids!, `slot-${slot}`, 'cgroup.procs')])
      }
    }
    expect(existsSync(join(parents()[0]!, 'slot-2'))).toBe(false)
  })

  test('no memory limit and no task limit: the kernel\'s defaults stay', () => {
    create(1, 0, 0)
    const [first, second] = parents()
    if (V2) expect([read(join(first!, 'slot-0', 'memory.max')), read(join(first!, 'slot-0', 'pids.max'))]).toStrictEqual(['max', 'max'])
    else {
      expect(Number(read(join(first!, 'slot-0', 'memory.limit_in_bytes')))).toBeGreaterThan(2 ** 60)
      expect(read(join(second!, 'slot-0', 'pids.max'))).toBe('max')
    }
  })

  test('remove takes the groups away, parent included', () => {
    const g = create(2, 1 << 26, 10)
    for (const p of parents()) expect(existsSync(join(p, 'slot-1'))).toBe(true)
    g.remove()
    made = undefined
    for (const p of parents()) expect(existsSync(p)).toBe(false)
  })

  test('the task ceiling holds a process of the slot, and oomKills counts the kernel\'s kills at the memory ceiling', async () => {
    const g = create(1, 32 * 1024 * 1024, 3)
    const forks = joined(g.procsFiles(0), ['/bin/sh', '-c', 'for i in 1 2 3 4 5 6; do sleep 30 >/dev/null 2>&1 & done; echo forked'])
    const err = await new Response(forks.stderr).text()
    await forks.exited
    expect(err).toMatch(/fork|resource|retry/i)
    expect(g.oomKills(0)).toBe(0)
    const hog = joined(g.procsFiles(0), ['/usr/bin/python3', '-c', 'x = bytearray(200 * 1024 * 1024)\nfor i in range(0, len(x), 4096): x[i] = 1'])
    await hog.exited
    expect(hog.signalCode).toBe('SIGKILL')
    expect(g.oomKills(0)).toBe(1)
  })

  test('awaitEmpty returns once the slot\'s processes are gone', async () => {
    const g = create(1, 0, 0)
    const sleeper = joined(g.procsFiles(0), ['sleep', '60'])
    while (read(g.procsFiles(0)[0]!) === '') await Bun.sleep(5)
    sleeper.kill('SIGKILL')
    g.awaitEmpty(10_000)
    for (const file of g.procsFiles(0)) expect(read(file)).toBe('')
  })

  test('groups a killed server left behind are removed (its pid dead, or its whole PID namespace gone); a live server\'s and a live namespace\'s are kept', () => {
    const dead = Bun.spawnSync(['true']).pid
    // A sleep stands in for a live server (never the test runner's pid or its parent's: under a PID namespace those are 1 and 0).
    const owner = Bun.spawn(['sleep', '60'])
    const live = owner.pid
    const roots = V2 ? [join('/sys/fs/cgroup', own(''))] : [join('/sys/fs/cgroup/memory', own('memory')), join('/sys/fs/cgroup/pids', own('pids'))]
    // Another PID namespace's group, the namespace alive (a sleep in it): its pid means nothing here, so it stays.
    const elsewhere = Bun.spawn(['unshare', '--pid', '--fork', 'sleep', '60'])
    const foreign = `phicode-${namespaceWithProcess(elsewhere.pid)}-${dead}`
    // A namespace that is gone (its only process, a shell, has exited): seen from the initial namespace, its group goes.
    const goneNs = /\d+/.exec(Bun.spawnSync(['unshare', '--pid', '--fork', '--mount-proc', 'sh', '-c', 'readlink /proc/self/ns/pid']).stdout.toString())![0]
    const ofGone = `phicode-${goneNs}-1`
    const initial = NS === String(0xeffffffc)
    for (const root of roots) {
      mkdirSync(join(root, `phicode-${NS}-${dead}`, 'slot-0'), { recursive: true })
      mkdirSync(join(root, `phicode-${NS}-${live}`, 'slot-0'), { recursive: true })
      mkdirSync(join(root, foreign, 'slot-0'), { recursive: true })
      mkdirSync(join(root, ofGone, 'slot-0'), { recursive: true })
      mkdirSync(join(root, 'phicode-other'), { recursive: true })
    }
    try {
      create(1, 0, 0)
      for (const root of roots) {
        expect(existsSync(join(root, `phicode-${NS}-${dead}`))).toBe(false)
        expect(existsSync(join(root, `phicode-${NS}-${live}`, 'slot-0'))).toBe(true)
        expect(existsSync(join(root, foreign, 'slot-0'))).toBe(true)
        expect(existsSync(join(root, ofGone))).toBe(!initial)
        expect(existsSync(join(root, 'phicode-other'))).toBe(true)
      }
    } finally {
      owner.kill('SIGKILL')
      elsewhere.kill('SIGKILL')
      for (const root of roots) {
        for (const dir of [join(root, `phicode-${NS}-${live}`, 'slot-0'), join(root, `phicode-${NS}-${live}`), join(root, foreign, 'slot-0'), join(root, foreign), join(root, ofGone, 'slot-0'), join(root, ofGone), join(root, 'phicode-other')]) {
          try {
            Bun.spawnSync(['rmdir', dir])
          } catch {}
        }
      }
    }
  })

  test('two servers in PID namespaces of their own (containers sharing the hierarchy, both pid 1 there) each keep their own groups', async () => {
    required('unshare')
    const dir = tempDir('phicode-cgroup-ns-')
    // Makes the groups, says so, waits for a line on stdin (the other server has made its own by then), then reports whether its slot's group is still there.
    writeFileSync(join(dir, 'server.ts'), `import { existsSync } from 'node:fs'\nimport { dirname } from 'node:path'\nimport { createSlotGroups } from ${JSON.stringify(join(ROOT, 'src/server/sandbox/_cgroup.ts'))}\nconst g = createSlotGroups(1, 0, 0)\nconsole.log(g ? 'made' : 'none')\nfor await (const _ of console) break\nconsole.log(g ? g.procsFiles(0).every((f) => existsSync(dirname(f))) : 'none')\ng?.remove()\n`)
    const start = () => Bun.spawn(['unshare', '--pid', '--fork', '--mount-proc', process.execPath, join(dir, 'server.ts')], { stdin: 'pipe', stdout: 'pipe' })
    const first = start()
    const firstOut = first.stdout.getReader()
    const firstMade = new TextDecoder().decode((await firstOut.read()).value)
    const second = start()
    const secondOut = second.stdout.getReader()
    const secondMade = new TextDecoder().decode((await secondOut.read()).value)
    for (const p of [first, second]) {
      p.stdin.write('go\n')
      p.stdin.end()
    }
    const rest = async (r: typeof firstOut) => {
      let text = ''
      for (let c = await r.read(); !c.done; c = await r.read()) text += new TextDecoder().decode(c.value)
      return text
    }
    expect([firstMade, secondMade, await rest(firstOut), await rest(secondOut)]).toStrictEqual(['made\n', 'made\n', 'true\n', 'true\n'])
  })

  test('groups of this very name, left by a dead server whose PID namespace inode and pid are ours again (containers\' servers are pid 1), are taken over', () => {
    for (const p of parents()) mkdirSync(join(p, 'slot-0'), { recursive: true })
    const g = create(2, 0, 5)
    expect(g.version).toBe(V2 ? 'v2' : 'v1')
    for (const file of g.procsFiles(1)) expect(existsSync(file)).toBe(true)
  })
})
