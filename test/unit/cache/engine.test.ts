/**
 * The engine an entry records, when phicode runs from source: the version and the newest
 * change (mtime, in base-36 milliseconds, written out here by hand) among the files of the four
 * folders that produce entries. Checked on a copy of src/ whose times the test sets.
 */
import { describe, expect, test } from 'bun:test'
import { cpSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../helpers/root'
import { tempDir } from '../../helpers/tmp'

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version

/** A copy of src/ and package.json with every file and folder of src/ dated `seconds`. */
function copyDated(seconds: number): string {
  const dir = tempDir('phicode-engine-')
  cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true })
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'))
  for (const entry of readdirSync(join(dir, 'src'), { recursive: true, withFileTypes: true })) utimesSync(join(entry.parentPath, entry.name), seconds, seconds)
  return dir
}

function engineOf(dir: string): string {
  const result = Bun.spawnSync([process.execPath, '-e', `import { ENGINE } from './src/cache/engine'; process.stdout.write(ENGINE)`], { cwd: dir, stderr: 'pipe' })
  if (!result.success) throw new Error(result.stderr.toString())
  return result.stdout.toString()
}

describe('ENGINE from source', () => {
  test('the newest change among transpile/, cache/, runtime/node/ and runtime/python/ names it', () => {
    const dir = copyDated(1_600_000_000)
    expect(engineOf(dir)).toBe(`${version}+source.kf12ot8g`)
    const cases: Array<[string, number, string]> = [
      ['src/runtime/python/index.ts', 1_700_000_000, 'loyw3v28'],
      ['src/runtime/node/_data.ts', 1_700_000_100, 'loyw6080'],
      ['src/cache/digest.ts', 1_700_000_200, 'loyw85ds'],
      ['src/transpile/convert.ts', 1_700_000_300, 'loywaajk'],
    ]
    for (const [path, seconds, suffix] of cases) {
      utimesSync(join(dir, path), seconds, seconds)
      expect([path, engineOf(dir)]).toEqual([path, `${version}+source.${suffix}`])
    }
  })
  test('files elsewhere play no part; a folder missing from the checkout is skipped', () => {
    const dir = copyDated(1_600_000_000)
    utimesSync(join(dir, 'src/server'), 1_700_000_000, 1_700_000_000)
    writeFileSync(join(dir, 'src/runtime/newer.ts'), '')
    utimesSync(join(dir, 'src/runtime/newer.ts'), 1_700_000_000, 1_700_000_000)
    utimesSync(join(dir, 'src/runtime'), 1_600_000_000, 1_600_000_000)
    expect(engineOf(dir)).toBe(`${version}+source.kf12ot8g`)
    rmSync(join(dir, 'src/runtime/node'), { recursive: true })
    utimesSync(join(dir, 'src/runtime/python/index.ts'), 1_700_000_000, 1_700_000_000)
    expect(engineOf(dir)).toBe(`${version}+source.loyw3v28`)
  })
})
