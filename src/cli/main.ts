import { defineCommand, parseArgs, renderUsage } from 'citty'
import { EXIT, PhicodeError } from '../errors'
import { BUILD } from '../version'
import { ARGS } from './args'
import { splitArgv } from './argv'
import { configGenerateCommand, configResetCommand } from './commands/config'
import { convertCommand } from './commands/convert'
import { printVersion } from './commands/version'
import { configureLogging, forStream } from './output'

export const command = defineCommand({
  meta: {
    name: 'phicode',
    version: BUILD.version,
    description: 'Run, convert and serve φ-syntax Python and TypeScript from one executable.',
  },
  args: ARGS,
})

function parse(own: string[]) {
  try {
    return parseArgs<typeof ARGS>(own, ARGS)
  } catch (error) {
    throw new PhicodeError(forStream((error as Error).message, process.stderr), EXIT.USAGE)
  }
}

/** The actions that exclude one another; at most one may be asked for. */
const ACTIONS = ['version', 'convert', 'config-generate', 'config-reset'] as const

/** Parses the command line and runs what it asks for; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const { own } = splitArgv(argv, ARGS)
  const args = parse(own)
  configureLogging(args.debug === true)
  if (args.help) {
    process.stdout.write(forStream(await renderUsage(command), process.stdout) + '\n')
    return 0
  }
  const asked = ACTIONS.filter((a) => args[a] !== undefined && args[a] !== false)
  if (asked.length > 1) throw new PhicodeError(`--${asked[0]} and --${asked[1]} cannot be combined`, EXIT.USAGE)
  if (args.version) return printVersion(args.json === true)
  if (args.convert !== undefined) return convertCommand({ ...args, convert: args.convert })
  if (args['config-generate']) return configGenerateCommand(args.force === true, args.json === true)
  if (args['config-reset']) return configResetCommand(args.json === true)
  process.stdout.write(forStream(await renderUsage(command), process.stdout) + '\n')
  return EXIT.USAGE
}
