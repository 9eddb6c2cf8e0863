import { resolve } from 'node:path'
import { loadConfig } from '../config/load'
import { runAsBun, spawnAsBun } from '../runtime/bun/as-bun'
import { phiExtensions } from '../kinds'
import type { RunOutcome } from '../runtime/types'
import { log } from '../util/log'
import { readBunfigTest, type BunfigTest } from './_bunfig'
import { linkTests } from './_links'
import { watchSources } from './_watch'
import { parseTestArgs, type TestArgs } from './_args'
import { discoverTests } from './_discover'
import { isPythonProject, runPytest } from './_pytest'

export interface TestOptions {
  /** Everything after `--test`: path filters and `bun test`'s own flags. */
  args: string[]
  cwd: string
}

interface Plan {
  parsed: TestArgs
  /** bun test's working directory: phicode's, or bun's `--cwd`. */
  base: string
  phiExtensions: string[]
  bunfig: BunfigTest
}

/**
 * In a Python project, pytest with φ collection (see `_pytest.ts`). Elsewhere
 * `bun test` on the Bun inside phicode, with φ test files (`*.test.φ`, `*_test.φ`, `*.spec.φ`,
 * `*_spec.φ`) found beside Bun's own. phicode discovers them all and names them to Bun, which
 * would look at none of the φ ones. `--watch` re-runs on any source change, φ files included.
 */
export async function runTests(options: TestOptions): Promise<RunOutcome> {
  const parsed = parseTestArgs(options.args)
  const base = resolve(options.cwd, parsed.cwd ?? '.')
  const config = loadConfig(base)
  if (isPythonProject(base, config)) return runPytest(options.args, options.cwd)
  const plan = {
    parsed,
    base,
    phiExtensions: phiExtensions([config.config.file_extension]),
    bunfig: readBunfigTest(base, parsed.config),
  }
  return parsed.watch ? watchTests(plan, options.cwd) : testOnce(plan, options.cwd)
}

/** The files to hand to Bun, or undefined (after saying why) when there are none. */
function discover(plan: Plan): string[] | undefined {
  const { parsed, base, bunfig } = plan
  const { files, unmatched } = discoverTests({
    cwd: base,
    root: bunfig.root,
    phiExtensions: plan.phiExtensions,
    filters: parsed.filters,
    ignore: [...bunfig.pathIgnorePatterns, ...parsed.ignore],
  })
  if (files.length > 0) return files
  if (parsed.filters.length > 0) log.error(`no test file matches ${(unmatched.length > 0 ? unmatched : parsed.filters).join(', ')} under ${base}`)
  else log.error(`no test files under ${bunfig.root ?? base}: their names end in .test, _test, .spec or _spec before the extension (.φ, .phi, .ts, .js …)`)
  return undefined
}

async function testOnce(plan: Plan, cwd: string): Promise<RunOutcome> {
  const files = discover(plan)
  if (files === undefined) return { exitCode: plan.parsed.passWithNoTests ? 0 : 1 }
  const links = linkTests(files, plan.phiExtensions)
  try {
    return await runAsBun(['test', ...plan.parsed.flags, ...links.paths], { cwd })
  } finally {
    links.remove()
  }
}

const STOPPING = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/** Runs, then runs again after every change (stopping a run still going) until a signal stops phicode. */
async function watchTests(plan: Plan, cwd: string): Promise<RunOutcome> {
  const changes = watchSources(plan.base, plan.phiExtensions, plan.parsed.coverageDir)
  let stopped: NodeJS.Signals | undefined
  let wake = () => {}
  const stop = (signal: NodeJS.Signals) => {
    stopped = signal
    wake()
  }
  for (const signal of STOPPING) process.on(signal, stop)
  try {
    for (let round = 0; stopped === undefined; round++) {
      if (round > 0 && plan.parsed.clearScreen && process.stdout.isTTY) process.stdout.write('\u001b[2J\u001b[3J\u001b[H')
      const changed = changes.next()
      const interrupted = new Promise<void>((resolveStop) => (wake = resolveStop))
      const files = discover(plan)
      const links = files && linkTests(files, plan.phiExtensions)
      const child = links && (await spawnAsBun(['test', ...plan.parsed.flags, ...links.paths], { cwd }))
      await Promise.race([changed, interrupted])
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        await child.exited
      }
      links?.remove()
    }
  } finally {
    changes.close()
    for (const signal of STOPPING) process.off(signal, stop)
  }
  return { signal: stopped }
}
