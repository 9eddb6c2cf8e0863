import { defineCommand, parseArgs, renderUsage } from 'citty'
import { EXIT, PhicodeError } from '../errors'
import { BUILD } from '../version'
import { ARGS } from './args'
import { splitArgv } from './argv'
import { configGenerateCommand, configResetCommand } from './commands/config'
import { convertCommand } from './commands/convert'
import { listInterpretersCommand, showVersionsCommand } from './commands/interpreters'
import { runModuleCommand } from './commands/run'
import { securityInstallCommand, securityStatusCommand } from './commands/security'
import { apiServerCommand } from './commands/server'
import { printVersion } from './commands/version'
import { forStream } from './output'
import type { RunOutcome } from '../runtime/types'

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
const ACTIONS = [
  'version', 'convert', 'config-generate', 'config-reset', 'list-interpreters', 'show-versions',
  'api-server', 'security-status', 'security-install',
] as const

/** Options that only mean something beside another one. */
const NEEDS: Array<[option: 'api-port' | 'api-host', needs: 'api-server']> = [['api-port', 'api-server'], ['api-host', 'api-server']]

/**
 * Parses the command line and does what it asks: an exit code, or how the module's run ended
 * (`in-process` when the module now owns this process).
 */
export async function main(argv: readonly string[]): Promise<number | RunOutcome | 'in-process'> {
  const { own, moduleArgs } = splitArgv(argv, ARGS)
  const args = parse(own)
  if (args.help) {
    process.stdout.write(forStream(await renderUsage(command), process.stdout) + '\n')
    return 0
  }
  const asked = ACTIONS.filter((a) => args[a] !== undefined && args[a] !== false)
  if (asked.length > 1) throw new PhicodeError(`--${asked[0]} and --${asked[1]} cannot be combined`, EXIT.USAGE)
  for (const [option, needs] of NEEDS) {
    if (args[option] !== undefined && !args[needs]) throw new PhicodeError(`--${option} needs --${needs}`, EXIT.USAGE)
  }
  if (args.version) return printVersion(args.json === true)
  if (args.convert !== undefined) return convertCommand({ ...args, convert: args.convert })
  if (args['config-generate']) return configGenerateCommand(args.force === true, args.json === true)
  if (args['config-reset']) return configResetCommand(args.json === true)
  if (args['list-interpreters']) return listInterpretersCommand(args.json === true)
  if (args['show-versions']) return showVersionsCommand(args.json === true)
  if (args['api-server']) return apiServerCommand(args)
  if (args['security-status']) return securityStatusCommand(args.json === true)
  if (args['security-install']) return securityInstallCommand(args.json === true)
  return runModuleCommand(args, moduleArgs)
}
