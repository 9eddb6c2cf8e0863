import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { basename, join } from 'node:path'
import { tempRoot } from '../util/os'

export interface TestLinks {
  /** What `bun test` is given: φ files through their links, the others as they are. */
  paths: string[]
  remove(): void
}

/**
 * `bun test` runs only files with a JavaScript extension, even when named explicitly. A φ test
 * file is handed to it through a `.ts` symlink: Bun loads the link's target, so the φ plugin
 * converts it and every report (file headings, failures, coverage) names the φ file and line.
 */
export function linkTests(files: readonly string[], phiExtensions: readonly string[]): TestLinks {
  let dir: string | undefined
  const paths = files.map((file, index) => {
    if (!phiExtensions.some((ext) => file.endsWith(ext))) return file
    dir ??= mkdtempSync(join(tempRoot(), 'phicode-test-'))
    // One folder per file: two φ tests of the same name in different folders stay apart.
    const link = join(dir, String(index), `${basename(file)}.ts`)
    mkdirSync(join(dir, String(index)))
    symlinkSync(file, link)
    return link
  })
  return {
    paths,
    remove() {
      if (dir) rmSync(dir, { recursive: true, force: true })
    },
  }
}
