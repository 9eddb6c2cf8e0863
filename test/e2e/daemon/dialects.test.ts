import { afterAll, expect, test } from 'bun:test'
import { TIMEOUT, cleanup, alive, startOf, world } from './_helpers'

afterAll(cleanup)

/** A long-running app per kind of module; each prints its own pid (the interpreter's) once up. */
const SERVICES = {
  'φ, typescript dialect': ['svc.φ', `// phicode: typescript\nπ('up', process.pid, process.env.PHIEMON_NAME)\nsetInterval(() => {}, 1000)\n`],
  'φ, python dialect': ['svc.φ', `# phicode: python\n⇒ os, time\nπ('up', os.getpid(), os.environ['PHIEMON_NAME'], flush=✓)\n↻ ✓:\n    time.sleep(1)\n`],
  'plain Python': ['svc.py', `import os, time\nprint('up', os.getpid(), os.environ['PHIEMON_NAME'], flush=True)\nwhile True:\n    time.sleep(1)\n`],
  'plain TypeScript': ['svc.ts', `const pid: number = process.pid\nconsole.log('up', pid, process.env.PHIEMON_NAME)\nsetInterval(() => {}, 1000)\n`],
} as const

for (const [kind, [file, source]] of Object.entries(SERVICES)) {
  test.concurrent(`${kind}: supervised, logged, and stopped with everything it started`, async () => {
    const w = world()
    w.write(file, source)
    const view = await w.start([file, '--name', 'svc'])
    const log = await w.untilLog('svc', /\[out\] up (\d+) svc\n/)
    const appPid = Number(/\[out\] up (\d+) svc\n/.exec(log)![1])
    const status = await w.status('svc')
    expect(status).toMatchObject({ name: 'svc', status: 'running', pid: view.pid, restarts: 0 })
    expect(status.memoryBytes).toBeGreaterThan(0)
    const child = w.state('svc').child!
    expect((await w.run(['--phiemon-stop', 'svc'])).code).toBe(0)
    // The interpreter (for Python a process of its own) went with the group.
    expect(startOf(appPid)).toBeUndefined()
    expect(alive(child)).toBe(false)
    expect((await w.status('svc')).status).toBe('stopped')
  }, TIMEOUT)
}

test.concurrent('a φ Python app that raises: traceback on [err] naming the .φ file, then errored', async () => {
  const w = world()
  w.write('boom.φ', `# phicode: python\nƒ main():\n    ↑ ValueError('boom')\nmain()\n`)
  await w.start(['--phiemon-startup-grace', '0', 'boom.φ', '--max-restarts', '0'])
  const s = await w.until('boom', (s) => s.status === 'errored', 15_000)
  expect(s.history).toHaveLength(1)
  expect(s.history[0]!.exitCode).toBe(1)
  const log = w.log('boom')
  expect(log).toMatch(/\[err\] .*boom\.φ/)
  expect(log).toMatch(/\[err\] ValueError: boom/)
}, TIMEOUT)

test.concurrent('interpreter flags reach every start of the app: --pypy, --node', async () => {
  const w = world()
  w.write('which.φ', `# phicode: python\n⇒ sys, time\nπ('impl', sys.implementation.name, flush=✓)\n↻ ✓:\n    time.sleep(1)\n`)
  w.write('where.φ', `// phicode: typescript\nπ('runtime', τ Bun === 'undefined' ? 'node' : 'bun')\nsetInterval(() => {}, 1000)\n`)
  await w.start(['which.φ', '--pypy'])
  await w.start(['where.φ', '--node'])
  await w.untilLog('which', /\[out\] impl pypy\n/, 20_000)
  await w.untilLog('where', /\[out\] runtime node\n/)
  // A restart runs on the same interpreter.
  expect((await w.run(['--phiemon-restart', 'where'])).code).toBe(0)
  const log = await w.untilLog('where', /\[out\] runtime node\n[\s\S]*\[out\] runtime node\n/)
  expect(log).not.toContain('runtime bun')
  expect((await w.run(['--phiemon-stop', '--all'])).code).toBe(0)
}, TIMEOUT)
