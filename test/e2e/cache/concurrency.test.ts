/**
 * Many processes on one cache, and a process killed while it writes one: only whole entries
 * are ever read, by any of them or by the runs after.
 */
import { describe, expect, onTestFinished, setDefaultTimeout, test } from 'bun:test'
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { PHICODE } from '../../helpers/binary'
import { CACHE_DIR, EXPECTED, hits, notes, outcome, report, run, writeProject, type Dialect } from './_helpers'

setDefaultTimeout(60_000)

for (const dialect of ['python', 'typescript'] as Dialect[]) {
  describe(`${dialect}: a shared cache`, () => {
    test('8 processes at once on a cold cache all print the right output and leave only valid entries', async () => {
      const root = writeProject(dialect)
      // Half of them write each entry as a pack of its own, so packs are merged (and removed) while others read.
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => run(root, [], { PHICODE_BATCH_SIZE: i % 2 ? '1' : undefined })))
      for (const result of results) expect(outcome(result)).toEqual({ code: 0, stdout: EXPECTED[dialect], stderr: '' })
      const shared = await report(root)
      expect(shared.invalid).toBe(0)
      expect(shared.temporary).toBe(0)
      expect(shared.layers.transpiled.entries).toBeGreaterThan(0)
      const next = await run(root)
      expect(outcome(next).stdout).toBe(EXPECTED[dialect])
      expect(notes(next)).toEqual([])
      const h = hits(next)
      expect(h.transpiled[0]).toBe(h.transpiled[1])
      expect(h.bytecode[0]).toBe(h.bytecode[1])
    })

    test('a process killed (SIGKILL) in the middle of writing leaves nothing that is read as valid', async () => {
      const root = writeProject(dialect)
      // The documented test hook: the first pack write stops after 200 bytes and waits.
      const child = Bun.spawn([PHICODE, 'main.φ'], {
        cwd: root,
        env: { ...process.env, PHICODE_CACHE_STALL_WRITE: '200' },
        stdout: 'pipe',
        stderr: 'pipe',
      })
      // also when it never stalls, or stalls without saying so: a waiting writer must not outlive the test
      onTestFinished(() => child.kill('SIGKILL'))
      const temp = await stalledAt(child.stderr)
      child.kill('SIGKILL')
      expect(await child.exited).not.toBe(0)
      expect(statSync(temp).size).toBe(200)
      expect(readdirSync(join(temp, '..')).filter((f) => f.endsWith('.pack'))).toEqual([])

      const next = await run(root)
      expect(outcome(next)).toEqual({ code: 0, stdout: EXPECTED[dialect], stderr: '' })
      const afterKill = await report(root)
      expect(afterKill.invalid).toBe(0)
      expect(afterKill.temporary).toBe(1)
      expect(hits(await run(root)).transpiled[0]).toBeGreaterThan(0)

      // Once it is old enough to be surely abandoned, the half-written file is removed.
      const hourAgo = new Date(Date.now() - 3_600_000)
      utimesSync(temp, hourAgo, hourAgo)
      await run(root)
      expect(existsSync(temp)).toBe(false)
      expect((await report(root)).temporary).toBe(0)
      expect(existsSync(join(root, CACHE_DIR))).toBe(true)
    })
  })
}

/** Reads stderr until the hook says where it stopped: the half-written temporary file. */
async function stalledAt(stderr: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder()
  let text = ''
  for await (const chunk of stderr) {
    text += decoder.decode(chunk, { stream: true })
    const found = /stalled writing (.+)\n/.exec(text)
    if (found) return found[1]!
  }
  throw new Error(`the process ended without stalling:\n${text}`)
}
