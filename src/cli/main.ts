import type { RunOutcome } from '../runtime/types'
import { SUPERVISE_FLAG } from '../daemon/types'
import { CHANNEL_FLAG } from '../runtime/python/types'
import { BARE_SERVER_FLAG } from '../bench/types'
import { ARGS, type PhiemonAction } from './args'
import { parseArgv } from './argv'
import { chooseCommand } from './check'
import type { ParsedArgs } from './types'
import { configureLogging, reportError } from './output'

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

type Outcome = number | RunOutcome | 'in-process'
/** What a command is given: the options, the module's words, and bun test's words after `--test`. */
interface Call {
  args: ParsedArgs<typeof ARGS>
  moduleArgs: string[]
  testArgs: string[]
  json: boolean
}

/** Each command's module loads on demand: every module evaluated at start-up delays every run (cold.ts says why most share one import). */
const COMMANDS: Record<string, (call: Call) => Promise<Outcome>> = {
  version: async ({ json }) => (await import('./commands/version')).printVersion(json),
  // The paths after the first: the parser reads the first as a module name, the rest as its words.
  convert: async ({ args, moduleArgs }) => (await import('./commands/cold')).convertCommand({ ...args, convert: args.convert! }, [args.module, ...moduleArgs]),
  'config-generate': async ({ args, json }) => (await import('./commands/cold')).configGenerateCommand(args.force === true, json),
  'config-reset': async ({ json }) => (await import('./commands/cold')).configResetCommand(json),
  'list-interpreters': async ({ json }) => (await import('./commands/cold')).listInterpretersCommand(json),
  'show-versions': async ({ json }) => (await import('./commands/cold')).showVersionsCommand(json),
  'cache-stats': async ({ json }) => (await import('./commands/cold')).cacheStatsCommand(json),
  'cache-clear': async ({ json }) => (await import('./commands/cold')).cacheClearCommand(json),
  'python-install-hook': async ({ args, json }) => (await import('./commands/cold')).pythonInstallHookCommand(args.user === true, json),
  'api-server': async ({ args }) => (await import('./commands/server')).apiServerCommand(args),
  'security-status': async ({ json }) => (await import('./commands/cold')).securityStatusCommand(json),
  'security-install': async ({ json }) => (await import('./commands/cold')).securityInstallCommand(json),
  benchmark: async ({ args }) => (await import('./commands/benchmark')).benchmarkCommand(args),
  test: async ({ args, testArgs }) => (await import('./commands/cold')).testCommand(args, testArgs),
  build: async ({ args }) => (await import('./commands/cold')).buildCommand({ ...args, build: args.build! }),
  lsp: async () => (await import('./commands/lsp')).lspCommand(),
  check: async ({ args, moduleArgs, json }) =>
    (await import('./commands/typecheck')).typecheckCommand([args.module, ...moduleArgs].filter((p) => p !== undefined), args.dialect, json),
  repl: async ({ args }) => (await import('./commands/repl')).replCommand(args),
  symbols: async ({ args, json }) => (await import('./commands/cold')).symbolsCommand(args.dialect, json),
  code: async ({ args, moduleArgs }) => (await import('./commands/code')).codeCommand(args, args.code, moduleArgs),
  run: async ({ args, moduleArgs }) =>
    args.module === '-'
      ? (await import('./commands/code')).codeCommand(args, undefined, moduleArgs)
      : (await import('./commands/run')).runModuleCommand(args, moduleArgs),
}

/**
 * Parses the command line and does what it asks: an exit code, or how the module's run ended
 * (`in-process` when the module now owns this process).
 */
export async function main(argv: readonly string[]): Promise<Outcome> {
  configureLogging(ownDebugFlag(argv))
  // A daemon's supervisor is phicode started by phicode; it is not a user-facing option.
  if (argv[0] === SUPERVISE_FLAG) return (await import('./commands/phiemon')).superviseCommand(argv[1])
  // So is the `phicode` Python package's converter, started by the package.
  if (argv[0] === CHANNEL_FLAG) return (await import('../runtime/python/channel')).servePythonChannel(argv[1])
  // And the API benchmark's baseline server, started by --benchmark.
  if (argv[0] === BARE_SERVER_FLAG) return (await import('../bench/bare-server')).serveBare()
  const { argv: own, testArgs } = splitTestArgs(argv)
  const { args, moduleArgs } = parseArgv(own, ARGS)
  if (args.help) return (await import('./commands/help')).printHelp()
  const command = chooseCommand(args, moduleArgs, ARGS)
  const call = COMMANDS[command]
  if (call) return call({ args, moduleArgs, testArgs, json: args.json === true })
  // The rest are --phiemon and its actions, all served by one module.
  return (await import('./commands/phiemon')).phiemonMain(command as PhiemonAction, args, moduleArgs)
}

/** phicode's own --debug; one after `--` belongs to the module (the API passes user arguments that way). */
function ownDebugFlag(argv: readonly string[]): boolean {
  try {
    return parseArgv(argv, ARGS).args.debug === true
  } catch {
    return argv.includes('--debug')
  }
}

/** The exit code for what `main` or a planned run threw, reported on stderr. */
export function reportFailure(error: unknown, argv: readonly string[]): number {
  return reportError(error, ownDebugFlag(argv))
}
