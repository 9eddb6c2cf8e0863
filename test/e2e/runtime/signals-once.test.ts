/**
 * Issue 12 item 8: a signal reaches the φ program exactly once whoever sends it. The program
 * (test/fixtures/signals-once) counts SIGTERM/SIGINT handler runs, waits half a second for a
 * duplicate, prints the count and exits 0, so phicode must end with 0 too.
 */
import { describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { PHICODE, ROOT } from '../../helpers/binary'
import { required } from '../../helpers/prerequisites'
import { isFinished, procStat } from '../../../src/util/proc'
import { readActingOnce } from '../../helpers/ready'
import { onTerminal } from '../../helpers/terminal'

const FIXTURES = join(ROOT, 'test/fixtures/signals-once')
const RUNTIMES = { python: [], pypy: ['--pypy'], node: ['--node'] } as const

interface Ended {
  code: number | null
  stdout: string
}

/**
 * Starts `cmd`, and once the program says `ready <pid>` calls `send` with phicode's pid and the
 * program's; collects the end.
 */
async function signalledWhenReady(cmd: string[], cwd: string, send: (phicode: number, program: number) => void, detached = false): Promise<Ended> {
  const proc = Bun.spawn(cmd, { cwd, stdin: 'ignore', stdout: 'pipe', stderr: 'inherit', detached, timeout: 40_000 })
  const stdout = await readActingOnce(proc.stdout, /ready (\d+)\n/, (ready) => send(proc.pid, Number(ready[1])))
  await proc.exited
  return { code: proc.exitCode, stdout: stdout.replace(/ready \d+\n/, 'ready\n') }
}

const ONCE: Ended = { code: 0, stdout: 'ready\nhandled 1\n' }

for (const [runtime, flags] of Object.entries(RUNTIMES)) {
  const dir = join(FIXTURES, runtime === 'node' ? 'typescript' : 'python')
  const cmd = [PHICODE, ...flags, 'count.φ']

  describe(`${runtime}: a signal reaches the program once`, () => {
    test('kill -TERM <phicode pid>', async () => {
      expect(await signalledWhenReady(cmd, dir, (pid) => process.kill(pid, 'SIGTERM'))).toEqual(ONCE)
    })

    test('kill -INT <phicode pid>', async () => {
      expect(await signalledWhenReady(cmd, dir, (pid) => process.kill(pid, 'SIGINT'))).toEqual(ONCE)
    })

    test('kill -TERM -- -<pgid>, no terminal (CI, a service manager)', async () => {
      // detached: phicode leads a process group (and session) of its own, with no terminal.
      expect(await signalledWhenReady(cmd, dir, (pid) => process.kill(-pid, 'SIGTERM'), true)).toEqual(ONCE)
    })

    test('kill -INT -- -<pgid>, no terminal', async () => {
      expect(await signalledWhenReady(cmd, dir, (pid) => process.kill(-pid, 'SIGINT'), true)).toEqual(ONCE)
    })

    test('under setsid: kill -TERM -- -<pgid>', async () => {
      required('setsid')
      // setsid execs in place (its caller leads no group), so the pid is phicode's.
      expect(await signalledWhenReady(['setsid', ...cmd], dir, (pid) => process.kill(-pid, 'SIGTERM'))).toEqual(ONCE)
    })

    test('Ctrl-C on a terminal (a pty from `script`)', async () => {
      required('script')
      const proc = Bun.spawn(onTerminal(cmd), { cwd: dir, stdin: 'pipe', stdout: 'pipe', timeout: 40_000 })
      const output = await readActingOnce(proc.stdout, /ready \d+/, () => {
        proc.stdin.write('\x03')
        void proc.stdin.flush()
      })
      await proc.exited
      // The terminal echoes ^C somewhere among the lines.
      expect(output.replaceAll('\r', '').match(/handled \d+/g)).toEqual(['handled 1'])
      expect(proc.exitCode).toBe(0)
    })

    test('kill -KILL -- -<pgid> without a terminal takes the program too', async () => {
      const proc = Bun.spawn(cmd, { cwd: dir, stdin: 'ignore', stdout: 'pipe', stderr: 'inherit', detached: true, timeout: 40_000 })
      const reader = proc.stdout.getReader()
      const decoder = new TextDecoder()
      let stdout = ''
      let ready: RegExpExecArray | null = null
      while (!ready) {
        const { value, done } = await reader.read()
        if (done) throw new Error(`ended before it was ready: ${stdout}`)
        stdout += decoder.decode(value, { stream: true })
        ready = /ready (\d+)\n/.exec(stdout)
      }
      const program = Number(ready[1])
      process.kill(-proc.pid, 'SIGKILL')
      expect(await proc.exited).toBe(137)
      // Not waiting for the pipe's end: an orphaned program would hold it open.
      void reader.cancel()
      const running = () => {
        const stat = procStat(program)
        return stat !== undefined && !isFinished(stat.state)
      }
      // The program leads a group of its own; it ends itself when phicode is gone.
      const deadline = Date.now() + 10_000
      while (running() && Date.now() < deadline) await Bun.sleep(20)
      const left = running()
      if (left) process.kill(program, 'SIGKILL')
      expect(left).toBe(false)
    })
  })
}
