/**
 * `--watch`'s file watcher on a real folder: one call per burst of changes, with the last file
 * changed; dot folders, dependencies, bytecode, swap files and phicode's own home never count.
 */
import { afterAll, expect, test } from 'bun:test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { watchTree } from '../../../src/daemon/_watch'
import { tempDir } from '../../helpers/tmp'

const previousHome = process.env.PHICODE_HOME
afterAll(() => {
  if (previousHome === undefined) delete process.env.PHICODE_HOME
  else process.env.PHICODE_HOME = previousHome
})

async function until(what: () => boolean, label: string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`)
    await Bun.sleep(20)
  }
}

test('ignored changes call nothing; a burst of real ones calls once, with the last file', async () => {
  const root = tempDir('phiemon-watch-')
  const home = join(root, 'home')
  process.env.PHICODE_HOME = home
  for (const dir of ['.git', 'node_modules/pkg', 'src/__pycache__', 'src/.cache', 'home2']) mkdirSync(join(root, dir), { recursive: true })
  const calls: string[] = []
  const watcher = watchTree(root, (file) => calls.push(file))
  try {
    mkdirSync(home)
    const ignored = ['.git/index', 'node_modules/pkg/a.js', 'src/__pycache__/m.ts', 'src/.cache/x.ts', '.env', 'm.pyc', '.m.swp', 'm.swx', 'm.tmp', 'm.ts~', 'home/phiemon.log']
    for (const file of ignored) writeFileSync(join(root, file), 'x')
    // No event can show that an ignored change was dropped: twice the debounce lets a wrong call surface first.
    await Bun.sleep(600)
    expect(calls).toEqual([])
    writeFileSync(join(root, 'a.ts'), '1')
    writeFileSync(join(root, 'src', 'b.py'), '2')
    // Ignored endings count only at the end of a name: `.tmpl.ts` is a source file.
    writeFileSync(join(root, 'home2', 'c.tmpl.ts'), '3')
    await until(() => calls.length > 0, 'the call')
    await Bun.sleep(600)
    expect(calls).toEqual([join(root, 'home2', 'c.tmpl.ts')])
  } finally {
    watcher.close()
  }
})
