import type { RunOutcome } from '../runtime/types'
import { SUPERVISE_FLAG } from '../daemon/types'
import { ARGS, type PhiemonAction } from './args'
import { parseArgv } from './argv'
import { chooseCommand } from './check'

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
  const command = chooseCommand(args, moduleArgs, ARGS)
  // Commands load on demand: every module evaluated at start-up delays every run.
  switch (command) {
    case 'version':
      return (await import('./commands/version')).printVersion(args.json === true)
    case 'convert':
      // The paths after the first: the parser reads the first as a module name, the rest as its words.
      return (await import('./commands/convert')).convertCommand({ ...args, convert: args.convert! }, [args.module, ...moduleArgs])
    case 'config-generate':
      return (await import('./commands/config')).configGenerateCommand(args.force === true, args.json === true)
    case 'config-reset':
      return (await import('./commands/config')).configResetCommand(args.json === true)
    case 'list-interpreters':
      return (await import('./commands/interpreters')).listInterpretersCommand(args.json === true)
    case 'show-versions':
      return (await import('./commands/interpreters')).showVersionsCommand(args.json === true)
    case 'cache-stats':
      return (await import('./commands/cache')).cacheStatsCommand(args.json === true)
    case 'cache-clear':
      return (await import('./commands/cache')).cacheClearCommand(args.json === true)
    case 'api-server':
      return (await import('./commands/server')).apiServerCommand(args)
    case 'security-status':
      return (await import('./commands/security')).securityStatusCommand(args.json === true)
    case 'security-install':
      return (await import('./commands/security')).securityInstallCommand(args.json === true)
    case 'benchmark':
      return (await import('./commands/benchmark')).benchmarkCommand(args)
    case 'test':
      return (await import('./commands/test')).testCommand(args, testArgs)
    case 'build':
      return (await import('./commands/build')).buildCommand({ ...args, build: args.build! })
    case 'run':
      return (await import('./commands/run')).runModuleCommand(args, moduleArgs)
    default:
      return (await import('./commands/phiemon')).phiemonMain(command as PhiemonAction, args, moduleArgs)
  }
}
