import { expect, test } from 'bun:test'
import { join } from 'node:path'
import { parse } from 'yaml'
import { archiveName, binaryName, TARGETS, targetName } from '../../../build/targets'
import { ROOT } from '../../helpers/root'
import { tempDir } from '../../helpers/tmp'

interface Job {
  needs?: string | string[]
  'runs-on': string
  strategy?: { matrix: { include: { os: string; target: string; archive: string; binary: string }[] } }
  steps: { name?: string; run?: string; if?: string }[]
}

const workflow = parse(await Bun.file(join(ROOT, '.github/workflows/release.yml')).text()) as { jobs: Record<string, Job> }

test('the release workflow smoke-tests every macOS and Windows artifact, and the x64 musl one, on its own system before publishing', () => {
  const { smoke, publish } = workflow.jobs
  const musl = workflow.jobs['smoke-musl']
  expect(smoke?.needs).toBe('build')
  expect(musl?.needs).toBe('build')
  expect(publish?.needs).toEqual(['build', 'smoke', 'smoke-musl'])
  expect(musl!.steps.find((s) => s.name === 'Smoke list')?.run).toBe('npx --no-install bun build/smoke.ts smoke-bin/phicode')
  expect(musl!.steps.some((s) => s.run?.includes('phicode-linux-x64-musl.tar.gz') && s.run.includes('sha256sum -c'))).toBe(true)
  const matrix = smoke!.strategy!.matrix.include
  expect(matrix.map((m) => [m.os, m.target])).toEqual([['macos-15', 'darwin-arm64'], ['macos-15-intel', 'darwin-x64'], ['windows-latest', 'windows-x64']])
  for (const m of matrix) {
    const target = TARGETS.find((t) => targetName(t) === m.target)!
    expect([m.archive, m.binary]).toEqual([archiveName(target), binaryName(target)])
  }
  expect(smoke!.steps.find((s) => s.name === 'Smoke list')?.run).toBe('npx --no-install bun build/smoke.ts smoke-bin/${{ matrix.binary }}')
  expect(smoke!.steps.some((s) => s.run?.includes('codesign --verify --strict') && s.if === "runner.os == 'macOS'")).toBe(true)
})

test('install.ps1 fetches the Windows archive the release builds, and installs where install.sh does', async () => {
  const ps1 = await Bun.file(join(ROOT, 'install.ps1')).text()
  const windows = TARGETS.find((t) => t.os === 'windows')!
  expect(ps1).toContain(`$Archive = '${archiveName(windows)}'`)
  expect(ps1).toContain(`'${binaryName(windows)}'`)
  expect(ps1).toContain("Join-Path $env:USERPROFILE '.phicode\\bin'")
  expect(await Bun.file(join(ROOT, 'install.sh')).text()).toContain('/.phicode/bin}')
})

/** action-validator checks a workflow against GitHub's published schema: the nearest thing to running it here. */
function validate(file: string) {
  const r = Bun.spawnSync([join(ROOT, 'node_modules/.bin/action-validator'), file], { stdout: 'pipe', stderr: 'pipe' })
  return { code: r.exitCode, out: r.stdout.toString() + r.stderr.toString() }
}

test('release.yml is a valid workflow by GitHub\'s schema (and the validator does reject a broken one)', async () => {
  expect(validate(join(ROOT, '.github/workflows/release.yml'))).toEqual({ code: 0, out: '' })
  const broken = join(tempDir('phicode-workflow-'), 'broken.yml')
  await Bun.write(broken, (await Bun.file(join(ROOT, '.github/workflows/release.yml')).text()).replace('runs-on: ubuntu-latest', 'runs-onn: ubuntu-latest'))
  expect(validate(broken).code).not.toBe(0)
})
