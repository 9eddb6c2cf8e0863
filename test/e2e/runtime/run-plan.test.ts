/**
 * A run remembers what it decided before the program started (entry, dialect, interpreter, a
 * quiet security check) and the next run of the same command line replays it while nothing it
 * was decided from changed (src/runtime/plan.ts). These tests change one such thing between two
 * runs and expect the second run to see it; expected outputs are written by hand.
 */
import { describe, expect, test } from 'bun:test'
import { mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { tempProject } from '../../helpers/tmp'

function project(files: Record<string, string>): { dir: string; home: string } {
  const dir = tempProject(files, 'phicode-plan-')
  return { dir, home: join(dir, '.home') }
}

async function run(p: { dir: string; home: string }, args: string[], cwd = p.dir) {
  const result = await runPhicode(args, { cwd, env: { PHICODE_HOME: p.home } })
  return { code: result.code, stdout: result.stdout, stderr: result.stderr }
}

const plans = (p: { home: string }): string[] => readdirSync(join(p.home, 'plans'))

describe('a remembered run plan', () => {
  test('is written by a quiet run and replayed by the next, with the same result', async () => {
    const p = project({ 'pyproject.toml': '', 'app.φ': '⇒ sys\nπ(sys.argv[1:])\nsys.exit(3)\n' })
    const first = await run(p, ['app.φ', 'a', '--b'])
    expect(first).toEqual({ code: 3, stdout: "['a', '--b']\n", stderr: '' })
    expect(plans(p)).toHaveLength(1)
    // The interpreter is started from the plan, before the config and cache are opened.
    expect(await run(p, ['app.φ', 'a', '--b'])).toEqual(first)
    expect(plans(p)).toHaveLength(1)
  })

  test('is not trusted once the entry changes (its pragma decides the dialect)', async () => {
    const p = project({ 'package.json': '{}', 'x.φ': '// phicode: typescript\nπ([1, 2])\n' })
    expect((await run(p, ['x.φ'])).stdout).toBe('[ 1, 2 ]\n')
    writeFileSync(join(p.dir, 'x.φ'), '# phicode: python\nπ([1, 2])\n')
    expect((await run(p, ['x.φ'])).stdout).toBe('[1, 2]\n')
  })

  test('is not trusted once the entry changes in place at the same size', async () => {
    const before = '// phicode: typescript\nπ([1, 2])\n'
    const after = '# phicode: python\nπ([1, 2])     \n'
    expect(after.length).toBe(before.length)
    const p = project({ 'package.json': '{}', 'x.φ': before })
    const entry = join(p.dir, 'x.φ')
    expect((await run(p, ['x.φ'])).stdout).toBe('[ 1, 2 ]\n')
    const { mtime } = statSync(entry)
    writeFileSync(entry, after)
    // A later modification time without waiting for the clock to move.
    utimesSync(entry, mtime, new Date(mtime.getTime() + 5000))
    expect((await run(p, ['x.φ'])).stdout).toBe('[1, 2]\n')
  })

  test('is not trusted once a nearer project marker appears', async () => {
    const p = project({ '.git/HEAD': '', 'package.json': '{}', 'app/x.φ': 'π([1, 2])\n' })
    const cwd = join(p.dir, 'app')
    expect((await run(p, ['x.φ'], cwd)).stdout).toBe('[ 1, 2 ]\n')
    writeFileSync(join(cwd, 'pyproject.toml'), '')
    expect((await run(p, ['x.φ'], cwd)).stdout).toBe('[1, 2]\n')
  })

  test('is not trusted once a config says otherwise', async () => {
    const p = project({ 'package.json': '{}', 'x.φ': 'π([1, 2])\n' })
    expect((await run(p, ['x.φ'])).stdout).toBe('[ 1, 2 ]\n')
    mkdirSync(join(p.dir, '.(φ)'))
    writeFileSync(join(p.dir, '.(φ)', 'config.json'), '{"language": "python"}\n')
    expect((await run(p, ['x.φ'])).stdout).toBe('[1, 2]\n')
  })

  test('is not trusted once a module name would find another file', async () => {
    const p = project({ 'package.json': '{}', 'app.ts': 'console.log("app.ts")\n' })
    expect((await run(p, ['app'])).stdout).toBe('app.ts\n')
    // φ files come before plain ones for a module name.
    writeFileSync(join(p.dir, 'app.φ'), 'π("app.φ")\n')
    expect((await run(p, ['app'])).stdout).toBe('app.φ\n')
  })

  test('is not kept when the run printed a warning, so the warning is printed every time', async () => {
    const p = project({ 'package.json': '{}', '.(φ)/config.json': '{"unknown_field": 1}\n', 'x.φ': 'π("ok")\n' })
    for (let k = 0; k < 2; k++) {
      const result = await run(p, ['x.φ'])
      expect(result.stdout).toBe('ok\n')
      expect(result.stderr).toContain("unknown field 'unknown_field' ignored")
    }
    expect(() => plans(p)).toThrow()
  })
})
