import { afterAll, expect, test } from 'bun:test'
import { join } from 'node:path'

/**
 * Phiemon off Linux reads processes through `ps`; PHICODE_TEST_PLATFORM=darwin runs that branch
 * here, against the real `ps`, in a child so the platform is read as the binary reads it.
 */
const PROCESSES = join(import.meta.dir, '../../../src/daemon/processes.ts')

const sleeper = Bun.spawn(['sleep', '600'], { detached: true, stdout: 'ignore', stderr: 'ignore' })
afterAll(() => {
  try {
    process.kill(-sleeper.pid, 'SIGKILL')
  } catch {
    // The test ended the group already.
  }
})

const stryker: Record<string, string> = process.env.__STRYKER_ACTIVE_MUTANT__ ? { __STRYKER_ACTIVE_MUTANT__: process.env.__STRYKER_ACTIVE_MUTANT__ } : {}

function asDarwin(code: string, env: Record<string, string> = {}): string {
  if (!Bun.which('ps')) throw new Error('this test needs ps (apt-get install procps)')
  const r = Bun.spawnSync([process.execPath, '-e', `const p = await import(${JSON.stringify(PROCESSES)}); ${code}`], {
    // Stryker's mutant switch passes through, so a mutant of the ps branch is on in the child too.
    env: { PATH: process.env.PATH!, PHICODE_TEST_PLATFORM: 'darwin', ...stryker, ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  if (!r.success) throw new Error(r.stderr.toString())
  return r.stdout.toString().trim()
}

test('a process\'s start time read through ps is the same whatever the caller\'s time zone and locale: ps\'s own, in C and UTC', () => {
  const oracle = Bun.spawnSync(['ps', '-o', 'lstart=', '-p', String(sleeper.pid)], { env: { PATH: process.env.PATH!, LC_ALL: 'C', TZ: 'UTC' } })
  const expected = oracle.stdout.toString().trim().split(/\s+/).join(' ')
  expect(expected).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} +\d+ \d\d:\d\d:\d\d \d{4}$/)
  const read = (env: Record<string, string>) => asDarwin(`console.log(JSON.stringify(p.processRef(${sleeper.pid})))`, env)
  const east = JSON.parse(read({ TZ: 'JST-9', LANG: 'C.UTF-8' }))
  const west = JSON.parse(read({ TZ: 'EST5', LC_TIME: 'POSIX' }))
  expect(east).toEqual({ pid: sleeper.pid, start: expected })
  expect(west).toEqual(east)
  expect(asDarwin(`console.log(p.isAlive(${JSON.stringify(east)}))`, { TZ: 'PST8' })).toBe('true')
})

test("a group's memory through ps: the rss ps reports for each member, in KiB, as bytes", () => {
  const kib = Number(Bun.spawnSync(['ps', '-o', 'rss=', '-p', String(sleeper.pid)]).stdout.toString().trim())
  expect(kib).toBeGreaterThan(0)
  const read = JSON.parse(asDarwin(`console.log(JSON.stringify([...p.groupMemory([${sleeper.pid}, ${2 ** 22 + 1}])]))`))
  expect(read).toEqual([[sleeper.pid, kib * 1024]])
  expect(asDarwin('console.log(JSON.stringify([...p.groupMemory([])]))')).toBe('[]')
})

test('the process group of a daemon is found and ended through ps', async () => {
  expect(asDarwin(`console.log(await p.endGroup(${sleeper.pid}, 2000))`)).toBe('true')
  expect(await sleeper.exited).not.toBe(0)
  expect(asDarwin(`console.log(JSON.stringify(p.processRef(${sleeper.pid}) ?? null))`)).toBe('null')
})
