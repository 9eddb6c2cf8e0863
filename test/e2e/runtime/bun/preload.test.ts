/**
 * The preload a Bun child of phicode gets (here through a project with experimentalDecorators,
 * which runs `bun main.φ` in a child): written once, left as it is by later runs, and a refusal
 * naming both places when neither can be written. Expected texts are written by hand.
 */
import { describe, expect, test } from 'bun:test'
import { readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../../helpers/binary'
import { tempDir, tempProject } from '../../../helpers/tmp'

const decorated = () =>
  tempProject({
    'package.json': '{}',
    'tsconfig.json': JSON.stringify({ compilerOptions: { experimentalDecorators: true } }),
    'main.φ': 'π("child", 6 * 7)\n',
  })

describe('the preload of a Bun child', () => {
  test('a second run finds it written and leaves it as it is', async () => {
    const dir = decorated()
    const home = join(tempDir(), 'home')
    const env = { PHICODE_HOME: home, TMPDIR: tempDir() }
    expect(await runPhicode(['main.φ'], { cwd: dir, env })).toEqual({ code: 0, stdout: 'child 42\n', stderr: '' })
    const folder = join(home, 'bun/node_modules/.phicode')
    const [name] = readdirSync(folder)
    const before = statSync(join(folder, name!))
    expect(await runPhicode(['main.φ'], { cwd: dir, env })).toEqual({ code: 0, stdout: 'child 42\n', stderr: '' })
    // A rewrite renames a new file into place: another inode.
    const after = statSync(join(folder, name!))
    expect({ ino: after.ino, mtime: after.mtimeMs }).toEqual({ ino: before.ino, mtime: before.mtimeMs })
    expect(readdirSync(folder)).toEqual([name!])
  })

  test('neither PHICODE_HOME nor the temporary folder can be written: exit 73 naming both, the cause under --debug', async () => {
    const dir = decorated()
    const blocked = join(tempDir(), 'a-file')
    writeFileSync(blocked, '')
    const env = { PHICODE_HOME: join(blocked, 'home'), TMPDIR: blocked }
    const result = await runPhicode(['main.φ'], { cwd: dir, env })
    const tmpPlace = join(blocked, `phicode-${process.getuid!()}`)
    const reason = `ENOTDIR: not a directory, mkdir '${tmpPlace}/bun/node_modules/.phicode'`
    expect(result.code).toBe(73)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(`phicode: error: cannot write the φ preload under ${join(blocked, 'home')} or ${tmpPlace}: ${reason}\n`)
    const debug = await runPhicode(['--debug', 'main.φ'], { cwd: dir, env })
    expect(debug.code).toBe(73)
    expect(debug.stderr).toContain(`\nphicode: debug: caused by Error: ${reason}`)
  })
})
