/**
 * What the npm package's `phicode` command costs over running the executable directly: median
 * wall time of `--version` each way, interleaved, after packing this machine's tarballs from
 * dist/phicode and installing them offline into a scratch project.
 *   bun bench/npm-launcher.ts [--runs 30]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hostTarget, packMain, packPlatform } from '../build/npm'
import { installTarballs, offlineNpmEnv } from '../build/npm/offline'
import { BUN, numberOption, PHICODE } from './_cli'
import { markdownTable, median, timeInterleaved } from './_stats'

const runs = numberOption('--runs', 30)
const scratch = mkdtempSync(join(tmpdir(), 'phicode-bench-npm-'))
try {
  mkdirSync(join(scratch, 'tarballs'))
  const tarballs = await Promise.all([packMain(join(scratch, 'tarballs')), packPlatform(hostTarget(), PHICODE, join(scratch, 'tarballs'))])
  const env = offlineNpmEnv(scratch)
  const project = join(scratch, 'app')
  await installTarballs(project, tarballs, env)
  const launcher = join(project, 'node_modules/.bin/phicode')
  const node = Bun.which('node', { PATH: env.PATH })!

  const commands: Record<string, string[]> = {
    'the executable itself': [PHICODE, '--version'],
    [`launcher on Node ${Bun.spawnSync([node, '--version']).stdout.toString().trim()} (node_modules/.bin/phicode)`]: [launcher, '--version'],
    [`launcher on Bun ${Bun.version} (bun node_modules/.bin/phicode)`]: [BUN, launcher, '--version'],
    'npx phicode': ['npx', 'phicode', '--version'],
    'baseline: node -e ""': [node, '-e', ''],
  }
  const once = (cmd: string[]) => () => {
    const r = Bun.spawnSync(cmd, { cwd: project, env, stdout: 'ignore', stderr: 'ignore' })
    if (!r.success) throw new Error(`${cmd.join(' ')} failed`)
  }
  const times = timeInterleaved(Object.values(commands).map(once), { warmupMs: 1000, minRuns: runs, minMs: 0 })
  const direct = median(times[0]!)
  const rows = Object.keys(commands).map((name, k) => {
    const ms = median(times[k]!)
    return [name, ms.toFixed(1), k === 0 || name.startsWith('baseline') ? '' : `+${(ms - direct).toFixed(1)}`]
  })
  console.log(`Medians of ${times[0]!.length} interleaved runs of \`--version\`:\n`)
  console.log(markdownTable(['command', 'ms', 'over the executable'], rows))
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
