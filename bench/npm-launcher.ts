/**
 * What the npm package's `phicode` command costs over running the executable directly: median
 * wall time of `--version` each way, interleaved, after packing this machine's tarballs from
 * dist/phicode and installing them offline into a scratch project. `--node` adds another Node
 * (one with process.execve, 22.15+, when the machine's is older: the launcher execs there).
 *   bun bench/npm-launcher.ts [--runs 30] [--node /path/to/node]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hostTarget, packMain, packPlatform } from '../build/npm'
import { installTarballs, offlineNpmEnv } from '../build/npm/offline'
import { BUN, numberOption, PHICODE, stringOption } from './_cli'
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
  const nodes = [Bun.which('node', { PATH: env.PATH })!, ...(stringOption('--node') ? [stringOption('--node')!] : [])]
  const nodeVersion = (node: string) => Bun.spawnSync([node, '--version']).stdout.toString().trim()

  const commands: Record<string, string[]> = {
    'the executable itself': [PHICODE, '--version'],
    [`launcher on Bun ${Bun.version} (bun node_modules/.bin/phicode)`]: [BUN, launcher, '--version'],
    ...Object.fromEntries(nodes.map((node) => [`launcher on Node ${nodeVersion(node)} (node node_modules/.bin/phicode)`, [node, launcher, '--version']])),
    'npx phicode': ['npx', 'phicode', '--version'],
    ...Object.fromEntries(nodes.map((node) => [`baseline: Node ${nodeVersion(node)} -e ""`, [node, '-e', '']])),
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
