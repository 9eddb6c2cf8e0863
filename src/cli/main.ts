import { EXIT, PhicodeError } from '../errors'
import type { RunOutcome } from '../runtime/types'
import { SUPERVISE_FLAG } from '../daemon/types'
import { ARGS, PHIEMON_ACTIONS, PHIEMON_OPTIONS } from './args'
import { parseArgv } from './argv'

/** The actions that exclude one another; at most one may be asked for. */
const ACTIONS = [
  'version', 'convert', 'config-generate', 'config-reset', 'list-interpreters', 'show-versions', 'cache-stats', 'cache-clear',
  'api-server', 'security-status', 'security-install', 'benchmark', 'test', 'build', ...PHIEMON_ACTIONS,
] as const

/** Options that only mean something beside another one. */
const NEEDS: Array<[option: keyof typeof ARGS, needs: keyof typeof ARGS]> = [
  ['api-port', 'api-server'], ['api-host', 'api-server'], ['full', 'benchmark'], ['scenarios', 'benchmark'],
  ['in-place', 'convert'], ['check', 'convert'],
  ['outdir', 'build'], ['outfile', 'build'], ['compile', 'build'], ['target', 'build'], ['minify', 'build'], ['sourcemap', 'build'],
]

/**
 * Every word after `--test` belongs to bun test (`--watch`, `-t name`, `--coverage` are its own
 * there), so only the words before it are phicode's. A `--test` after a module is the module's.
 */
function splitTestArgs(argv: readonly string[]): { argv: readonly string[]; testArgs: string[] } {
  const at = argv.indexOf('--test')
  const end = argv.indexOf('--')
  if (at < 0 || (end >= 0 && end < at)) return { argv, testArgs: [] }
  const before = argv.slice(0, at + 1)
  if (parseArgv(before, ARGS).args.module !== undefined) return { argv, testArgs: [] }
  return { argv: before, testArgs: argv.slice(at + 1) }
}

/**
 * Parses the command line and does what it asks: an exit code, or how the module's run ended
 * (`in-process` when the module now owns this process).
 */
export async function main(argv: readonly string[]): Promise<number | RunOutcome | 'in-process'> {
  // A daemon's supervisor is phicode started by phicode; it is not a user-facing option.
  if (argv[0] === SUPERVISE_FLAG) return (await import('./commands/phiemon')).superviseCommand(argv[1])
  const { argv: own, testArgs } = splitTestArgs(argv)
  const { args, moduleArgs } = parseArgv(own, ARGS)
  if (args.help) return (await import('./commands/help')).printHelp()
  const asked = ACTIONS.filter((a) => args[a] !== undefined && args[a] !== false)
  if (asked.length > 1) throw new PhicodeError(`--${asked[0]} and --${asked[1]} cannot be combined`, EXIT.USAGE)
  for (const [option, needs] of NEEDS) {
    if (args[option] !== undefined && !args[needs]) throw new PhicodeError(`--${option} needs --${needs}`, EXIT.USAGE)
  }
  // Commands load on demand: every module evaluated at start-up delays every run.
  if (args.version) return (await import('./commands/version')).printVersion(args.json === true)
  if (args.convert !== undefined) {
    return (await import('./commands/convert')).convertCommand({ ...args, convert: args.convert }, [args.module, ...moduleArgs])
  }
  if (args['config-generate']) return (await import('./commands/config')).configGenerateCommand(args.force === true, args.json === true)
  if (args['config-reset']) return (await import('./commands/config')).configResetCommand(args.json === true)
  if (args['list-interpreters']) return (await import('./commands/interpreters')).listInterpretersCommand(args.json === true)
  if (args['show-versions']) return (await import('./commands/interpreters')).showVersionsCommand(args.json === true)
  if (args['cache-stats']) return (await import('./commands/cache')).cacheStatsCommand(args.json === true)
  if (args['cache-clear']) return (await import('./commands/cache')).cacheClearCommand(args.json === true)
  if (args['api-server']) return (await import('./commands/server')).apiServerCommand(args)
  if (args['security-status']) return (await import('./commands/security')).securityStatusCommand(args.json === true)
  if (args['security-install']) return (await import('./commands/security')).securityInstallCommand(args.json === true)
  if (args.benchmark) return (await import('./commands/benchmark')).benchmarkCommand(args)
  if (args.test) return (await import('./commands/test')).testCommand(args, testArgs)
  if (args.build !== undefined) return (await import('./commands/build')).buildCommand({ ...args, build: args.build })
  const phiemon = PHIEMON_ACTIONS.find((a) => asked.includes(a))
  if (phiemon || Object.keys(PHIEMON_OPTIONS).some((o) => args[o as keyof typeof args] !== undefined)) {
    return (await import('./commands/phiemon')).phiemonMain(phiemon, args, moduleArgs)
  }
  return (await import('./commands/run')).runModuleCommand(args, moduleArgs)
}
