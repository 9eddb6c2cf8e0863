import { chmodSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'

/**
 * Drops `files` from the page cache, so the warm-up round reads each from disk again and every
 * executable of a comparison starts from the same state: the one an installed binary is in.
 * Measured here (Linux 6.18, ext4): a file just written (a fresh `npm run build`, a copy) starts
 * about 1 ms faster than the same bytes read back from disk, an advantage that fades over some
 * ten minutes; phicode's hello world took 8.0 ms fresh and 9.1-10.0 ms read from disk, while
 * `bun hello.ts` went from 4.8 to 5.1-5.3 ms. A just-built phicode beside a long-installed bun
 * flatters every ratio. `sync` first: dirty pages are not dropped. Returns what was not dropped.
 */
export function readFromDiskNext(files: string[]): string[] {
  Bun.spawnSync(['sync'])
  return files.filter((file) => {
    const dd = Bun.spawnSync(['dd', `if=${realpathSync(file)}`, 'iflag=nocache', 'count=0', 'status=none'], { stderr: 'ignore' })
    return !dd.success
  })
}

/**
 * Copies of `files`, written now into `dir` one after the other in this order, to be timed in
 * their place. How recently an executable was written moves its start however its pages are
 * dropped: two copies of one phicode binary written 45 s apart started a hello world 0.8-0.9 ms
 * apart, whichever was written last the faster, both dropped from the page cache before (Linux
 * 6.18, ext4, this VM). Compared as installed, a binary built minutes ago beats one installed
 * long ago by that much; copied together, neither has it.
 */
export function writtenAfresh(dir: string, files: string[]): string[] {
  return files.map((file, k) => {
    const copy = join(dir, `${k}-${basename(file)}`)
    writeFileSync(copy, readFileSync(realpathSync(file)))
    chmodSync(copy, 0o755)
    return copy
  })
}
