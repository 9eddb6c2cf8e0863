import { chmodSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'

/**
 * Drops `files` from the page cache, so the warm-up round reads each from disk again. It does
 * not make them equal: how recently each was written still moves its start (`writtenAfresh`),
 * so the benchmarks time copies written alike. `sync` first: dirty pages are not dropped.
 * Returns what was not dropped.
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
