/**
 * Marks: the cache remembers which file contents the security scanner has warned about, as
 * empty entries of the `security` kind (docs/cache.md), so a warning is shown once per file and
 * content, and again when either changes; switched with the transpiled layer. Through the
 * compiled binary, and the build it records as its engine.
 */
import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { tempProject } from '../../helpers/tmp'
import { packsOf, readPack, report, writeProject } from './_helpers'

setDefaultTimeout(60_000)

const THREAT = 'import os\nos.system("true")\nprint("ran")\n'
const warning = (root: string, file: string) =>
  `phicode: warning: security: ${join(root, file)}:2:1: py-shell (high): runs a shell command or another program — os.system(`

async function warnings(root: string, file: string, env: Record<string, string> = {}): Promise<string[]> {
  const result = await runPhicode([file], { cwd: root, env })
  expect([result.code, result.stdout]).toEqual([0, 'ran\n'])
  return result.stderr.split('\n').filter((l) => l.includes('security'))
}

describe('security marks', () => {
  test('one warning per file and content, kept as empty security entries in no layer', async () => {
    const root = tempProject({ 'pyproject.toml': '', 'a.py': THREAT, 'b.py': THREAT })
    expect(await warnings(root, 'a.py')).toEqual([warning(root, 'a.py')])
    expect(await warnings(root, 'a.py')).toEqual([])
    // the same content in another file is another mark
    expect(await warnings(root, 'b.py')).toEqual([warning(root, 'b.py')])
    expect(await warnings(root, 'b.py')).toEqual([])
    writeFileSync(join(root, 'a.py'), THREAT.replace('true', 'true '))
    expect(await warnings(root, 'a.py')).toEqual([warning(root, 'a.py')])
    const stats = await report(root)
    expect(stats.kinds.security?.entries).toBe(3)
    const marks = packsOf(root, 'security').flatMap((p) => readPack(p).entries)
    expect(marks.map((m) => m.body.length)).toEqual([0, 0, 0])
    // marks are counted in no layer: a plain .py file has no transpiled entry
    expect(stats.layers.transpiled.entries).toBe(0)
  })

  test('with the transpiled layer or the cache off, nothing is remembered: every run warns', async () => {
    for (const env of [{ PHICODE_CACHE_TRANSPILED: 'off' }, { PHICODE_CACHE: 'off' }] as Array<Record<string, string>>) {
      const root = tempProject({ 'pyproject.toml': '', 'a.py': THREAT })
      for (let k = 0; k < 2; k++) expect(await warnings(root, 'a.py', env)).toEqual([warning(root, 'a.py')])
    }
  })
})

describe('the engine entries record', () => {
  test('a compiled phicode records its version, commit and build time, as --version --json gives them', async () => {
    const build = JSON.parse((await runPhicode(['--version', '--json'])).stdout) as { version: string; commit: string; date: string }
    expect(build.date).not.toBe('')
    const root = writeProject('typescript')
    await runPhicode(['main.φ'], { cwd: root })
    expect(readPack(packsOf(root, 'typescript')[0]!).engine).toBe(`${build.version}+${build.commit}.${build.date}`)
  })
})
