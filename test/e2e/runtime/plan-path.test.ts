/**
 * What a run finds on PATH (its Python interpreter, phimmuno-engine) is part of its remembered
 * plan (src/runtime/plan.ts). The plan holds while each PATH folder's file of that name is as it
 * was: one appearing in an earlier folder, or becoming executable there, is found by the next run.
 * Expected outputs are written by hand.
 */
import { expect, test } from 'bun:test'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { runPhicode } from '../../helpers/binary'
import { required } from '../../helpers/prerequisites'
import { tempProject } from '../../helpers/tmp'

/** The executable behind `python3` (a pyenv shim is a script that finds it on every start). */
const PYTHON = Bun.spawnSync([required('python3'), '-c', 'import sys; print(sys.executable)']).stdout.toString().trim()

/** A python3 whose `sys.executable` is its own path: phicode remembers and runs that path. */
const namedPython = `#!/bin/bash\nexec -a "$0" ${PYTHON} "$@"\n`

/** A project with two PATH folders of its own ahead of the machine's: `early` (empty) and `late`, holding python3. */
function project(files: Record<string, string>): { dir: string; early: string; env: Record<string, string> } {
  const dir = tempProject({ ...files, 'late/python3': namedPython }, 'phicode-plan-path-')
  chmodSync(join(dir, 'late/python3'), 0o755)
  const early = join(dir, 'early')
  mkdirSync(early)
  const PATH = [early, join(dir, 'late'), process.env.PATH].join(delimiter)
  return { dir, early, env: { PATH, PHICODE_HOME: join(dir, '.home'), PHICODE_SLOW_START_MS: '600000' } }
}

async function run(p: { dir: string; env: Record<string, string> }, args: string[]) {
  const result = await runPhicode(args, { cwd: p.dir, env: p.env })
  return { code: result.code, stdout: result.stdout, stderr: result.stderr }
}

const PRINTS_EXECUTABLE = { 'pyproject.toml': '', 'app.φ': '⇒ sys\nπ(sys.executable)\n' }

test('a python3 new in an earlier PATH folder runs the next run', async () => {
  const p = project(PRINTS_EXECUTABLE)
  const before = { code: 0, stdout: `${join(p.dir, 'late/python3')}\n`, stderr: '' }
  expect(await run(p, ['app.φ'])).toEqual(before)
  expect(await run(p, ['app.φ'])).toEqual(before)
  writeFileSync(join(p.early, 'python3'), namedPython)
  chmodSync(join(p.early, 'python3'), 0o755)
  expect(await run(p, ['app.φ'])).toEqual({ code: 0, stdout: `${join(p.early, 'python3')}\n`, stderr: '' })
})

test('a python3 in an earlier PATH folder that becomes executable runs the next run', async () => {
  const p = project(PRINTS_EXECUTABLE)
  writeFileSync(join(p.early, 'python3'), namedPython)
  chmodSync(join(p.early, 'python3'), 0o644)
  const before = { code: 0, stdout: `${join(p.dir, 'late/python3')}\n`, stderr: '' }
  expect(await run(p, ['app.φ'])).toEqual(before)
  expect(await run(p, ['app.φ'])).toEqual(before)
  chmodSync(join(p.early, 'python3'), 0o755)
  expect(await run(p, ['app.φ'])).toEqual({ code: 0, stdout: `${join(p.early, 'python3')}\n`, stderr: '' })
})

test('a phimmuno-engine new on PATH checks the next run of a planned φ-TypeScript program', async () => {
  const p = project({ 'package.json': '{}', 'app.φ': '// phicode: typescript\nπ("EVIL")\n' })
  const before = { code: 0, stdout: 'EVIL\n', stderr: '' }
  // The third run starts from the walk kept with the plan.
  for (let k = 0; k < 3; k++) expect(await run(p, ['app.φ'])).toEqual(before)
  writeFileSync(join(p.early, 'phimmuno-engine'), '#!/bin/sh\nif grep -q EVIL; then echo "EVIL marker found"; exit 1; fi\nexit 0\n')
  chmodSync(join(p.early, 'phimmuno-engine'), 0o755)
  expect(await run(p, ['app.φ'])).toEqual({
    code: 0,
    stdout: 'EVIL\n',
    stderr: `phicode: warning: security: ${join(p.dir, 'app.φ')}:1:1: phimmuno (high): EVIL marker found\n`,
  })
})
