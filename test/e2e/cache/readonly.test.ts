/**
 * A cache that cannot be written: a read-only directory, a full one, a read-only project. The
 * program runs correctly, uncached, and --debug says why once. Real mounts when this process
 * may mount (root with CAP_SYS_ADMIN, as on the project's machines); otherwise a read-only
 * mode bit, or the documented fault-injection switch (PHICODE_CACHE_FAULT).
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { userCacheDir } from '../../../src/cache/location'
import { tempDir } from '../../helpers/tmp'
import { CACHE_DIR, EXPECTED, hits, notes, outcome, run, writeProject, type Dialect } from './_helpers'

setDefaultTimeout(60_000)

const isRoot = process.getuid?.() === 0

function mount(args: string[]): boolean {
  return isRoot && Bun.spawnSync(['mount', ...args], { stderr: 'ignore' }).success
}

function unmount(dir: string): void {
  Bun.spawnSync(['umount', dir], { stderr: 'ignore' })
}

/** Whether this process may mount a tmpfs: root alone is not enough in every container. */
const CAN_MOUNT = ((): boolean => {
  const dir = tempDir()
  const ok = mount(['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', dir])
  if (ok) unmount(dir)
  return ok
})()

/** A directory nothing can be written to, and how to undo it; else the env that simulates one. */
function readOnlyDir(): { dir: string; env: Record<string, string>; undo(): void } {
  const dir = join(tempDir(), 'ro')
  mkdirSync(dir)
  if (CAN_MOUNT && mount(['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dir])) return { dir, env: {}, undo: () => unmount(dir) }
  if (!isRoot) {
    chmodSync(dir, 0o555)
    return { dir, env: {}, undo: () => chmodSync(dir, 0o755) }
  }
  console.log('  fallback: PHICODE_CACHE_FAULT=erofs (root, and no tmpfs may be mounted here)')
  return { dir, env: { PHICODE_CACHE_FAULT: 'erofs' }, undo() {} }
}

/** A directory whose file system has no room left; else the env that simulates one. */
function fullDir(): { dir: string; env: Record<string, string>; undo(): void } {
  const dir = join(tempDir(), 'full')
  mkdirSync(dir)
  if (!CAN_MOUNT || !mount(['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir])) {
    console.log('  fallback: PHICODE_CACHE_FAULT=enospc (no tmpfs may be mounted here)')
    return { dir, env: { PHICODE_CACHE_FAULT: 'enospc' }, undo() {} }
  }
  try {
    for (let i = 0; ; i++) writeFileSync(join(dir, `filler-${i}`), new Uint8Array(4096))
  } catch {
    // Full.
  }
  return { dir, env: {}, undo: () => unmount(dir) }
}

for (const dialect of ['python', 'typescript'] as Dialect[]) {
  describe(`${dialect}: a cache that cannot be written`, () => {
    const injected = (fault: string) => () => ({ dir: join(tempDir(), 'cache'), env: { PHICODE_CACHE_FAULT: fault }, undo() {} })
    for (const [name, make, error] of [
      ['a read-only cache directory', readOnlyDir, /EROFS|EACCES/],
      ['a full cache directory', fullDir, /ENOSPC/],
      ['every write failing by fault injection (PHICODE_CACHE_FAULT=enospc)', injected('enospc'), /ENOSPC/],
    ] as const) {
      test(`${name}: runs correctly, uncached, with one debug note`, async () => {
        const root = writeProject(dialect)
        const place = make()
        try {
          for (let round = 0; round < 2; round++) {
            const result = await run(root, [], { PHICODE_CACHE_DIR: place.dir, ...place.env })
            expect(outcome(result)).toEqual({ code: 0, stdout: EXPECTED[dialect], stderr: '' })
            const said = notes(result)
            expect(said).toHaveLength(1)
            expect(said[0]).toMatch(error)
            // The error's code alone, then nothing counted as written.
            expect(said[0]).toMatch(/ \((EROFS|EACCES|ENOSPC)\); running uncached from here$/)
            expect(result.stderr).toContain('; wrote 0 entries in 0 pack(s), 0 bytes')
            expect(hits(result).transpiled[0]).toBe(0)
          }
          // Nothing was written: at most an empty directory made before a write failed.
          const written = (existsSync(place.dir) ? readdirSync(place.dir, { recursive: true, withFileTypes: true }) : []).filter((f) => f.isFile() && !f.name.startsWith('filler-'))
          expect(written.map((f) => f.name)).toEqual([])
        } finally {
          place.undo()
        }
      })
    }

    test('the kind folder exists but no file can be created in it: the open fails, and that error is the note', async () => {
      // Root creates files through mode bits: a tmpfs out of inodes refuses it; others get a 0555 folder.
      if (isRoot && !CAN_MOUNT) throw new Error('running as root where no tmpfs may be mounted: run this test as another user, or where mount works')
      const root = writeProject(dialect)
      const dir = join(tempDir(), 'inodes')
      mkdirSync(dir)
      const mounted = CAN_MOUNT && mount(['-t', 'tmpfs', '-o', 'size=1m,nr_inodes=16', 'tmpfs', dir])
      try {
        for (const kind of dialect === 'python' ? ['python', 'modules'] : ['typescript']) mkdirSync(join(dir, kind))
        if (mounted) {
          try {
            for (let i = 0; ; i++) writeFileSync(join(dir, `filler-${i}`), '')
          } catch {
            // No inode left.
          }
        } else for (const kind of readdirSync(dir)) chmodSync(join(dir, kind), 0o555)
        const result = await run(root, [], { PHICODE_CACHE_DIR: dir })
        expect(outcome(result)).toEqual({ code: 0, stdout: EXPECTED[dialect], stderr: '' })
        expect(notes(result)).toEqual([`phicode: debug: cache: cannot write to ${dir} (${mounted ? 'ENOSPC' : 'EACCES'}); running uncached from here`])
      } finally {
        if (mounted) unmount(dir)
      }
    })

    test('a read-only project caches in the per-user directory', async () => {
      // Root writes through a mode bit: only a read-only mount makes a project read-only for it.
      if (isRoot && !CAN_MOUNT) throw new Error('running as root where no tmpfs may be mounted: run this test as another user, or where mount works')
      const source = writeProject(dialect)
      const root = join(tempDir(), 'project')
      mkdirSync(root)
      const home = tempDir()
      const mounted = CAN_MOUNT && mount(['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', root])
      cpSync(source, root, { recursive: true })
      if (mounted) expect(mount(['-o', 'remount,ro', root])).toBe(true)
      else chmodSync(root, 0o555)
      try {
        const env = { PHICODE_HOME: home }
        const first = await run(root, [], env)
        expect(outcome(first)).toEqual({ code: 0, stdout: EXPECTED[dialect], stderr: '' })
        expect(notes(first)).toEqual([`phicode: debug: cache: ${root} cannot be written; caching in ${userCacheDir(root, env)}`])
        expect(hits(await run(root, [], env)).transpiled[0]).toBeGreaterThan(0)
        expect(readdirSync(root)).not.toContain(CACHE_DIR)
      } finally {
        if (mounted) unmount(root)
        else chmodSync(root, 0o755)
      }
    })
  })
}
